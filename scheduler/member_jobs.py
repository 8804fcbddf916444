"""Direct-message jobs: CE reminders and study nudges, each sent once and never in quiet hours."""

from __future__ import annotations

import logging
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.ce_book import CeBook
from bot.messages import Message, Tone
from bot.ports import Messenger
from bot.storage.models import Member, ReminderSent, SrsCard, Workspace
from bot.streaks import StreakState, current_length
from bot.tutor import Tutor
from scheduler.reminders import Reminder, in_quiet_hours, owed_reminders

__all__ = ["MemberJobs"]

log = logging.getLogger(__name__)


class MemberJobs:
    def __init__(self, tutor: Tutor, messenger: Messenger, platform: str | None = None) -> None:
        self.tutor = tutor
        self.messenger = messenger
        self.platform = platform
        self.ce = CeBook(tutor)

    def _members(self, *conditions):  # type: ignore[no-untyped-def]
        with self.tutor.db.session() as s:
            stmt = select(Member, Workspace).join(Workspace, Workspace.id == Member.workspace_id)
            for c in conditions:
                stmt = stmt.where(c)
            if self.platform:
                stmt = stmt.where(Workspace.platform == self.platform)
            return [(m, w) for m, w in s.execute(stmt)]

    def _claim(self, member_id: int, kind: str, occasion: str) -> bool:
        """Record the reminder before sending: a unique row, so it goes out once."""
        try:
            with self.tutor.db.transaction() as s:
                s.add(
                    ReminderSent(
                        member_id=member_id, kind=kind, occasion=occasion, sent_at=self.tutor.now()
                    )
                )
            return True
        except IntegrityError:
            return False

    def _unclaim(self, member_id: int, kind: str, occasion: str) -> None:
        with self.tutor.db.transaction() as s:
            row = s.scalar(
                select(ReminderSent).where(
                    ReminderSent.member_id == member_id,
                    ReminderSent.kind == kind,
                    ReminderSent.occasion == occasion,
                )
            )
            if row is not None:
                s.delete(row)

    def _already(self, member_id: int) -> set[tuple[str, str]]:
        with self.tutor.db.session() as s:
            return {
                (r.kind, r.occasion)
                for r in s.scalars(select(ReminderSent).where(ReminderSent.member_id == member_id))
            }

    async def _deliver(self, member: Member, ws: Workspace, reminder: Reminder) -> bool:
        if not self._claim(member.id, reminder.kind, reminder.occasion):
            return False
        try:
            await self.messenger.send_dm(
                ws.platform,
                ws.external_id,
                member.external_id,
                Message(title="ciip-tutor reminder", body=reminder.text, tone=Tone.WARNING),
            )
        except Exception as exc:
            log.warning("reminder %s to member %s failed: %s", reminder.kind, member.id, exc)
            self._unclaim(member.id, reminder.kind, reminder.occasion)
            return False
        return True

    async def ce_reminders(self) -> int:
        """Send every owed CE/renewal reminder outside the member's quiet hours."""
        now = self.tutor.now()
        sent = 0
        for member, ws in self._members(
            Member.ce_passed_on.is_not(None), Member.ce_reminders.is_(True)
        ):
            local = now.astimezone(ZoneInfo(member.timezone))
            if in_quiet_hours(local.time(), member.quiet_start, member.quiet_end):
                continue
            with self.tutor.db.session() as s:
                status = self.ce.status_for(s, member)
            if status is None:
                continue
            done = self._already(member.id)
            for reminder in owed_reminders(status):
                if (reminder.kind, reminder.occasion) in done:
                    continue
                sent += await self._deliver(member, ws, reminder)
        return sent

    async def study_nudges(self) -> int:
        """A DM at the member's chosen time when reviews are due and the streak is at risk."""
        now = self.tutor.now()
        sent = 0
        for member, ws in self._members(Member.nudges_enabled.is_(True)):
            if not member.nudge_time:
                continue
            local = now.astimezone(ZoneInfo(member.timezone))
            if local.time() < time.fromisoformat(member.nudge_time):
                continue
            if in_quiet_hours(local.time(), member.quiet_start, member.quiet_end):
                continue
            today = local.date()
            state = StreakState(member.streak_current, member.streak_best, member.streak_last_date)
            if member.streak_last_date == today or current_length(state, today) == 0:
                continue  # already studied today, or no streak to lose
            due = self._due_count(member.id, now)
            if not due:
                continue
            reminder = Reminder(
                "nudge",
                today.isoformat(),
                f"🔥 Your {state.current}-day streak ends at midnight and {due} review"
                f"{'s are' if due != 1 else ' is'} due. `/ciip quiz` takes a minute.",
            )
            sent += await self._deliver(member, ws, reminder)
        return sent

    def _due_count(self, member_id: int, now: datetime) -> int:
        with self.tutor.db.session() as s:
            return len(
                s.scalars(
                    select(SrsCard.question_id).where(
                        SrsCard.member_id == member_id, SrsCard.due <= now
                    )
                ).all()
            )
