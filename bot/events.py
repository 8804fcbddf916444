"""What comes into the core: the one vocabulary every adapter and the scheduler speak.

An adapter turns a platform payload into one of these and hands it to `Core.handle`; the
scheduler turns time into `Tick`s. Nothing else enters the core, so every rule is reachable
from one entry point and every adapter gets every feature.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.identity import Actor

__all__ = ["Click", "Command", "Event", "OverviewOpened", "Tick", "TickKind"]


@dataclass(frozen=True, slots=True)
class Command:
    """A member typed a command: `/ciip quiz image`, `ciip stats`, `quiz` at the console."""

    actor: Actor
    text: str


@dataclass(frozen=True, slots=True)
class Click:
    """A member pressed a button the core rendered; the action id says everything needed."""

    actor: Actor
    action_id: str


@dataclass(frozen=True, slots=True)
class OverviewOpened:
    """A member opened their personal overview (Slack's App Home; `/ciip me` elsewhere)."""

    actor: Actor


class TickKind(StrEnum):
    DAILY_DUE = "daily-due"
    """A channel's daily question is due (`channel_id`, `fire_time`)."""
    CATCH_UP = "catch-up"
    """This instance just became the leader: send what a restart left unsent."""
    REVEAL_SWEEP = "reveal-sweep"
    REMINDER_SWEEP = "reminder-sweep"
    NUDGE_SWEEP = "nudge-sweep"
    DIGEST_DUE = "digest-due"
    """A channel's weekly leaderboard digest is due (`channel_id`)."""
    EXAM_SWEEP = "exam-sweep"
    """Close mock exams whose time ran out."""


@dataclass(frozen=True, slots=True)
class Tick:
    """Time passing, as the scheduler saw it; the core decides what it means."""

    kind: TickKind
    channel_id: int | None = None
    fire_time: datetime | None = None
    platform: str | None = None


Event = Command | Click | OverviewOpened | Tick
