"""Direct-message sweeps: CE/renewal reminders and study nudges, each sent once, never in a
member's quiet hours. Which reminders are owed is a pure function of the CE status and ABII's
rules (`bot.abii_rules.CE_RULES`); each (kind, occasion) is recorded in `reminders_sent` before
it is sent, so it goes out once across restarts and instances.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot import render_ce
from bot.abii_rules import CE_RULES, CERules
from bot.ce_book import CeBook
from bot.ce_calendar import CeStatus
from bot.context import CoreContext
from bot.identity import Address
from bot.members import zone_of
from bot.messages import Message
from bot.plans import PlanBook
from bot.ports import Messenger
from bot.render import nudge_message
from bot.render_plan import plan_nudge_message
from bot.storage.models import ExamPlan, Member, ReminderSent, SrsCard, Workspace
from bot.streaks import StreakState, current_length

__all__ = ["Reminder", "ReminderSweeps", "in_quiet_hours", "owed_reminders"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reminder:
    kind: str
    occasion: str
    text: str


def owed_reminders(status: CeStatus, rules: CERules = CE_RULES) -> list[Reminder]:
    """Reminders due on `status.today`; the caller drops those already sent. A reminder is owed
    from its trigger date until its deadline, so a member who was quiet-houred or offline on the
    exact day still gets it later."""
    today = status.today
    owed: list[Reminder] = []
    period = status.period
    if status.period_started and status.remaining > 0:
        days_left = (period.end - today).days
        for lead in sorted(rules.reminder_lead_days):
            if 0 <= days_left <= lead:
                owed.append(
                    Reminder(
                        f"ce-{lead}",
                        f"{period.start.year}-{period.end.year}",
                        render_ce.ce_reminder_text(status, days_left),
                    )
                )
                break  # only the most urgent stage
    if today.month == rules.fee_due_month:
        owed.append(Reminder("renewal", str(today.year), render_ce.renewal_reminder_text(status)))
    if status.in_late_window:
        owed.append(Reminder("late-window", str(today.year), render_ce.late_window_text(status)))
    ten = status.ten_year_due
    if ten - timedelta(days=rules.ten_year_lead_days) <= today <= ten:
        owed.append(
            Reminder(
                "ten-year",
                ten.isoformat(),
                render_ce.ten_year_text(status, rules.ten_year_requirements_text),
            )
        )
    return owed


def in_quiet_hours(local: time, start: str, end: str) -> bool:
    """Quiet hours may wrap midnight (21:00-08:00)."""
    s = time.fromisoformat(start)
    e = time.fromisoformat(end)
    if s <= e:
        return s <= local < e
    return local >= s or local < e


class ReminderSweeps:
    def __init__(
        self, ctx: CoreContext, ce: CeBook, messenger: Messenger, plans: PlanBook | None = None
    ) -> None:
        self.ctx = ctx
        self.ce = ce
        self.messenger = messenger
        self.plans = plans or PlanBook(ctx)

    def _members(self, platform: str | None, *conditions):  # type: ignore[no-untyped-def]
        with self.ctx.read() as s:
            stmt = select(Member, Workspace).join(Workspace, Workspace.id == Member.workspace_id)
            for c in conditions:
                stmt = stmt.where(c)
            if platform:
                stmt = stmt.where(Workspace.platform == platform)
            return [(m, w) for m, w in s.execute(stmt)]

    def _local(self, member: Member) -> datetime:
        return self.ctx.now().astimezone(
            ZoneInfo(zone_of(member, self.ctx.settings.default_timezone))
        )

    def _claim(self, member_id: int, kind: str, occasion: str) -> bool:
        """Record the reminder before sending: a unique row, so it goes out once."""
        try:
            with self.ctx.work() as u:
                u.session.add(
                    ReminderSent(
                        member_id=member_id, kind=kind, occasion=occasion, sent_at=self.ctx.now()
                    )
                )
            return True
        except IntegrityError:
            return False

    def _unclaim(self, member_id: int, kind: str, occasion: str) -> None:
        with self.ctx.work() as u:
            row = u.session.scalar(
                select(ReminderSent).where(
                    ReminderSent.member_id == member_id,
                    ReminderSent.kind == kind,
                    ReminderSent.occasion == occasion,
                )
            )
            if row is not None:
                u.session.delete(row)

    def _already(self, member_id: int) -> set[tuple[str, str]]:
        with self.ctx.read() as s:
            return {
                (r.kind, r.occasion)
                for r in s.scalars(select(ReminderSent).where(ReminderSent.member_id == member_id))
            }

    async def _deliver(
        self, member: Member, ws: Workspace, reminder: Reminder, message: Message
    ) -> bool:
        if not self._claim(member.id, reminder.kind, reminder.occasion):
            return False
        try:
            await self.messenger.send_dm(
                Address(ws.platform, ws.external_id, member.external_id), message
            )
        except Exception as exc:
            log.warning("reminder %s to member %s failed: %s", reminder.kind, member.id, exc)
            self._unclaim(member.id, reminder.kind, reminder.occasion)
            return False
        return True

    async def ce_reminders(self, platform: str | None = None) -> int:
        """Send every owed CE/renewal reminder outside the member's quiet hours."""
        sent = 0
        for member, ws in self._members(
            platform, Member.ce_passed_on.is_not(None), Member.ce_reminders.is_(True)
        ):
            if in_quiet_hours(self._local(member).time(), member.quiet_start, member.quiet_end):
                continue
            with self.ctx.read() as s:
                status = self.ce.status_for(s, member)
            if status is None:
                continue
            done = self._already(member.id)
            for reminder in owed_reminders(status):
                if (reminder.kind, reminder.occasion) in done:
                    continue
                sent += await self._deliver(
                    member, ws, reminder, render_ce.reminder_message(reminder.text)
                )
        return sent

    async def study_nudges(self, platform: str | None = None) -> int:
        """A DM at the member's chosen time: with an exam plan, when today's target is not met
        yet; without one, when reviews are due and the streak is at risk. Once a day at most."""
        now = self.ctx.now()
        sent = 0
        planned = self._planned()
        for member, ws in self._members(platform, Member.nudges_enabled.is_(True)):
            if not member.nudge_time:
                continue
            local = self._local(member)
            if local.time() < time.fromisoformat(member.nudge_time):
                continue
            if in_quiet_hours(local.time(), member.quiet_start, member.quiet_end):
                continue
            today = local.date()
            if member.id in planned:
                sent += await self._plan_nudge(member, ws, today)
                continue
            state = StreakState(member.streak_current, member.streak_best, member.streak_last_date)
            if member.streak_last_date == today or current_length(state, today) == 0:
                continue  # already studied today, or no streak to lose
            due = self._due_count(member.id, now)
            if not due:
                continue
            message = nudge_message(state.current, due)
            reminder = Reminder("nudge", today.isoformat(), message.body_text)
            sent += await self._deliver(member, ws, reminder, message)
        return sent

    def _planned(self) -> set[int]:
        with self.ctx.read() as s:
            return set(s.scalars(select(ExamPlan.member_id).where(ExamPlan.member_id.is_not(None))))

    async def _plan_nudge(self, member: Member, ws: Workspace, today: date) -> int:
        """Behind the plan's daily target by the evening: one nudge; on target: none."""
        with self.ctx.read() as s:
            view = self.plans.view_for(s, member, ws.id)
        if view is None or view.on_target or view.plan.days_left <= 0:
            return 0
        message = plan_nudge_message(view.answered_today, view.target, view.plan.exam_date)
        reminder = Reminder("plan-nudge", today.isoformat(), message.body_text)
        return int(await self._deliver(member, ws, reminder, message))

    def _due_count(self, member_id: int, now: datetime) -> int:
        with self.ctx.read() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(SrsCard)
                    .where(SrsCard.member_id == member_id, SrsCard.due <= now)
                )
                or 0
            )
