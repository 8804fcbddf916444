"""A member's CE credit log and certification dates, on top of `bot.ce_calendar`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.abii_rules import CE_RULES
from bot.ce_calendar import CeStatus, ce_status
from bot.errors import NotFound, TutorError
from bot.identity import Actor
from bot.storage.models import CeEntry, Member
from bot.streaks import local_date

if TYPE_CHECKING:
    from bot.tutor import Tutor

__all__ = ["CeBook", "CeLine", "parse_day"]


def parse_day(text: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise TutorError(f"`{text[:40]}` is not a {what} in the form YYYY-MM-DD.") from None


@dataclass(frozen=True, slots=True)
class CeLine:
    id: int
    credits: float
    title: str
    earned_on: date
    category: str | None


class CeBook:
    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    def _today(self, member: Member) -> date:
        return local_date(self.tutor.now(), member.timezone)

    def setup(self, actor: Actor, passed_on: date) -> Member:
        with self.tutor.db.transaction() as s:
            member = self.tutor._member_entity(s, actor)
            if passed_on > self._today(member):
                raise TutorError("The date you passed can't be in the future.")
            if passed_on.year < 2007:
                raise TutorError("ABII first certified CIIPs in 2008; check the year.")
            member.ce_passed_on = passed_on
            return member

    def log(
        self,
        actor: Actor,
        credits: float,
        title: str,
        earned_on: date | None = None,
        category: str | None = None,
    ) -> CeLine:
        if not math.isfinite(credits) or credits <= 0:
            raise TutorError("Credits must be a positive number, e.g. `1.5`.")
        if credits > CE_RULES.max_credits_per_entry:
            raise TutorError(
                f"{credits:g} credits in one entry looks wrong (at most "
                f"{CE_RULES.max_credits_per_entry:g}); split it into activities."
            )
        title = " ".join(title.split())
        if not title:
            raise TutorError('Give the activity a title, e.g. `ce log 1.5 "SIIM webinar"`.')
        with self.tutor.db.transaction() as s:
            member = self.tutor._member_entity(s, actor)
            today = self._today(member)
            day = earned_on or today
            if day > today:
                raise TutorError("CE can't be logged for a date in the future.")
            entry = CeEntry(
                member_id=member.id,
                credits=round(credits, 2),
                title=title[:300],
                earned_on=day,
                category=(category or None) and category[:80],
                created_at=self.tutor.now(),
            )
            s.add(entry)
            s.flush()
            return CeLine(entry.id, entry.credits, entry.title, entry.earned_on, entry.category)

    def entries(self, actor: Actor) -> list[CeLine]:
        with self.tutor.db.transaction() as s:
            key = self.tutor._member(s, actor)
            rows = s.scalars(
                select(CeEntry)
                .where(CeEntry.member_id == key.member_id)
                .order_by(CeEntry.earned_on.desc(), CeEntry.id.desc())
            )
            return [CeLine(r.id, r.credits, r.title, r.earned_on, r.category) for r in rows]

    def delete(self, actor: Actor, entry_id: int) -> CeLine:
        with self.tutor.db.transaction() as s:
            key = self.tutor._member(s, actor)
            row = s.get(CeEntry, entry_id)
            if row is None or row.member_id != key.member_id:
                raise NotFound(f"You have no CE entry #{entry_id}; see `/ciip ce list`.")
            line = CeLine(row.id, row.credits, row.title, row.earned_on, row.category)
            s.delete(row)
            return line

    def status(self, actor: Actor) -> CeStatus | None:
        """None until the member has told us when they passed (`ce setup`)."""
        with self.tutor.db.transaction() as s:
            member = self.tutor._member_entity(s, actor)
            return self.status_for(s, member)

    def status_for(self, s, member: Member) -> CeStatus | None:  # type: ignore[no-untyped-def]
        if member.ce_passed_on is None:
            return None
        rows = s.execute(
            select(CeEntry.earned_on, CeEntry.credits).where(CeEntry.member_id == member.id)
        ).all()
        return ce_status(self._today(member), member.ce_passed_on, [(d, c) for d, c in rows])

    def set_reminders(self, actor: Actor, enabled: bool) -> None:
        with self.tutor.db.transaction() as s:
            member = self.tutor._member_entity(s, actor)
            member.ce_reminders = enabled
