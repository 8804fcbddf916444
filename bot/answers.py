"""Recording an answer: one transaction, a fixed sequence of steps, idempotent by key.

Steps: insert the answer (unique idempotency key: a redelivery inserts nothing and returns the
first outcome), advance the streak on the member's local date, score points, review the FSRS
card, count the domain, add to the leaderboards. Callers that must check something in the same
transaction (a daily post still open) pass a `guard` that runs after the member row is locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import streaks
from bot.context import CoreContext
from bot.difficulty import ability_of, record_rating
from bot.errors import TutorError
from bot.identity import MemberKey
from bot.leaderboard import add_points, scope_for
from bot.members import zone_of
from bot.storage.models import Answer, DomainStat, Issued, Member, SrsCard
from bot.storage.upserts import answer_insert, domain_count_upsert
from question_bank.schema import LETTERS, Question

__all__ = ["AnswerOutcome", "AnswerRecorder", "Submission"]


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    question: Question
    choice: str
    correct: bool
    duplicate: bool
    streak: int
    best_streak: int
    points: int
    source: str


@dataclass(frozen=True, slots=True)
class Submission:
    question_id: str
    choice: str
    idempotency_key: str
    source: str
    channel_id: int | None = None
    daily_post_id: int | None = None
    issued: Issued | None = None
    scored: bool = True
    """False for mock-exam answers: they feed the learner model but not streaks or boards."""


class AnswerRecorder:
    def __init__(self, ctx: CoreContext) -> None:
        self.ctx = ctx

    def record(
        self,
        s: Session,
        key: MemberKey,
        sub: Submission,
        guard: Callable[[Session], None] | None = None,
    ) -> AnswerOutcome:
        choice = (sub.choice or "").strip().upper()
        if choice not in LETTERS:
            raise TutorError("Answer with A, B, C or D.")
        question = self.ctx.catalog.bank.by_id[sub.question_id]
        member = s.get(Member, key.member_id, with_for_update=self.ctx.db.is_postgres)
        assert member is not None
        if guard is not None:
            guard(s)
        # An issued question not yet answered has no answer under its key (both are written in
        # one transaction), so the look-up is skipped; a racing duplicate still ends up below.
        if sub.issued is None or sub.issued.answered_at is not None:
            previous = s.scalar(select(Answer).where(Answer.idempotency_key == sub.idempotency_key))
            if previous is not None:
                return self._replay(question, previous, member)
        now = self.ctx.now()
        correct = choice == question.key
        today = streaks.local_date(now, zone_of(member, self.ctx.settings.default_timezone))
        before = streaks.StreakState(
            member.streak_current, member.streak_best, member.streak_last_date
        )
        after = streaks.advance(before, today) if sub.scored else before
        first_today = after is not before
        points = self.ctx.points.points(correct, first_today, after.current) if sub.scored else 0
        inserted = s.execute(
            answer_insert(self.ctx.db.engine.dialect.name),
            {
                "member_id": key.member_id,
                "question_id": sub.question_id,
                "question_hash": question.hash,
                "choice": choice,
                "correct": correct,
                "answered_at": now,
                "source": sub.source,
                "channel_id": sub.channel_id,
                "daily_post_id": sub.daily_post_id,
                "points": points,
                "idempotency_key": sub.idempotency_key,
            },
        ).scalar()
        if inserted is None:
            previous = s.scalars(
                select(Answer).where(Answer.idempotency_key == sub.idempotency_key)
            ).one()
            return self._replay(question, previous, member)
        member.streak_current, member.streak_best, member.streak_last_date = (
            after.current,
            after.best,
            after.last_day,
        )
        self._review(s, key.member_id, sub.question_id, correct)
        self._rate(s, key.member_id, question, correct)
        self._count_domain(s, key.member_id, question.domain, correct)
        if sub.scored:
            scopes = [scope_for(key.workspace_id)]
            if sub.channel_id is not None:
                scopes.append(scope_for(key.workspace_id, sub.channel_id))
            add_points(s, scopes, key.member_id, points, correct, now)
        if sub.issued is not None:
            sub.issued.answered_at = now
        return AnswerOutcome(
            question, choice, correct, False, after.current, after.best, points, sub.source
        )

    def _replay(self, question: Question, answer: Answer, member: Member) -> AnswerOutcome:
        """The first answer's outcome, for a double click or a redelivered event."""
        today = streaks.local_date(
            self.ctx.now(), zone_of(member, self.ctx.settings.default_timezone)
        )
        state = streaks.StreakState(
            member.streak_current, member.streak_best, member.streak_last_date
        )
        return AnswerOutcome(
            question,
            answer.choice,
            answer.correct,
            True,
            streaks.current_length(state, today),
            member.streak_best,
            answer.points,
            answer.source,
        )

    def _review(self, s: Session, member_id: int, question_id: str, correct: bool) -> None:
        now = self.ctx.now()
        card = s.get(SrsCard, (member_id, question_id))
        review = self.ctx.srs.review(card.card if card else None, correct, now)
        if card is None:
            s.add(
                SrsCard(
                    member_id=member_id,
                    question_id=question_id,
                    due=review.due,
                    last_review=review.last_review,
                    stability=review.stability,
                    difficulty=review.difficulty,
                    card=review.card,
                    first_review=now,
                )
            )
        else:
            card.card, card.due, card.last_review = review.card, review.due, review.last_review
            card.stability, card.difficulty = review.stability, review.difficulty

    @staticmethod
    def _rate(s: Session, member_id: int, question: Question, correct: bool) -> None:
        """The question's difficulty rating learns from this answer (`bot.difficulty`), against
        the member's level in its domain before the answer."""
        counts = s.execute(
            select(DomainStat.answered, DomainStat.correct).where(
                DomainStat.member_id == member_id, DomainStat.domain == question.domain
            )
        ).first()
        ability = ability_of(*(counts or (0, 0)))
        record_rating(s, question.id, question.difficulty, ability, correct)

    @staticmethod
    def _count_domain(s: Session, member_id: int, domain: str, correct: bool) -> None:
        """One upsert, not a read and a write: the counts are only ever added to."""
        connection = s.connection()
        connection.execute(
            domain_count_upsert(connection.dialect.name),
            {"member_id": member_id, "domain": domain, "answered": 1, "correct": int(correct)},
        )
