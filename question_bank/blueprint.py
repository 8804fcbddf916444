"""The exam blueprint as data: domains, outline letters and scored-item counts.

The bank owns it (`blueprint.yaml` beside this module) because questions are written against
it; the core reads it from here. Nothing in `question_bank` imports the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["DOMAINS", "DOMAIN_BY_KEY", "EXAM", "Domain", "ExamFacts", "find_domain"]

_FILE = Path(__file__).resolve().parent / "blueprint.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class ExamFacts:
    scored_items: int
    pilot_items: int
    minutes: int
    retake_attempts_per_year: int
    retake_fee_usd: int


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


def _load() -> tuple[ExamFacts, tuple[Domain, ...]]:
    data = yaml.load(_FILE.read_text(encoding="utf-8"), Loader=_Loader)
    exam = ExamFacts(**data["exam"])
    domains = tuple(
        Domain(d["letter"], d["key"], d["name"], int(d["items"]), tuple(d.get("aliases", ())))
        for d in data["domains"]
    )
    if sum(d.items for d in domains) != exam.scored_items:
        raise ValueError("blueprint.yaml: domain item counts must add up to scored_items")
    return exam, domains


EXAM, DOMAINS = _load()
DOMAIN_BY_KEY: dict[str, Domain] = {d.key: d for d in DOMAINS}


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
