"""ABII's rules for the CIIP credential, kept as data in one place.

Everything here is a published fact that ABII may change; when it does, this module is the only
place to edit. Sources (see shared/ciip-facts.md):

* Exam blueprint: ABII CIIP content outline, approved August 2022, in force since March 2024;
  130 scored items over ten domains (third-party prep publishers agree on the per-domain counts).
* Maintaining certification: ABII "Maintaining Certification" page: 24 CE credits per two-year
  period starting January 1 of the first full year after passing, reported by December 31 of the
  period's second year; $70 annual renewal due December 31; $20 late fee January 1 - March 31;
  discontinued when either is missing after March 31; ten-year requirements due at ten years.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CE_RULES",
    "DOMAINS",
    "DOMAIN_BY_KEY",
    "EXAM",
    "CERules",
    "Domain",
    "ExamFacts",
    "find_domain",
]


@dataclass(frozen=True, slots=True)
class Domain:
    """One blueprint domain: its outline letter, stable key, display name and scored items."""

    letter: str
    key: str
    name: str
    items: int
    aliases: tuple[str, ...] = ()

    @property
    def weight(self) -> float:
        """Share of the scored items: weights come from item counts, which add up to 130."""
        return self.items / EXAM.scored_items


@dataclass(frozen=True, slots=True)
class ExamFacts:
    scored_items: int = 130
    pilot_items: int = 40
    minutes: int = 170
    retake_attempts_per_year: int = 3
    retake_fee_usd: int = 250


EXAM = ExamFacts()

DOMAINS: tuple[Domain, ...] = (
    Domain("A", "procurement", "Procurement", 5, ("proc", "purchasing")),
    Domain("B", "project_management", "Project Management", 7, ("pm", "project")),
    Domain("C", "operations", "Operations", 16, ("ops",)),
    Domain("D", "communications", "Communications", 7, ("comms", "communication")),
    Domain("E", "training_education", "Training and Education", 5, ("training", "education")),
    Domain("F", "image_management", "Image Management", 23, ("image", "images")),
    Domain("G", "information_technology", "Information Technology", 16, ("it",)),
    Domain("H", "systems_management", "Systems Management", 20, ("systems",)),
    Domain("I", "clinical_engineering", "Clinical Engineering", 13, ("clinical", "ce-eng")),
    Domain(
        "J",
        "medical_imaging_informatics",
        "Medical Imaging Informatics",
        18,
        ("informatics", "mii", "dicom", "hl7"),
    ),
)

DOMAIN_BY_KEY: dict[str, Domain] = {d.key: d for d in DOMAINS}

assert sum(d.items for d in DOMAINS) == EXAM.scored_items


def find_domain(text: str) -> Domain | None:
    """Resolve what a member typed (`image`, `Image Management`, `F`, `it`) to a domain.

    Exact keys, letters and aliases win; otherwise a unique prefix of a key or of a word of the
    name. Ambiguous or unknown input gives None so the caller can list the choices.
    """
    needle = text.strip().lower().replace("-", " ").replace("_", " ")
    if not needle:
        return None
    for d in DOMAINS:
        if needle in (d.key.replace("_", " "), d.name.lower(), d.letter.lower(), *d.aliases):
            return d
    hits = [
        d
        for d in DOMAINS
        if d.key.replace("_", " ").startswith(needle)
        or any(word.startswith(needle) for word in d.name.lower().split())
    ]
    return hits[0] if len(hits) == 1 else None


@dataclass(frozen=True, slots=True)
class CERules:
    """Continuing-education and renewal calendar (ABII "Maintaining Certification")."""

    credits_per_period: float = 24.0
    period_years: int = 2
    annual_fee_usd: int = 70
    fee_due_month: int = 12
    fee_due_day: int = 31
    late_fee_usd: int = 20
    late_window_end_month: int = 3
    late_window_end_day: int = 31
    certification_years: int = 10
    max_credits_per_entry: float = 50.0
    ten_year_requirements_text: str = (
        "Ten-Year Requirements are due at the ten-year mark (ABII has described them as not "
        "including a re-test; check ABII's current page for the exact items)."
    )


CE_RULES = CERules()
