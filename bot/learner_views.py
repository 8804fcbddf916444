"""What a member sees of their own learning: domain skills, weakest domains, streak."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from bot import streaks
from bot.context import CoreContext
from bot.identity import Actor
from bot.learner import DomainSkill
from bot.members import zone_of
from bot.quiz import QuizService
from question_bank.blueprint import DOMAINS

__all__ = ["LearnerViews", "Streak", "weakest"]

RECALL_HORIZON = timedelta(days=1)
"""Recall is shown as FSRS's forecast for tomorrow: right after a review it is 100% by
definition, which says nothing (a miss just now would read "recall 100%")."""


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    best: int
    last_day: date | None


def weakest(skills: list[DomainSkill], n: int = 3) -> list[DomainSkill]:
    """Weakest tried domains with at least one miss: lowest Wilson upper bound first. A domain
    answered perfectly so far is never called weak, however few domains were tried."""
    missed = [k for k in skills if k.answered and k.correct < k.answered]
    return sorted(missed, key=lambda k: (k.interval[1], k.posterior_mean, k.domain.letter))[:n]


class LearnerViews:
    def __init__(self, ctx: CoreContext, quiz: QuizService) -> None:
        self.ctx = ctx
        self.quiz = quiz

    def skills(self, actor: Actor) -> list[DomainSkill]:
        """Per-domain accuracy, Wilson interval and mean FSRS recall forecast for tomorrow."""
        tomorrow = self.ctx.now() + RECALL_HORIZON
        with self.ctx.work() as u:
            key = u.member(actor)
            counts = self.quiz.domain_counts(u.session, key.member_id)
            recall: dict[str, list[float]] = defaultdict(list)
            for view in self.quiz.card_views(u.session, key.member_id, at=tomorrow):
                recall[view.domain].append(view.retrievability)
        return [
            DomainSkill(
                d,
                *counts.get(d.key, (0, 0)),
                mean_retrievability=(
                    sum(recall[d.key]) / len(recall[d.key]) if recall[d.key] else None
                ),
            )
            for d in DOMAINS
        ]

    def streak(self, actor: Actor) -> Streak:
        with self.ctx.work() as u:
            member = u.directory.member_row(u.session, actor)
            state = streaks.StreakState(
                member.streak_current, member.streak_best, member.streak_last_date
            )
            today = streaks.local_date(
                self.ctx.now(), zone_of(member, self.ctx.settings.default_timezone)
            )
            return Streak(
                streaks.current_length(state, today), member.streak_best, member.streak_last_date
            )
