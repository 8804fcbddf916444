"""Question difficulty learned from every member's answers: an Elo rating, which is the online
form of the one-parameter (Rasch) IRT model, P(correct) = sigmoid(ability - difficulty).

Why Elo: it updates one small row per answer in the answer's own transaction (no batch job, no
scan of the answers table) and starts from the bank's declared difficulty, so a new question is
placed sensibly before anyone has answered it. The step shrinks as a question collects answers
(K = K0 / (1 + n / N_HALF), floored), so early answers move it and a well-measured rating
settles. The member's side is their domain accuracy on the same logit scale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.storage.models import QuestionRating
from bot.storage.upserts import rating_insert

__all__ = [
    "PRIOR",
    "RatingCache",
    "ability_of",
    "expected",
    "load_ratings",
    "prior_rating",
    "record_rating",
    "updated_rating",
]

PRIOR = {1: -1.0, 2: 0.0, 3: 1.0}
"""Declared difficulty 1/2/3 (easy/medium/hard) as a logit prior."""
K0 = 0.4
N_HALF = 20
K_MIN = 0.04


def prior_rating(declared: int) -> float:
    return PRIOR.get(declared, 0.0)


def expected(ability: float, difficulty: float) -> float:
    return 1.0 / (1.0 + math.exp(difficulty - ability))


def ability_of(answered: int, correct: int) -> float:
    """A member's level in a domain on the logit scale: the logit of the Beta(1, 1) posterior
    accuracy (0 with no answers: an even chance on a question of average difficulty)."""
    p = (correct + 1) / (answered + 2)
    return math.log(p / (1 - p))


def updated_rating(rating: float, answers: int, ability: float, correct: bool) -> float:
    """One Elo step for the question: a miss makes it harder, a success easier."""
    k = max(K_MIN, K0 / (1 + answers / N_HALF))
    return rating - k * (float(correct) - expected(ability, rating))


class RatingCache:
    """Ratings for selection, re-read at most once a minute: a rating moves by a few hundredths
    per answer, so a minute-old copy picks the same questions and saves a query per pick."""

    def __init__(self, max_age: timedelta = timedelta(seconds=60)) -> None:
        self.max_age = max_age
        self._ratings: dict[str, float] = {}
        self._read_at: datetime | None = None

    def ratings(self, s: Session, now: datetime) -> dict[str, float]:
        if self._read_at is None or now - self._read_at >= self.max_age or now < self._read_at:
            self._ratings = load_ratings(s)
            self._read_at = now
        return self._ratings


def load_ratings(s: Session, ids: Iterable[str] | None = None) -> dict[str, float]:
    """Learned ratings (questions nobody answered are absent: use their prior)."""
    stmt = select(QuestionRating.question_id, QuestionRating.rating)
    if ids is not None:
        stmt = stmt.where(QuestionRating.question_id.in_(list(ids)))
    return dict(s.execute(stmt).all())


def record_rating(
    s: Session, question_id: str, declared: int, ability: float, correct: bool
) -> None:
    """Apply one answer to the question's rating (inserted from the prior on first answer, with
    an insert that ignores a concurrent first answer instead of failing on it).

    The new value is computed from the value read in this transaction; two answers racing on one
    question may both start from the same value, which costs one step's precision, never a lost
    row."""
    connection = s.connection()
    connection.execute(
        rating_insert(connection.dialect.name),
        {"question_id": question_id, "rating": prior_rating(declared), "answers": 0},
    )
    rating, answers = connection.execute(
        select(QuestionRating.rating, QuestionRating.answers).where(
            QuestionRating.question_id == question_id
        )
    ).one()
    connection.execute(
        update(QuestionRating)
        .where(QuestionRating.question_id == question_id)
        .values(
            rating=updated_rating(rating, answers, ability, correct),
            answers=QuestionRating.answers + 1,
        )
    )
