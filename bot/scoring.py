"""Leaderboard points and periods.

Points rule (also in the README): 10 points for a correct answer, 0 for a wrong one, and on the
first answer of each local day a streak bonus equal to the streak length, capped at 7. A
duplicate delivery scores nothing (it is not a new answer). Weeks start on Monday and months on
the 1st, by UTC date, so one board means the same period for every member of a workspace.
Ranking: points, then correct answers, then who reached the score first, then member id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

__all__ = ["ALL_TIME_START", "PERIODS", "PointsRule", "period_start"]

PERIODS = ("week", "month", "all")
ALL_TIME_START = date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class PointsRule:
    per_correct: int = 10
    per_wrong: int = 0
    streak_bonus_cap: int = 7

    def points(self, correct: bool, first_answer_today: bool, streak: int) -> int:
        base = self.per_correct if correct else self.per_wrong
        bonus = min(streak, self.streak_bonus_cap) if first_answer_today else 0
        return base + bonus


def period_start(period: str, instant: datetime) -> date:
    day = instant.astimezone(UTC).date()
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "all":
        return ALL_TIME_START
    raise ValueError(f"unknown period {period!r}")
