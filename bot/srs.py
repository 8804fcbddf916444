"""Spaced repetition through the `fsrs` package (FSRS-6 default parameters).

We do no SRS maths of our own: this module only maps quiz outcomes to FSRS ratings and cards to
and from their stored dict form. A quiz bot has no same-sitting repetition, so learning and
relearning steps are empty (a miss comes back the next day, not in ten minutes), and fuzzing is
off so that schedules are reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fsrs import Card, Rating, Scheduler, State

__all__ = ["Review", "Srs"]


@dataclass(frozen=True, slots=True)
class Review:
    card: dict[str, Any]
    due: datetime
    last_review: datetime
    stability: float | None
    difficulty: float | None


class Srs:
    def __init__(self, desired_retention: float = 0.9) -> None:
        self.desired_retention = desired_retention
        self._scheduler = Scheduler(
            desired_retention=desired_retention,
            learning_steps=(),
            relearning_steps=(),
            enable_fuzzing=False,
        )

    @staticmethod
    def rating(correct: bool) -> Rating:
        """Right answers are Good, wrong ones Again: a quiz click says nothing about ease."""
        return Rating.Good if correct else Rating.Again

    def review(self, stored: dict[str, Any] | None, correct: bool, at: datetime) -> Review:
        # A new card's id is its creation time in epoch ms, as fsrs would make it, but from the
        # injected clock: left to itself `Card()` reads the wall clock and sleeps 1 ms.
        card = Card.from_dict(stored) if stored else Card(card_id=_epoch_ms(at), due=at)
        card, _log = self._scheduler.review_card(card, self.rating(correct), at)
        return Review(
            card=card.to_dict(),
            due=card.due,
            last_review=card.last_review or at,
            stability=card.stability,
            difficulty=card.difficulty,
        )

    def retrievability(self, stored: dict[str, Any], at: datetime) -> float:
        return self._scheduler.get_card_retrievability(Card.from_dict(stored), at)

    def retrievability_of(
        self, stability: float | None, last_review: datetime | None, at: datetime
    ) -> float:
        """`retrievability` from a card's stored `stability` and `last_review` columns, the only
        parts of a card FSRS reads for it: selection needs it for every card a member has, and
        decoding each card's JSON cost more than the rest of the pick."""
        card = Card(  # `stability or None` as in `Card.from_dict`: a zero means "unknown"
            card_id=0,
            state=State.Review,
            stability=stability or None,
            due=at,
            last_review=last_review,
        )
        return self._scheduler.get_card_retrievability(card, at)


def _epoch_ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)
