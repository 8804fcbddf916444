"""Exam dates and study plans as a service: a member's own (`/ciip plan`) and a channel's shared
one (`/ciip daily plan`), and what selection needs from them each pick (today's new quota and
the current week's focus). The plan's shape and arithmetic are `bot.study_plan`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.commands import UsageError
from bot.context import CoreContext
from bot.exam_selection import exam_week, share_for
from bot.identity import Actor
from bot.learner_state import LearnerState, load_state
from bot.storage.models import Channel, ExamPlan, Member
from bot.study_plan import (
    DateProblem,
    StudyPlan,
    build_plan,
    check_exam_date,
    daily_target,
    new_quota,
)

__all__ = ["PlanBook", "PlanView", "channel_focus", "parse_exam_date", "plan_of", "quota_for"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_MESSAGES = {
    DateProblem.PAST: "{d} is in the past. Give the date of your exam, e.g. `/ciip plan {e}`.",
    DateProblem.TODAY: "{d} is today: no time for a plan. Good luck! Try `/ciip quiz` to warm up.",
    DateProblem.TOO_FAR: "{d} is more than two years away. Give the date you are booked for, "
    "e.g. `/ciip plan {e}`.",
}


def parse_exam_date(text: str, today: date) -> date:
    """A YYYY-MM-DD exam date that can carry a plan, or a UsageError saying what is wrong."""
    example = (today + timedelta(days=42)).isoformat()
    if not _DATE.match(text.strip()):
        raise UsageError(f"I read dates as YYYY-MM-DD, e.g. `/ciip plan {example}`.")
    try:
        exam = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{text.strip()[:10]} is not a calendar date.") from None
    problem = check_exam_date(exam, today)
    if problem is not None:
        raise UsageError(DATE_MESSAGES[problem].format(d=exam.isoformat(), e=example))
    return exam


def quota_for(state: LearnerState, candidates: dict[str, list[str]], default_quota: int) -> int:
    """Today's new-question quota: with an exam date, the questions still unmet at the start of
    today spread over the days left; without one, the documented default."""
    if state.exam_date is None or state.exam_date <= state.today:
        return default_quota  # no date, or it has passed: the no-date rules
    seen = state.seen
    unseen = sum(1 for ids in candidates.values() for q in ids if q not in seen)
    return new_quota(unseen + state.day.new, (state.exam_date - state.today).days)


def plan_of(state: LearnerState) -> StudyPlan | None:
    if state.exam_date is None or state.started_on is None:
        return None
    return build_plan(state.exam_date, state.started_on, state.today, state.counts)


@dataclass(frozen=True, slots=True)
class PlanView:
    plan: StudyPlan
    quota: int
    target: int
    unseen: int
    bank_size: int
    answered_today: int
    new_today: int
    pace: float

    @property
    def on_target(self) -> bool:
        return self.answered_today >= self.target


class PlanBook:
    def __init__(self, ctx: CoreContext) -> None:
        self.ctx = ctx

    def _member(self, s: Session, actor: Actor) -> Member:
        return self.ctx.directory.member_row(s, actor)

    def set_member(self, actor: Actor, text: str) -> PlanView:
        with self.ctx.work() as u:
            member = self._member(u.session, actor)
            state = load_state(self.ctx, u.session, member.id, self.ctx.now())
            exam = parse_exam_date(text, state.today)
            row = u.session.scalar(select(ExamPlan).where(ExamPlan.member_id == member.id))
            if row is None:
                u.session.add(
                    ExamPlan(
                        member_id=member.id,
                        exam_date=exam,
                        started_on=state.today,
                        created_at=self.ctx.now(),
                    )
                )
            else:
                row.exam_date, row.started_on = exam, state.today
            if not member.nudges_enabled:  # plan nudges: one DM when behind, `nudges off` stops
                member.nudges_enabled = True
                member.nudge_time = member.nudge_time or self.ctx.settings.plan_nudge_time
            u.session.flush()
            return self._view(u.session, actor, member)

    def clear_member(self, actor: Actor) -> bool:
        with self.ctx.work() as u:
            member = self._member(u.session, actor)
            gone = u.session.execute(delete(ExamPlan).where(ExamPlan.member_id == member.id))
            return bool(gone.rowcount)

    def member_view(self, actor: Actor) -> PlanView | None:
        with self.ctx.work() as u:
            return self._view(u.session, actor, self._member(u.session, actor))

    def view_for(self, s: Session, member: Member, workspace_id: int) -> PlanView | None:
        state = load_state(self.ctx, s, member.id, self.ctx.now())
        plan = plan_of(state)
        if plan is None:
            return None
        candidates = self.ctx.catalog.candidates(workspace_id)
        settings = self.ctx.settings
        quota = quota_for(state, candidates, settings.daily_new_quota)
        bank_size = sum(len(ids) for ids in candidates.values())
        seen = state.seen
        unseen = sum(1 for ids in candidates.values() for q in ids if q not in seen)
        return PlanView(
            plan=plan,
            quota=quota,
            target=daily_target(
                quota,
                share_for(settings.review_share, exam_week(plan.days_left)),
                settings.daily_review_cap,
                state.pace,
            ),
            unseen=unseen,
            bank_size=bank_size,
            answered_today=state.answered_today_count,
            new_today=state.day.new,
            pace=state.pace,
        )

    def _view(self, s: Session, actor: Actor, member: Member) -> PlanView | None:
        return self.view_for(s, member, self.ctx.directory.member(s, actor).workspace_id)

    # ------------------------------------------------------------------ a channel's plan
    def set_channel(self, actor: Actor, text: str | None) -> tuple[date | None, StudyPlan | None]:
        """`daily plan DATE` (or `daily plan off` with None): the channel's shared plan."""
        with self.ctx.work() as u:
            key = u.directory.channel_key(u.session, actor)
            channel = u.session.get(Channel, key.channel_id)
            assert channel is not None
            today = self._channel_today(channel, self.ctx.now())
            if text is None:
                u.session.execute(delete(ExamPlan).where(ExamPlan.channel_id == channel.id))
                return None, None
            exam = parse_exam_date(text, today)
            row = u.session.scalar(select(ExamPlan).where(ExamPlan.channel_id == channel.id))
            if row is None:
                u.session.add(
                    ExamPlan(
                        channel_id=channel.id,
                        exam_date=exam,
                        started_on=today,
                        created_at=self.ctx.now(),
                    )
                )
            else:
                row.exam_date, row.started_on = exam, today
            return exam, build_plan(exam, today, today)

    def channel_plan(self, channel_id: int) -> tuple[date | None, StudyPlan | None]:
        """The channel's shared exam date and its plan as of today (None, None without one)."""
        with self.ctx.read() as s:
            channel = s.get(Channel, channel_id)
            row = s.scalar(select(ExamPlan).where(ExamPlan.channel_id == channel_id))
            if channel is None or row is None:
                return None, None
            today = self._channel_today(channel, self.ctx.now())
            if today >= row.exam_date:
                return row.exam_date, None
            return row.exam_date, build_plan(row.exam_date, row.started_on, today)

    @staticmethod
    def _channel_today(channel: Channel, now: datetime) -> date:
        return now.astimezone(ZoneInfo(channel.daily_timezone or "UTC")).date()


def channel_focus(s: Session, channel: Channel, now: datetime) -> tuple[str, ...]:
    """The channel plan's current focus domains (empty without a plan or after the date)."""
    row = s.scalar(select(ExamPlan).where(ExamPlan.channel_id == channel.id))
    if row is None:
        return ()
    today = now.astimezone(ZoneInfo(channel.daily_timezone or "UTC")).date()
    if today >= row.exam_date:
        return ()
    return build_plan(row.exam_date, row.started_on, today).focus
