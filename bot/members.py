"""Member preferences: timezone, study nudges and the timezone every local date is taken in.

A member who never chose a zone stores none and follows `CIIP_DEFAULT_TIMEZONE` as it is now,
so fixing that setting fixes every such member at once (nothing stale is copied onto rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.context import CoreContext
from bot.errors import TutorError
from bot.identity import Actor
from bot.storage.models import Member
from bot.streaks import local_date
from bot.timezones import validate_timezone

__all__ = ["MemberService", "Preferences", "parse_clock_time", "validate_timezone", "zone_of"]

_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_clock_time(text: str) -> str:
    """`9:05` -> `09:05`; anything else is refused by name."""
    m = _TIME_RE.match(text.strip())
    if not m:
        raise TutorError(f"`{text[:20]}` is not a time; use 24-hour HH:MM, e.g. `18:30`.")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def zone_of(member: Member, default: str) -> str:
    return member.timezone or default


@dataclass(frozen=True, slots=True)
class Preferences:
    timezone: str
    timezone_chosen: bool
    nudge_time: str | None


class MemberService:
    def __init__(self, ctx: CoreContext) -> None:
        self.ctx = ctx

    def zone(self, member: Member) -> str:
        return zone_of(member, self.ctx.settings.default_timezone)

    def today(self, member: Member) -> date:
        return local_date(self.ctx.now(), self.zone(member))

    def set_timezone(self, actor: Actor, name: str) -> str:
        zone = validate_timezone(name)
        with self.ctx.work() as u:
            u.directory.member_row(u.session, actor).timezone = zone
        return zone

    def set_nudges(self, actor: Actor, at: str | None) -> None:
        """Opt in to study nudges at local HH:MM, or out with None."""
        with self.ctx.work() as u:
            row = u.directory.member_row(u.session, actor)
            row.nudges_enabled = at is not None
            row.nudge_time = at

    def preferences(self, actor: Actor) -> Preferences:
        with self.ctx.work() as u:
            row = u.directory.member_row(u.session, actor)
            return Preferences(self.zone(row), row.timezone is not None, row.nudge_time)
