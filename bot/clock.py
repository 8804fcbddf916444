"""Time as a dependency: the engine never reads the wall clock itself, so tests never sleep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = ["Clock", "FixedClock", "ShiftedClock", "SystemClock", "ensure_utc"]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftedClock:
    """The system clock moved by a fixed offset: the console's `--today`, for trying how
    streaks and due reviews behave over days without waiting for them."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class FixedClock:
    """A clock that only moves when told to; the test suite's and the benchmark's clock."""

    def __init__(self, start: datetime) -> None:
        self._now = ensure_utc(start)

    def now(self) -> datetime:
        return self._now

    def set(self, instant: datetime) -> None:
        self._now = ensure_utc(instant)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now


def ensure_utc(instant: datetime) -> datetime:
    """Reject naive datetimes loudly: a naive time silently means the host's zone."""
    if instant.tzinfo is None:
        raise ValueError("datetime must be timezone-aware (got a naive datetime)")
    return instant.astimezone(UTC)
