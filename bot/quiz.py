"""Personal questions: choose the next one, record it as issued, take its answer.

A quiz may be narrowed to a domain (`quiz image`) or a topic word found in questions' tags and
subtopics (`quiz dicom`); the narrowing travels in the answer and Next buttons' action ids, so
"Next question" keeps it after any restart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.answers import AnswerOutcome, AnswerRecorder, Submission
from bot.context import CoreContext
from bot.difficulty import RatingCache, ability_of, prior_rating
from bot.errors import NotAllowed, NotFound
from bot.exam_selection import SelectionRules, exam_week, pick_for_exam
from bot.identity import Actor
from bot.learner import domain_weights
from bot.learner_state import load_state
from bot.plans import plan_of, quota_for
from bot.reports import withheld_ids
from bot.selection import CardView, Pick
from bot.storage.models import Answer, DomainStat, Issued, SrsCard
from question_bank.blueprint import DOMAIN_BY_KEY, Domain, find_domain
from question_bank.schema import Question

__all__ = ["IssuedQuestion", "QuizFilter", "QuizService"]

_TOPIC_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,30}$")


@dataclass(frozen=True, slots=True)
class QuizFilter:
    """What a quiz is narrowed to: a domain, a topic word, or nothing."""

    domain: Domain | None = None
    topic: str | None = None

    @property
    def token(self) -> str | None:
        """The compact form carried in action ids (`d.image_management`, `t.dicom`)."""
        if self.domain is not None:
            return f"d.{self.domain.key}"
        if self.topic is not None:
            return f"t.{self.topic}"
        return None

    @classmethod
    def from_token(cls, token: str | None) -> QuizFilter:
        if not token:
            return cls()
        kind, _, value = token.partition(".")
        if kind == "d" and value in DOMAIN_BY_KEY:
            return cls(domain=DOMAIN_BY_KEY[value])
        if kind == "t" and _TOPIC_RE.match(value):
            return cls(topic=value)
        return cls()

    def label(self) -> str:
        if self.domain is not None:
            return self.domain.name
        return self.topic or ""


@dataclass(frozen=True, slots=True)
class IssuedQuestion:
    issued_id: int
    question: Question
    reason: str
    filter: QuizFilter = QuizFilter()


def _matches_topic(q: Question, topic: str) -> bool:
    return any(topic in t.lower() for t in (*q.tags, q.subtopic))


class QuizService:
    def __init__(self, ctx: CoreContext, recorder: AnswerRecorder) -> None:
        self.ctx = ctx
        self.recorder = recorder
        self.ratings = RatingCache()

    # ------------------------------------------------------------------ filters
    def resolve_filter(self, text: str) -> QuizFilter | None:
        """A domain name/letter/alias, else a topic word some questions carry; None if neither."""
        domain = find_domain(text)
        if domain is not None:
            return QuizFilter(domain=domain)
        word = text.strip().lower()
        if _TOPIC_RE.match(word) and any(
            _matches_topic(q, word) for q in self.ctx.catalog.bank.by_id.values()
        ):
            return QuizFilter(topic=word)
        return None

    def _candidates(
        self, workspace_id: int, f: QuizFilter, withheld: set[str]
    ) -> dict[str, list[str]]:
        """Askable ids by domain: the filter applied, and questions withheld in this workspace
        (reported or retired, `bot.reports`) left out, due reviews included."""
        by_domain = self.ctx.catalog.candidates(workspace_id, f.domain)
        bank = self.ctx.catalog.bank.by_id
        return {
            d: [
                q
                for q in ids
                if q not in withheld and (f.topic is None or _matches_topic(bank[q], f.topic))
            ]
            for d, ids in by_domain.items()
        }

    # ------------------------------------------------------------------ reading cards
    def card_views(
        self, s: Session, member_id: int, *conditions: object, at: datetime | None = None
    ) -> list[CardView]:
        """The member's cards, with retrievability at `at` (default now) from the stability and
        last-review columns (kept equal to the card's own), so the cards' JSON is never decoded
        on this hot path."""
        now = at or self.ctx.now()
        rows = s.execute(
            select(SrsCard.question_id, SrsCard.due, SrsCard.last_review, SrsCard.stability).where(
                SrsCard.member_id == member_id, *conditions
            )
        ).all()
        views = []
        retrievability = self.ctx.srs.retrievability_of
        bank = self.ctx.catalog.bank.by_id
        for qid, due, last, stability in rows:
            q = bank.get(qid)
            if q is None:
                continue
            views.append(CardView(qid, q.domain, due, last, retrievability(stability, last, now)))
        return views

    @staticmethod
    def domain_counts(s: Session, member_id: int) -> dict[str, tuple[int, int]]:
        rows = s.execute(
            select(DomainStat.domain, DomainStat.answered, DomainStat.correct).where(
                DomainStat.member_id == member_id
            )
        )
        return {domain: (answered, correct) for domain, answered, correct in rows}

    # ------------------------------------------------------------------ issuing
    def next_question(
        self, actor: Actor, f: QuizFilter = QuizFilter(), source: str = "quiz"
    ) -> IssuedQuestion | None:
        """The member's next personal question, recorded as issued; None when nothing is
        askable right now (every question seen within the repeat gap and none due)."""
        self.ctx.catalog.refresh_if_changed()
        now = self.ctx.now()
        with self.ctx.work() as u:
            s = u.session
            key = u.member(actor)
            pick = self._pick(s, key.member_id, key.workspace_id, f, now)
            if pick is None:
                return None
            issued = Issued(
                member_id=key.member_id, question_id=pick.question_id, source=source, issued_at=now
            )
            s.add(issued)
            s.flush()
            return IssuedQuestion(
                issued.id, self.ctx.catalog.bank.by_id[pick.question_id], pick.reason, f
            )

    def _pick(
        self, s: Session, member_id: int, workspace_id: int, f: QuizFilter, now: datetime
    ) -> Pick | None:
        """Exam-aware selection (`bot.exam_selection`) over one read of the learner state."""
        settings = self.ctx.settings
        state = load_state(self.ctx, s, member_id, now)
        withheld = withheld_ids(s, workspace_id, settings.report_threshold)
        everything = self._candidates(workspace_id, QuizFilter(), withheld)
        candidates = (
            self._candidates(workspace_id, f, withheld) if f.domain or f.topic else everything
        )
        plan = plan_of(state)
        bank = self.ctx.catalog.bank.by_id
        ratings = self.ratings.ratings(s, now)

        def difficulty(qid: str) -> float:
            rating = ratings.get(qid)
            return rating if rating is not None else prior_rating(bank[qid].difficulty)

        exam_soon = exam_week((state.exam_date - state.today).days if state.exam_date else None)
        return pick_for_exam(
            now=now,
            cards=state.cards,
            recent_counts=state.recent_counts,
            answered_today=state.answered_today,
            day=state.day,
            rules=SelectionRules(
                quota=quota_for(state, everything, settings.daily_new_quota),
                review_cap=settings.daily_review_cap,
                review_share=settings.review_share,
                retention=settings.desired_retention,
                max_repeats=settings.max_repeats_per_week,
                repeat_gap=timedelta(days=settings.repeat_gap_days),
            ),
            candidates_by_domain=candidates,
            weights=domain_weights(state.counts, only=f.domain),
            focus=plan.focus if plan is not None and f.domain is None else (),
            ability=lambda d: ability_of(*state.counts.get(d, (0, 0))),
            difficulty=difficulty,
            rng=self.ctx.rng,
            exam_soon=exam_soon,
        )

    def open_question(self, actor: Actor) -> IssuedQuestion | None:
        """The member's latest unanswered personal question (the console answers this one)."""
        with self.ctx.work() as u:
            key = u.member(actor)
            row = u.session.scalar(
                select(Issued)
                .where(
                    Issued.member_id == key.member_id,
                    Issued.answered_at.is_(None),
                    Issued.source == "quiz",
                )
                .order_by(Issued.id.desc())
                .limit(1)
            )
            q = self.ctx.catalog.get(row.question_id) if row is not None else None
            if row is None or q is None:
                return None
            return IssuedQuestion(row.id, q, "open")

    # ------------------------------------------------------------------ answering
    def answer_issued(self, actor: Actor, issued_id: int, choice: str) -> AnswerOutcome:
        """Answer a personal question by its issued id; double clicks count once."""
        with self.ctx.work() as u:
            key = u.member(actor)
            issued = u.session.get(Issued, issued_id)
            if issued is None or self.ctx.catalog.get(issued.question_id) is None:
                raise NotFound("That question is no longer available. Try `/ciip quiz`.")
            if issued.member_id != key.member_id:
                raise NotAllowed("That question was someone else's. Try `/ciip quiz` for yours.")
            return self.recorder.record(
                u.session,
                key,
                Submission(
                    issued.question_id,
                    choice,
                    idempotency_key=f"issued:{issued.id}",
                    source=issued.source,
                    channel_id=u.channel(actor),
                    issued=issued,
                ),
            )

    def submit_answer(
        self,
        actor: Actor,
        question_id: str,
        choice: str,
        idempotency_key: str,
        source: str = "quiz",
    ) -> AnswerOutcome:
        """Record an answer to any visible question; a second call with the same key returns
        the first outcome (for embedders with their own delivery ids)."""
        with self.ctx.work() as u:
            key = u.member(actor)
            bank = self.ctx.catalog.bank
            if question_id not in bank.by_id or not bank.visible_to(question_id, key.workspace_id):
                raise NotFound(f"There is no question `{question_id[:40]}`.")
            return self.recorder.record(
                u.session,
                key,
                Submission(question_id, choice, idempotency_key, source, u.channel(actor)),
            )

    def missed_questions(self, actor: Actor) -> list[Question]:
        """Questions the member got wrong at least once, most recent miss first."""
        with self.ctx.work() as u:
            key = u.member(actor)
            rows = u.session.execute(
                select(Answer.question_id, func.max(Answer.answered_at))
                .where(Answer.member_id == key.member_id, Answer.correct.is_(False))
                .group_by(Answer.question_id)
                .order_by(func.max(Answer.answered_at).desc())
            ).all()
        bank = self.ctx.catalog.bank.by_id
        return [bank[qid] for qid, _ in rows if qid in bank]
