"""ABII's rules for the CIIP credential, kept as data in one place.

Everything here is a published fact that ABII may change; when it does, this module is the only
place to edit. Sources (see docs/ciip-exam-facts.md):

* The exam blueprint (domains and item counts) is data the bank owns: question_bank/blueprint.yaml.
* Maintaining certification: ABII "Maintaining Certification" page: 24 CE credits per two-year
  period starting January 1 of the first full year after passing, reported by December 31 of the
  period's second year; $70 annual renewal due December 31; $20 late fee January 1 - March 31;
  discontinued when either is missing after March 31; ten-year requirements due at ten years.
* Eligibility: ABII "Seven-Point Qualification System" (CIIP eligibility page and candidate
  handbook): at least 7 points in total and each category's minimum; experience earns 1 point
  per 12 months of imaging/health IT or informatics work (at least 2, at most 5), education 1
  (30+ semester credits) to 5 (master's or doctorate) plus 1 for an imaging-informatics degree
  (at most 5), certifications at most 4, continuing education 1 point per 18 hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "CE_RULES",
    "ELIGIBILITY",
    "CERules",
    "EligibilityCategory",
    "EligibilityRules",
    "Measure",
]


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
    reminder_lead_days: tuple[int, ...] = (90, 30, 7)
    """CE reminders go out this many days before the period ends (the most urgent owed only)."""
    ten_year_lead_days: int = 365
    ten_year_requirements_text: str = (
        "Ten-Year Requirements are due at the ten-year mark (ABII has described them as not "
        "including a re-test; check ABII's current page for the exact items)."
    )


CE_RULES = CERules()


class Measure(StrEnum):
    """How a member answers a category: a number of units, or one of named levels."""

    PER_UNIT = "per-unit"
    LEVEL = "level"


@dataclass(frozen=True, slots=True)
class EligibilityCategory:
    """One category of the Seven-Point Qualification System.

    PER_UNIT: one point per `unit_size` units (months, hours, certifications). LEVEL: the points
    of the named level, plus `bonus_points` when the member has the bonus (an imaging-informatics
    degree). Points are capped at `max_points`; `min_points` must be reached whatever the total.
    """

    key: str
    name: str
    measure: Measure
    min_points: int
    max_points: int | None
    unit: str = ""
    unit_size: float = 1.0
    levels: tuple[tuple[str, int, str], ...] = ()
    """(word a member types, points, description)."""
    bonus_word: str = ""
    bonus_points: int = 0
    question: str = ""


@dataclass(frozen=True, slots=True)
class EligibilityRules:
    total_points: int
    categories: tuple[EligibilityCategory, ...]

    def category(self, key: str) -> EligibilityCategory | None:
        return next((c for c in self.categories if c.key == key), None)


ELIGIBILITY = EligibilityRules(
    total_points=7,
    categories=(
        EligibilityCategory(
            "experience",
            "Experience",
            Measure.PER_UNIT,
            min_points=2,
            max_points=5,
            unit="months",
            unit_size=12,
            question="How many months have you worked in imaging IT, health IT or informatics?",
        ),
        EligibilityCategory(
            "education",
            "Education",
            Measure.LEVEL,
            min_points=0,
            max_points=5,
            levels=(
                ("none", 0, "no college credits yet"),
                ("credits", 1, "30 or more semester credits"),
                ("associate", 2, "an associate degree"),
                ("bachelor", 3, "a bachelor's degree"),
                ("master", 5, "a master's degree"),
                ("doctorate", 5, "a doctorate"),
            ),
            bonus_word="informatics",
            bonus_points=1,
            question="Your highest education (add informatics if the degree is in "
            "imaging informatics)?",
        ),
        EligibilityCategory(
            "certifications",
            "Certifications",
            Measure.PER_UNIT,
            min_points=0,
            max_points=4,
            unit="certifications",
            unit_size=1,
            question="How many relevant professional certifications do you hold (e.g. ARRT, "
            "PACS administrator, CompTIA, PMP)?",
        ),
        EligibilityCategory(
            "ce",
            "Continuing education",
            Measure.PER_UNIT,
            min_points=0,
            max_points=None,
            unit="hours",
            unit_size=18,
            question="How many hours of imaging-informatics continuing education have you done?",
        ),
    ),
)
"""ABII's Seven-Point Qualification System. The per-level education points between the two
published anchors (1 for 30+ credits, 5 for a master's or doctorate) are our reading; check
ABII's current handbook and edit here if it differs."""
