"""Study streaks: consecutive local calendar days with at least one answer.

Days are the member's own local dates, so DST shifts (23- or 25-hour days) never break or
double-count a streak. The running state (current, best, last day) lives on the member row and is
advanced by `advance`; `from_days` recomputes it from scratch and is the reference the incremental
rule is tested against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = ["StreakState", "advance", "current_length", "from_days", "local_date"]


@dataclass(frozen=True, slots=True)
class StreakState:
    current: int = 0
    best: int = 0
    last_day: date | None = None


def local_date(instant: datetime, timezone: str) -> date:
    return instant.astimezone(ZoneInfo(timezone)).date()


def advance(state: StreakState, day: date) -> StreakState:
    """The state after an answer on local `day`.

    A day earlier than the last one (possible after a member moves to a zone further west) is
    already counted and changes nothing.
    """
    if state.last_day is not None and day <= state.last_day:
        return state
    if state.last_day is not None and day - state.last_day == timedelta(days=1):
        current = state.current + 1
    else:
        current = 1
    return StreakState(current=current, best=max(state.best, current), last_day=day)


def current_length(state: StreakState, today: date) -> int:
    """The streak as it stands today: alive if the last answer was today or yesterday."""
    if state.last_day is None or (today - state.last_day).days > 1:
        return 0
    return state.current


def from_days(days: Iterable[date]) -> StreakState:
    state = StreakState()
    for day in sorted(set(days)):
        state = advance(state, day)
    return state
