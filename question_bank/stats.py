"""`ciip-tutor bank stats`: what the bank holds beside what the blueprint asks for."""

from __future__ import annotations

from collections import Counter

from question_bank.blueprint import DOMAINS
from question_bank.loader import load_bank, load_taxonomy

__all__ = ["BANK_TARGETS", "print_stats"]

# Question counts we aim for per domain: about three times the blueprint's scored items
# (rounded up, at least 20) so that a member sees the exam's proportions.
BANK_TARGETS: dict[str, int] = {
    "procurement": 20,
    "project_management": 22,
    "operations": 48,
    "communications": 22,
    "training_education": 20,
    "image_management": 70,
    "information_technology": 48,
    "systems_management": 60,
    "clinical_engineering": 40,
    "medical_imaging_informatics": 54,
}


def print_stats() -> int:
    bank = load_bank()
    taxonomy = load_taxonomy()
    by_domain = Counter(q.domain for q in bank.questions)
    by_sub = Counter((q.domain, q.subtopic) for q in bank.questions)
    by_diff = Counter((q.domain, q.difficulty) for q in bank.questions)
    print(f"{'domain':<32}{'items/130':>10}{'target':>8}{'have':>6}  d1/d2/d3")
    short = 0
    for d in DOMAINS:
        have = by_domain[d.key]
        target = BANK_TARGETS[d.key]
        mark = "" if have >= target else "  (short)"
        short += have < target
        diffs = "/".join(str(by_diff[(d.key, n)]) for n in (1, 2, 3))
        print(f"{d.letter} {d.name:<30}{d.items:>10}{target:>8}{have:>6}  {diffs}{mark}")
        for sub in taxonomy.get(d.key, {}):
            print(f"    {sub:<36}{by_sub[(d.key, sub)]:>4}")
    print(f"total: {len(bank.questions)} questions (target {sum(BANK_TARGETS.values())})")
    if bank.errors:
        print(f"{len(bank.errors)} load errors: run `ciip-tutor bank lint`")
    return 0
