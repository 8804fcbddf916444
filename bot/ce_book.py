"""A member's CE credit log and certification dates, on top of `bot.ce_calendar`.

Input is refused rather than guessed: credits with more than two decimals, a title longer than
the column, a date that is not one. An entry dated outside the current period (or before the
pass date) is stored, because the member may need the record, but the reply says it does not
count towards the period.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bot.abii_rules import CE_RULES
from bot.ce_calendar import CePeriod, CeStatus, ce_status
from bot.context import CoreContext
from bot.errors import NotFound, TutorError
from bot.identity import Actor
from bot.members import zone_of
from bot.storage.models import CeEntry, Member
from bot.streaks import local_date

__all__ = ["CeBook", "CeLine", "Deadline", "Logged", "SetupResult", "next_deadlines", "parse_day"]

TITLE_LIMIT = 300
CATEGORY_LIMIT = 80
ENTRY_ID_LIMIT = 10**12


def parse_day(text: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise TutorError(f"`{text[:40]}` is not a {what} in the form YYYY-MM-DD.") from None


def parse_entry_id(text: str) -> int:
    digits = text.lstrip("#")
    if not digits.isdigit() or int(digits) >= ENTRY_ID_LIMIT:
        raise TutorError(f"`{text[:20]}` is not an entry number; see `/ciip ce list`.")
    return int(digits)


@dataclass(frozen=True, slots=True)
class CeLine:
    id: int
    credits: float
    title: str
    earned_on: date
    category: str | None


@dataclass(frozen=True, slots=True)
class Logged:
    line: CeLine
    counts: bool
    why_not: str = ""
    """Empty when the entry counts towards the current period; else the reason it does not."""


@dataclass(frozen=True, slots=True)
class SetupResult:
    passed_on: date
    replaced: date | None


@dataclass(frozen=True, slots=True)
class Deadline:
    day: date
    what: str


def next_deadlines(status: CeStatus, limit: int = 3) -> list[Deadline]:
    """The coming CE and renewal dates, soonest first."""
    found = [
        Deadline(status.fee_due, f"annual renewal fee (${status.fee_usd})"),
        Deadline(status.ten_year_due, "ten-year requirements"),
    ]
    if status.period_started:
        found.append(
            Deadline(status.period.end, f"{status.remaining:g} CE credits for this period")
        )
    if status.in_late_window and status.late_window_end is not None:
        found.append(Deadline(status.late_window_end, "late window closes"))
    upcoming = sorted((d for d in found if d.day >= status.today), key=lambda d: (d.day, d.what))
    return upcoming[:limit]


def check_credits(credits: float) -> float:
    if not math.isfinite(credits) or credits <= 0:
        raise TutorError("Credits must be a positive number, e.g. `1.5`.")
    if abs(round(credits, 2) - credits) > 1e-9:
        raise TutorError(
            f"`{credits:g}` has more than two decimals; CE credits are whole or fractional "
            "hours such as `0.25`, `1` or `1.5`."
        )
    if credits > CE_RULES.max_credits_per_entry:
        raise TutorError(
            f"{credits:g} credits in one entry looks wrong (at most "
            f"{CE_RULES.max_credits_per_entry:g}); split it into activities."
        )
    return round(credits, 2)


class CeBook:
    def __init__(self, ctx: CoreContext) -> None:
        self.ctx = ctx

    def _today(self, member: Member) -> date:
        return local_date(self.ctx.now(), zone_of(member, self.ctx.settings.default_timezone))

    def setup(self, actor: Actor, passed_on: date) -> SetupResult:
        with self.ctx.work() as u:
            member = u.directory.member_row(u.session, actor)
            if passed_on > self._today(member):
                raise TutorError("The date you passed can't be in the future.")
            if passed_on.year < 2007:
                raise TutorError("ABII first certified CIIPs in 2008; check the year.")
            before = member.ce_passed_on
            member.ce_passed_on = passed_on
            return SetupResult(passed_on, before if before != passed_on else None)

    def log(
        self,
        actor: Actor,
        credits: float,
        title: str,
        earned_on: date | None = None,
        category: str | None = None,
    ) -> Logged:
        credits = check_credits(credits)
        title = " ".join(title.split())
        if not title:
            raise TutorError('Give the activity a title, e.g. `ce log 1.5 "SIIM webinar"`.')
        if len(title) > TITLE_LIMIT:
            raise TutorError(f"That title is {len(title)} characters; keep it to {TITLE_LIMIT}.")
        if category is not None and len(category) > CATEGORY_LIMIT:
            raise TutorError(f"Keep the category to {CATEGORY_LIMIT} characters.")
        with self.ctx.work() as u:
            member = u.directory.member_row(u.session, actor)
            today = self._today(member)
            day = earned_on or today
            if day > today:
                raise TutorError("CE can't be logged for a date in the future.")
            entry = CeEntry(
                member_id=member.id,
                credits=credits,
                title=title,
                earned_on=day,
                category=category or None,
                created_at=self.ctx.now(),
            )
            u.session.add(entry)
            u.session.flush()
            line = CeLine(entry.id, entry.credits, entry.title, entry.earned_on, entry.category)
            return Logged(line, *self._counts(member, day, today))

    def _counts(self, member: Member, day: date, today: date) -> tuple[bool, str]:
        passed = member.ce_passed_on
        if passed is None:
            return True, ""
        if day < passed:
            return False, f"it is dated before you passed ({passed})"
        status = ce_status(today, passed, [])
        period: CePeriod = status.period
        if not period.contains(day):
            return False, f"it falls outside your current period {period.label}"
        return True, ""

    def entries(self, actor: Actor) -> list[CeLine]:
        with self.ctx.work() as u:
            key = u.member(actor)
            rows = u.session.scalars(
                select(CeEntry)
                .where(CeEntry.member_id == key.member_id)
                .order_by(CeEntry.earned_on.desc(), CeEntry.id.desc())
            )
            return [CeLine(r.id, r.credits, r.title, r.earned_on, r.category) for r in rows]

    def delete(self, actor: Actor, entry_id: int) -> CeLine:
        with self.ctx.work() as u:
            key = u.member(actor)
            row = u.session.get(CeEntry, entry_id)
            if row is None or row.member_id != key.member_id:
                raise NotFound(f"You have no CE entry #{entry_id}; see `/ciip ce list`.")
            line = CeLine(row.id, row.credits, row.title, row.earned_on, row.category)
            u.session.delete(row)
            return line

    def status(self, actor: Actor) -> CeStatus | None:
        """None until the member has told us when they passed (`ce setup`)."""
        with self.ctx.work() as u:
            return self.status_for(u.session, u.directory.member_row(u.session, actor))

    def status_for(self, s, member: Member) -> CeStatus | None:  # type: ignore[no-untyped-def]
        if member.ce_passed_on is None:
            return None
        rows = s.execute(
            select(CeEntry.earned_on, CeEntry.credits).where(CeEntry.member_id == member.id)
        ).all()
        return ce_status(self._today(member), member.ce_passed_on, [(d, c) for d, c in rows])

    def set_reminders(self, actor: Actor, enabled: bool) -> None:
        with self.ctx.work() as u:
            u.directory.member_row(u.session, actor).ce_reminders = enabled
