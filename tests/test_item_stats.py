"""Item statistics on a simulated cohort with planted bad items, each of which must be flagged."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from question_bank.item_stats import (
    AnswerRecord,
    ItemStats,
    ItemStatsRules,
    compute_item_stats,
    format_item_stats,
)

MEMBERS = 400
GOOD_ITEMS = 40
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _p_correct(ability: float, difficulty: float) -> float:
    """A two-parameter logistic item (discrimination 1.7, the normal-ogive scaling)."""
    return 1 / (1 + math.exp(-1.7 * (ability - difficulty)))


def _cohort(seed: int = 7) -> tuple[list[AnswerRecord], dict[str, str]]:
    """Seeded members with abilities answering good items and three planted bad ones.

    * GOOD-nn: key A; difficulty in [-0.8, 1.0]; wrong answers spread over B, C, D (4:3:3).
    * MISKEYED: the stored key is B, but the strong members choose C (the true answer) and the
      weak ones fall for B, so "correct" goes with low ability: negative discrimination.
    * DEAD: a good item whose wrong answers go to B and C only; D is picked 1% of the time.
    * EASY: everybody gets it right 99% of the time.
    Each member answers each item with probability 0.7, so rest scores vary in length.
    """
    rng = random.Random(seed)
    abilities = {f"m{i:03d}": rng.gauss(0, 1) for i in range(MEMBERS)}
    difficulties = {f"GOOD-{i:02d}": rng.uniform(-0.8, 1.0) for i in range(GOOD_ITEMS)}
    keys = {qid: "A" for qid in difficulties} | {"MISKEYED": "B", "DEAD": "A", "EASY": "A"}
    records: list[AnswerRecord] = []
    for member, theta in abilities.items():
        when = T0
        for qid in [*difficulties, "MISKEYED", "DEAD", "EASY"]:
            if rng.random() > 0.7:
                continue
            when += timedelta(minutes=5)
            if qid == "MISKEYED":
                choice = "C" if rng.random() < _p_correct(theta, 0.0) else rng.choice("BBBAD")
            elif qid == "EASY":
                choice = "A" if rng.random() < 0.99 else rng.choice("BCD")
            elif qid == "DEAD":
                right = rng.random() < _p_correct(theta, 0.2)
                choice = "A" if right else ("D" if rng.random() < 0.02 else rng.choice("BC"))
            else:
                right = rng.random() < _p_correct(theta, difficulties[qid])
                choice = "A" if right else rng.choices("BCD", weights=(4, 3, 3))[0]
            records.append(AnswerRecord(member, qid, choice, choice == keys[qid], when))
    return records, keys


@pytest.fixture(scope="module")
def stats() -> dict[str, ItemStats]:
    records, keys = _cohort()
    return {s.question_id: s for s in compute_item_stats(records, keys)}


def test_the_miskeyed_item_has_negative_discrimination(stats: dict[str, ItemStats]) -> None:
    item = stats["MISKEYED"]
    assert item.discrimination is not None and item.discrimination < 0
    assert any("negative discrimination" in f for f in item.flags)


def test_the_dead_distractor_is_flagged(stats: dict[str, ItemStats]) -> None:
    item = stats["DEAD"]
    assert item.choice_shares["D"] < 0.05
    assert any("under 5%: D" in f for f in item.flags), item.flags
    assert not any("discrimination" in f for f in item.flags)


def test_the_trivially_easy_item_is_flagged(stats: dict[str, ItemStats]) -> None:
    item = stats["EASY"]
    assert item.p > 0.95
    assert any("too easy" in f for f in item.flags)


def test_good_items_discriminate_and_are_mostly_not_flagged(stats: dict[str, ItemStats]) -> None:
    good = [s for qid, s in stats.items() if qid.startswith("GOOD")]
    assert all(s.discrimination is not None and s.discrimination > 0.2 for s in good)
    flagged = [s.question_id for s in good if s.flags]
    assert len(flagged) <= 0.1 * len(good), [(q, stats[q].flags) for q in flagged]


def test_discrimination_is_the_corrected_item_total_correlation() -> None:
    """Hand-checkable: three members, two items; the rest score of each is their other item."""
    rows = [
        ("m1", "Q1", True),
        ("m1", "Q2", True),
        ("m2", "Q1", True),
        ("m2", "Q2", False),
        ("m3", "Q1", False),
        ("m3", "Q2", False),
        ("m4", "Q1", False),
        ("m4", "Q2", True),
    ]
    records = [AnswerRecord(m, q, "A" if ok else "B", ok) for m, q, ok in rows]
    q1 = compute_item_stats(records, {"Q1": "A", "Q2": "A"}, ItemStatsRules(min_answers=1))[0]
    # Q1 correctness [1, 1, 0, 0] against Q2 correctness [1, 0, 0, 1]: correlation 0.
    assert q1.p == 0.5 and q1.discrimination == pytest.approx(0.0)
    assert q1.choice_shares == {"A": 0.5, "B": 0.5, "C": 0.0, "D": 0.0}


def test_only_first_answers_count_and_small_items_are_not_judged() -> None:
    records = [
        AnswerRecord("m1", "Q1", "B", False, T0),
        AnswerRecord("m1", "Q1", "A", True, T0 + timedelta(days=1)),  # a review: ignored
        AnswerRecord("m2", "Q1", "A", True, T0),
    ]
    (q1,) = compute_item_stats(records, {"Q1": "A"})
    assert q1.answers == 2 and q1.p == 0.5
    assert q1.flags and "too few answers" in q1.flags[0]
    lines = format_item_stats([q1])
    assert lines[-1] == "item stats: 1 questions answered, 0 with at least 20 answers, 0 flagged"
