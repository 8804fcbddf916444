"""Putting a mock exam together: how many items per domain, and which questions.

A mock exam is a measurement, not a drill, so it mirrors the blueprint and ignores weakness:
each domain gets its share of the length by largest remainders (a `full` exam of 130 gets the
blueprint's exact counts), and within a domain the questions not seen recently are drawn
uniformly at random, so the member's own misses appear at their natural rate instead of being
favoured as spaced repetition would. Domains are then shuffled together, as on the real exam.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from question_bank.blueprint import DOMAINS, Domain

__all__ = ["ExamKind", "ExamPlan", "apportion", "pick_items"]


class ExamKind(StrEnum):
    FULL = "full"
    HALF = "half"
    SHORT = "short"


@dataclass(frozen=True, slots=True)
class ExamPlan:
    """An exam length and its time allowance."""

    kind: ExamKind
    items: int
    minutes: int


def apportion(length: int, domains: Sequence[Domain] = DOMAINS) -> dict[str, int]:
    """Items per domain key for an exam of `length`: largest remainders of the blueprint shares
    (ties to the heavier domain, then outline order), so the counts add up to `length` exactly."""
    total = sum(d.items for d in domains)
    quotas = {d.key: length * d.items / total for d in domains}
    counts = {k: int(q) for k, q in quotas.items()}
    left = length - sum(counts.values())
    order = sorted(domains, key=lambda d: (-(quotas[d.key] - counts[d.key]), -d.items, d.letter))
    for d in order[:left]:
        counts[d.key] += 1
    return counts


def pick_items(
    counts: Mapping[str, int],
    candidates: Mapping[str, Sequence[str]],
    last_seen: Mapping[str, datetime],
    recent_cutoff: datetime,
    rng: random.Random,
) -> list[tuple[str, str]]:
    """(domain, question id) pairs in the order they will be shown.

    Per domain: questions never seen or last seen before `recent_cutoff` first, in random
    order; then recently seen ones, longest ago first. A domain with too few questions gives
    what it has (a small team bank), so an exam may be shorter than asked.
    """
    chosen: list[tuple[str, str]] = []
    for domain, wanted in counts.items():
        ids = list(candidates.get(domain, ()))
        fresh = [q for q in ids if q not in last_seen or last_seen[q] < recent_cutoff]
        recent = sorted((q for q in ids if q not in fresh), key=lambda q: (last_seen[q], q))
        rng.shuffle(fresh)
        chosen.extend((domain, q) for q in (fresh + recent)[:wanted])
    rng.shuffle(chosen)
    return chosen
