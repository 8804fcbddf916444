"""One read of what selection, the plan, readiness and nudges all need about a member: their
cards with recall now and on exam day, their domain counts, this week's answers and today's
progress. Three indexed queries (cards by member, answers by member and time, domain stats),
none of which decodes a card's JSON except the few reviewed today.
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
from bot.members import zone_of
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


def load_state(ctx: CoreContext, s: Session, member: Member, now: datetime) -> LearnerState:
    zone = zone_of(member, ctx.settings.default_timezone)
    today, day_start = local_day_start(now, zone)
    plan = s.scalar(select(ExamPlan).where(ExamPlan.member_id == member.id))
    exam_at = exam_instant(plan.exam_date, zone) if plan is not None else None
    bank = ctx.catalog.bank.by_id
    recall = ctx.srs.retrievability_of
    cards = []
    for qid, due, last, stability in s.execute(
        select(SrsCard.question_id, SrsCard.due, SrsCard.last_review, SrsCard.stability).where(
            SrsCard.member_id == member.id
        )
    ):
        q = bank.get(qid)
        if q is None:
            continue
        r_now = recall(stability, last, now)
        r_exam = recall(stability, last, max(now, exam_at)) if exam_at is not None else r_now
        cards.append(ExamCard(qid, q.domain, due, last, r_now, r_exam))
    recent = s.execute(
        select(Answer.question_id, Answer.answered_at).where(
            Answer.member_id == member.id, Answer.answered_at >= now - WEEK
        )
    ).all()
    today_ids = frozenset(qid for qid, at in recent if at >= day_start)
    new_today = _new_today(s, member.id, today_ids, day_start)
    counts = {
        d: (a, c)
        for d, a, c in s.execute(
            select(DomainStat.domain, DomainStat.answered, DomainStat.correct).where(
                DomainStat.member_id == member.id
            )
        )
    }
    return LearnerState(
        member_id=member.id,
        zone=zone,
        today=today,
        exam_date=plan.exam_date if plan is not None else None,
        started_on=plan.started_on if plan is not None else None,
        cards=cards,
        counts=counts,
        recent_counts=dict(Counter(qid for qid, _ in recent)),
        answered_today=today_ids,
        day=DayCounts(new=new_today, reviews=len(today_ids) - new_today),
        pace=len(recent) / 7,
    )


def _new_today(s: Session, member_id: int, today_ids: frozenset[str], day_start: datetime) -> int:
    """Questions first met today: cards answered today whose card was created today (a card's
    id is its creation time in epoch ms, `bot.srs`)."""
    if not today_ids:
        return 0
    start_ms = int(day_start.timestamp() * 1000)
    rows = s.scalars(
        select(SrsCard.card).where(
            SrsCard.member_id == member_id, SrsCard.question_id.in_(list(today_ids))
        )
    )
    return sum(1 for card in rows if int(card.get("card_id", 0)) >= start_ms)
