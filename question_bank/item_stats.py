"""Classical item analysis from real answers: how each question behaves with real candidates.

Pure: it takes answer records (member, question, choice, correct) and returns numbers; where the
records come from (the `answers` table, via `bot/answer_export.py`) is not its business.

Per question, over each member's FIRST answer to it (later answers come after the feedback and
measure memory, not the item):

* p: the proportion correct (item difficulty in classical test theory).
* discrimination: the corrected item-total correlation, i.e. the point-biserial correlation
  between being right on this item and the member's proportion correct on the OTHER items. An
  item the stronger members miss more often than the weaker ones (negative, or near zero) is
  usually miskeyed, ambiguous or testing something else.
* the share of answerers choosing each distractor: a distractor almost nobody picks does no work,
  and the item is effectively a three- or two-option item.

Flags follow common item-analysis practice (e.g. the NBME item-writing guide's advice to review
items by difficulty and discrimination; Haladyna & Rodriguez 2013 on distractor analysis):
discrimination below 0.1, a distractor chosen by under 5%, p above 0.95 or below 0.25. Items with
fewer than `min_answers` first answers are counted but not judged.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["AnswerRecord", "ItemStats", "ItemStatsRules", "compute_item_stats", "format_item_stats"]

LETTERS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class AnswerRecord:
    """One answer as stored: who, which question, which letter, whether it was right, when,
    and the content hash of the question version answered (edits change it)."""

    member_id: str
    question_id: str
    choice: str
    correct: bool
    answered_at: datetime | None = None
    question_hash: str | None = None


@dataclass(frozen=True)
class ItemStatsRules:
    min_answers: int = 20
    low_discrimination: float = 0.1
    dead_distractor_share: float = 0.05
    too_easy_p: float = 0.95
    too_hard_p: float = 0.25


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    answers: int
    key: str | None
    p: float
    discrimination: float | None
    choice_shares: dict[str, float]
    flags: list[str] = field(default_factory=list)


def _first_answers(records: Iterable[AnswerRecord]) -> list[AnswerRecord]:
    """Each member's first answer to each question (input order breaks ties in time)."""
    ordered = sorted(
        enumerate(records),
        key=lambda pair: (
            pair[1].answered_at is None,
            pair[1].answered_at or datetime.min,
            pair[0],
        ),
    )
    seen: set[tuple[str, str]] = set()
    firsts = []
    for _, record in ordered:
        pair = (record.member_id, record.question_id)
        if pair not in seen:
            seen.add(pair)
            firsts.append(record)
    return firsts


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def compute_item_stats(
    records: Iterable[AnswerRecord],
    keys: Mapping[str, str] | None = None,
    rules: ItemStatsRules | None = None,
) -> list[ItemStats]:
    """Statistics and flags for every question answered at least once, sorted by id.

    `keys` gives each question's key letter; without it the key is the letter of the correct
    answers (unknown, and no distractor shares judged, if nobody answered correctly).
    """
    rules = rules or ItemStatsRules()
    firsts = _first_answers(records)
    by_member: dict[str, list[AnswerRecord]] = defaultdict(list)
    by_item: dict[str, list[AnswerRecord]] = defaultdict(list)
    for r in firsts:
        by_member[r.member_id].append(r)
        by_item[r.question_id].append(r)
    totals = {m: (sum(r.correct for r in rs), len(rs)) for m, rs in by_member.items()}

    results = []
    for qid in sorted(by_item):
        answers = by_item[qid]
        n = len(answers)
        p = sum(r.correct for r in answers) / n
        key = (keys or {}).get(qid) or next((r.choice for r in answers if r.correct), None)
        shares = {letter: sum(r.choice == letter for r in answers) / n for letter in LETTERS}
        xs, ys = [], []
        for r in answers:
            right, count = totals[r.member_id]
            if count > 1:  # the rest score needs at least one other item
                xs.append(float(r.correct))
                ys.append((right - r.correct) / (count - 1))
        discrimination = _pearson(xs, ys)
        flags: list[str] = []
        if n < rules.min_answers:
            flags.append(f"too few answers ({n} < {rules.min_answers}): not judged")
        else:
            if discrimination is None:
                flags.append("discrimination undefined (no spread)")
            elif discrimination < 0:
                flags.append(f"negative discrimination {discrimination:.2f}: check the key")
            elif discrimination < rules.low_discrimination:
                flags.append(f"discrimination near zero {discrimination:.2f}")
            if p > rules.too_easy_p:
                flags.append(f"too easy: p = {p:.2f}")
            if p < rules.too_hard_p:
                flags.append(f"too hard: p = {p:.2f}")
            if key is not None:
                dead = [
                    f"{letter} {shares[letter]:.0%}"
                    for letter in LETTERS
                    if letter != key and shares[letter] < rules.dead_distractor_share
                ]
                if dead:
                    flags.append(
                        f"distractor chosen by under "
                        f"{rules.dead_distractor_share:.0%}: {', '.join(dead)}"
                    )
        results.append(ItemStats(qid, n, key, p, discrimination, shares, flags))
    return results


def format_item_stats(stats: list[ItemStats], rules: ItemStatsRules | None = None) -> list[str]:
    """One line per judged item (flagged ones marked), then a summary line."""
    rules = rules or ItemStatsRules()
    lines = [f"{'question':<12}{'n':>6}{'key':>5}{'p':>7}{'disc':>7}  A/B/C/D shares  flags"]
    judged = [s for s in stats if s.answers >= rules.min_answers]
    for s in judged:
        disc = "-" if s.discrimination is None else f"{s.discrimination:.2f}"
        shares = "/".join(f"{s.choice_shares[letter]:.0%}" for letter in LETTERS)
        lines.append(
            f"{s.question_id:<12}{s.answers:>6}{s.key or '?':>5}{s.p:>7.2f}{disc:>7}  "
            f"{shares:<15} {'; '.join(s.flags)}".rstrip()
        )
    flagged = sum(1 for s in judged if s.flags)
    lines.append(
        f"item stats: {len(stats)} questions answered, {len(judged)} with at least "
        f"{rules.min_answers} answers, {flagged} flagged"
    )
    return lines
