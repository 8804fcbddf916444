"""Numbers behind the progress pictures: a member's weekly accuracy, a study group's week.

Weeks start on Monday (UTC), as the leaderboards' do, so a week means the same thing on every
chart and board. Both read only the answers of the period asked for (indexed by member and
time, or by channel).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select

from bot.charts import GroupWeek, WeekPoint
from bot.context import CoreContext
from bot.identity import Actor
from bot.learner import DomainSkill
from bot.learner_views import weakest
from bot.readiness import DomainEvidence, estimate
from bot.storage.models import Answer
from question_bank.blueprint import DOMAINS

__all__ = ["ProgressViews", "week_start"]

WEEKS = 12
GROUP_WEEKS = 8


def week_start(moment: datetime | date) -> date:
    day = moment.date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def _weeks(now: datetime, count: int) -> list[date]:
    last = week_start(now)
    return [last - timedelta(weeks=count - 1 - i) for i in range(count)]


class ProgressViews:
    def __init__(self, ctx: CoreContext) -> None:
        self.ctx = ctx

    def weekly(self, actor: Actor, weeks: int = WEEKS) -> list[WeekPoint]:
        """The member's answers (every source, the mock exam's included) per week, and the
        readiness estimate from everything answered up to each week's end.

        Weekly readiness uses the answer counts and questions met at the time; the recall part
        of today's estimate (FSRS cards) is not replayed week by week.
        """
        starts = _weeks(self.ctx.now(), weeks)
        since = datetime.combine(starts[0], datetime.min.time(), tzinfo=self.ctx.now().tzinfo)
        with self.ctx.work() as u:
            key = u.member(actor)
            rows = u.session.execute(
                select(Answer.answered_at, Answer.correct, Answer.question_id)
                .where(Answer.member_id == key.member_id)
                .order_by(Answer.answered_at)
            ).all()
        candidates = self.ctx.catalog.candidates(key.workspace_id)
        domain_of = {q: d for d, ids in candidates.items() for q in ids}
        retention = self.ctx.settings.desired_retention
        counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        met: dict[str, set[str]] = defaultdict(set)
        readiness: dict[date, float] = {}
        pending = iter(rows)
        row = next(pending, None)
        for w in starts:
            end = datetime.combine(
                w + timedelta(weeks=1), datetime.min.time(), tzinfo=self.ctx.now().tzinfo
            )
            while row is not None and row.answered_at < end:
                if row.answered_at >= since:
                    bucket = counts[week_start(row.answered_at)]
                    bucket[0] += 1
                    bucket[1] += int(row.correct)
                domain = domain_of.get(row.question_id)
                if domain is not None:
                    tally[domain][0] += 1
                    tally[domain][1] += int(row.correct)
                    met[domain].add(row.question_id)
                row = next(pending, None)
            if tally:
                evidence = {
                    d: DomainEvidence(d, *tally[d], met=len(met[d]), bank=len(ids))
                    for d, ids in candidates.items()
                }
                readiness[w] = estimate(evidence, retention).percent
        return [WeekPoint(w, *counts.get(w, [0, 0]), readiness.get(w)) for w in starts]

    def group(
        self, channel_id: int, weeks: int = GROUP_WEEKS
    ) -> tuple[list[GroupWeek], list[DomainSkill]]:
        """A channel's participation per week and its weakest domains over those weeks."""
        starts = _weeks(self.ctx.now(), weeks)
        since = datetime.combine(starts[0], datetime.min.time(), tzinfo=self.ctx.now().tzinfo)
        with self.ctx.read() as s:
            rows = s.execute(
                select(
                    Answer.member_id, Answer.answered_at, Answer.correct, Answer.question_id
                ).where(Answer.channel_id == channel_id, Answer.answered_at >= since)
            ).all()
        members: dict[date, set[int]] = defaultdict(set)
        answers: dict[date, int] = defaultdict(int)
        per_domain: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        bank = self.ctx.catalog.bank.by_id
        for member_id, at, correct, qid in rows:
            w = week_start(at)
            members[w].add(member_id)
            answers[w] += 1
            if qid in bank:
                tally = per_domain[bank[qid].domain]
                tally[0] += 1
                tally[1] += int(correct)
        skills = [DomainSkill(d, *per_domain.get(d.key, [0, 0])) for d in DOMAINS]
        return (
            [GroupWeek(w, len(members.get(w, ())), answers.get(w, 0)) for w in starts],
            weakest(skills),
        )
