"""One read of what selection, the plan, readiness and nudges all need about a member: their
cards with recall now and on exam day, their domain counts, this week's answers and today's
progress. Four indexed queries (member with plan, cards by member, answers by member and time,
domain stats); no card's JSON is decoded.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import CoreContext
from bot.exam_selection import DayCounts, ExamCard
from bot.storage.models import Answer, DomainStat, ExamPlan, Member, SrsCard

__all__ = ["EXAM_HOUR", "LearnerState", "exam_instant", "load_state", "local_day_start"]

EXAM_HOUR = time(9, 0)
"""Recall "on exam day" is evaluated at 09:00 local on the exam date."""
WEEK = timedelta(days=7)


def exam_instant(exam: date, zone: str) -> datetime:
    return datetime.combine(exam, EXAM_HOUR, tzinfo=ZoneInfo(zone))


def local_day_start(now: datetime, zone: str) -> tuple[date, datetime]:
    """The member's local date and the instant it began."""
    local = now.astimezone(ZoneInfo(zone))
    start = datetime.combine(local.date(), time(0), tzinfo=ZoneInfo(zone))
    return local.date(), start


@dataclass(frozen=True, slots=True)
class LearnerState:
    member_id: int
    zone: str
    today: date
    exam_date: date | None
    started_on: date | None
    cards: list[ExamCard]
    counts: dict[str, tuple[int, int]]
    recent_counts: dict[str, int]
    answered_today: frozenset[str]
    day: DayCounts
    pace: float
    """Answers a day over the last seven days."""

    @property
    def seen(self) -> frozenset[str]:
        return frozenset(c.question_id for c in self.cards)

    @property
    def answered_today_count(self) -> int:
        return self.day.new + self.day.reviews


def load_state(ctx: CoreContext, s: Session, member_id: int, now: datetime) -> LearnerState:
    stored_zone, exam_date, started_on = s.execute(
        select(Member.timezone, ExamPlan.exam_date, ExamPlan.started_on)
        .outerjoin(ExamPlan, ExamPlan.member_id == Member.id)
        .where(Member.id == member_id)
    ).one()
    zone = stored_zone or ctx.settings.default_timezone
    today, day_start = local_day_start(now, zone)
    exam_at = exam_instant(exam_date, zone) if exam_date is not None else None
    bank = ctx.catalog.bank.by_id
    recall = ctx.srs.retrievability_of
    cards = []
    new_today = 0
    for qid, due, last, stability, first in s.execute(
        select(
            SrsCard.question_id,
            SrsCard.due,
            SrsCard.last_review,
            SrsCard.stability,
            SrsCard.first_review,
        ).where(SrsCard.member_id == member_id)
    ):
        q = bank.get(qid)
        if q is None:
            continue
        if first is not None and first >= day_start:
            new_today += 1
        r_now = recall(stability, last, now)
        r_exam = recall(stability, last, max(now, exam_at)) if exam_at is not None else r_now
        cards.append(ExamCard(qid, q.domain, due, last, r_now, r_exam))
    recent = s.execute(
        select(Answer.question_id, Answer.answered_at).where(
            Answer.member_id == member_id, Answer.answered_at >= now - WEEK
        )
    ).all()
    today_ids = frozenset(qid for qid, at in recent if at >= day_start)
    counts = {
        d: (a, c)
        for d, a, c in s.execute(
            select(DomainStat.domain, DomainStat.answered, DomainStat.correct).where(
                DomainStat.member_id == member_id
            )
        )
    }
    return LearnerState(
        member_id=member_id,
        zone=zone,
        today=today,
        exam_date=exam_date,
        started_on=started_on,
        cards=cards,
        counts=counts,
        recent_counts=dict(Counter(qid for qid, _ in recent)),
        answered_today=today_ids,
        day=DayCounts(new=new_today, reviews=max(0, len(today_ids) - new_today)),
        pace=len(recent) / 7,
    )
