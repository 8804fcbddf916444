"""Timed mock exams as a core service: start, show, answer, flag, finish, time out.

Everything lives in the database (`mock_exams`, `mock_exam_items`), so an exam survives
restarts and every button carries only the exam id and a position. The clock is the server's:
an exam whose deadline has passed is closed by whoever touches it first, the member's next
click or the scheduler's EXAM_SWEEP tick, and its unanswered items count as wrong. Answers get
no feedback until the end; at closing they are fed to spaced repetition and the learner model
with the source `exam` (not scored for streaks or boards: it is a measurement).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.answers import AnswerRecorder, Submission
from bot.context import CoreContext
from bot.errors import NotAllowed, NotFound, TutorError
from bot.exam_assembly import ExamKind, ExamPlan, apportion, pick_items
from bot.exam_report import ExamReport, ExamState, ExamSummary, ItemResult, build_report
from bot.exam_views import ExamClosed, ExamStep, ExamView
from bot.identity import Actor, Address, MemberKey
from bot.storage.models import Member, MockExam, MockExamItem, SrsCard, Workspace
from question_bank.schema import LETTERS

__all__ = ["ExamClosed", "ExamService", "ExamStep", "ExamView"]


class ExamService:
    def __init__(self, ctx: CoreContext, recorder: AnswerRecorder) -> None:
        self.ctx = ctx
        self.recorder = recorder

    # ------------------------------------------------------------------ plans
    def plan(self, kind: ExamKind) -> ExamPlan:
        s = self.ctx.settings
        items = {
            ExamKind.FULL: s.mock_exam_length,
            ExamKind.HALF: s.mock_exam_half_length,
            ExamKind.SHORT: s.mock_exam_short_length,
        }[kind]
        return ExamPlan(kind, items, max(1, round(items * s.mock_exam_minutes_per_item)))

    # ------------------------------------------------------------------ reading
    def _open_row(self, s: Session, member_id: int) -> MockExam | None:
        return s.scalar(
            select(MockExam).where(
                MockExam.member_id == member_id, MockExam.state == ExamState.OPEN.value
            )
        )

    def _items(self, s: Session, exam_id: int) -> list[MockExamItem]:
        return list(
            s.scalars(
                select(MockExamItem)
                .where(MockExamItem.exam_id == exam_id)
                .order_by(MockExamItem.position)
            )
        )

    def _view(
        self, s: Session, exam: MockExam, *, review: bool = False, resumed: bool = False
    ) -> ExamView:
        items = self._items(s, exam.id)
        item = items[exam.position]
        question = self.ctx.catalog.get(item.question_id)
        if question is None:  # retired from the bank mid-exam: it is scored without it
            raise TutorError(
                f"Question {exam.position + 1} was withdrawn from the bank. Try `/ciip exam "
                "goto N` for another, or `/ciip exam finish`."
            )
        return ExamView(
            exam_id=exam.id,
            kind=exam.kind,
            total=exam.total,
            position=exam.position,
            question=question,
            choice=item.choice,
            flagged=item.flagged,
            answered=sum(1 for i in items if i.choice is not None),
            flagged_positions=tuple(i.position for i in items if i.flagged),
            unanswered_positions=tuple(i.position for i in items if i.choice is None),
            deadline=exam.deadline_at,
            now=self.ctx.now(),
            review=review,
            resumed=resumed,
        )

    def _owned(self, s: Session, key: MemberKey, exam_id: int) -> MockExam:
        exam = s.get(MockExam, exam_id, with_for_update=self.ctx.db.is_postgres)
        if exam is None:
            raise NotFound("That mock exam no longer exists. Try `/ciip exam start`.")
        if exam.member_id != key.member_id:
            raise NotAllowed("That exam is someone else's. Try `/ciip exam start` for yours.")
        return exam

    def _expired(self, exam: MockExam) -> bool:
        return exam.state == ExamState.OPEN.value and self.ctx.now() >= exam.deadline_at

    # ------------------------------------------------------------------ starting
    def start(self, actor: Actor, kind: ExamKind) -> ExamView:
        """A new exam, or the open one (one open exam per member; `resumed` says which)."""
        self.ctx.catalog.refresh_if_changed()
        plan = self.plan(kind)
        now = self.ctx.now()
        try:
            with self.ctx.work() as u:
                key = u.member(actor)
                current = self._open_row(u.session, key.member_id)
                if current is not None and not self._expired(current):
                    return self._view(u.session, current, resumed=True)
                if current is not None:
                    self._close(u.session, key, current, ExamState.EXPIRED)
                return self._create(u.session, key, plan, now)
        except IntegrityError:  # a racing start won the open slot: show that one
            with self.ctx.work() as u:
                key = u.member(actor)
                current = self._open_row(u.session, key.member_id)
                if current is None:
                    raise
                return self._view(u.session, current, resumed=True)

    def _create(self, s: Session, key: MemberKey, plan: ExamPlan, now: datetime) -> ExamView:
        gap = timedelta(days=max(self.ctx.settings.repeat_gap_days, 1) * 4)
        last_seen = dict(
            s.execute(
                select(SrsCard.question_id, SrsCard.last_review).where(
                    SrsCard.member_id == key.member_id
                )
            ).all()
        )
        picked = pick_items(
            apportion(plan.items),
            self.ctx.catalog.candidates(key.workspace_id),
            last_seen,
            now - gap,
            self.ctx.rng,
        )
        if not picked:
            raise TutorError("There are no questions to build a mock exam from yet.")
        exam = MockExam(
            member_id=key.member_id,
            open_slot=key.member_id,
            kind=plan.kind.value,
            state=ExamState.OPEN.value,
            total=len(picked),
            position=0,
            started_at=now,
            deadline_at=now + timedelta(minutes=plan.minutes * len(picked) / plan.items),
        )
        s.add(exam)
        s.flush()
        s.add_all(
            MockExamItem(exam_id=exam.id, position=p, question_id=qid, domain=domain, flagged=False)
            for p, (domain, qid) in enumerate(picked)
        )
        s.flush()
        return self._view(s, exam)

    # ------------------------------------------------------------------ status
    def status(self, actor: Actor) -> ExamStep | None:
        """The open exam where the member left it; its report if its time just ran out."""
        with self.ctx.work() as u:
            key = u.member(actor)
            exam = self._open_row(u.session, key.member_id)
            if exam is None:
                return None
            if self._expired(exam):
                return self._close(u.session, key, exam, ExamState.EXPIRED)
            return self._view(u.session, exam, resumed=True)

    def has_open(self, actor: Actor) -> bool:
        with self.ctx.work() as u:
            return self._open_row(u.session, u.member(actor).member_id) is not None

    # ------------------------------------------------------------------ moving through it
    def answer(self, actor: Actor, exam_id: int, position: int, letter: str) -> ExamStep:
        """Record a choice (no feedback) and move on. A click on an answered, unflagged item
        (a second click, an old message) changes nothing and shows where the member is; a
        flagged item may be answered again, as the real exam allows before submitting."""
        if letter not in LETTERS:
            raise TutorError("Answer with A, B, C or D.")
        with self.ctx.work() as u:
            key = u.member(actor)
            exam = self._owned(u.session, key, exam_id)
            closed = self._closed_or_expired(u.session, key, exam)
            if closed is not None:
                return closed
            item = _item(u.session, exam.id, position)
            if item.choice is not None and not item.flagged:
                return self._view(u.session, exam)
            item.choice, item.answered_at = letter, self.ctx.now()
            items = self._items(u.session, exam.id)
            later = [i.position for i in items if i.choice is None and i.position > position]
            earlier = [i.position for i in items if i.choice is None and i.position < position]
            if later or earlier:
                exam.position = (later or earlier)[0]
                return self._view(u.session, exam)
            if any(i.flagged for i in items):
                return self._view(u.session, exam, review=True)
            return self._close(u.session, key, exam, ExamState.FINISHED)

    def answer_current(self, actor: Actor, letter: str) -> ExamStep:
        """A typed letter (console) answers the item last shown."""
        with self.ctx.work() as u:
            exam = self._open_row(u.session, u.member(actor).member_id)
            if exam is None:
                raise TutorError("No open exam. Type `exam start short` for one.")
            exam_id, position = exam.id, exam.position
        return self.answer(actor, exam_id, position, letter)

    def flag(self, actor: Actor, exam_id: int | None, position: int | None) -> ExamStep:
        """Toggle flag-for-review on an item (the current one when not given)."""
        with self.ctx.work() as u:
            key = u.member(actor)
            exam = self._resolve(u.session, key, exam_id)
            closed = self._closed_or_expired(u.session, key, exam)
            if closed is not None:
                return closed
            target = exam.position if position is None else position
            item = _item(u.session, exam.id, target)
            item.flagged = not item.flagged
            exam.position = target
            return self._view(u.session, exam)

    def goto(self, actor: Actor, exam_id: int | None, position: int) -> ExamStep:
        with self.ctx.work() as u:
            key = u.member(actor)
            exam = self._resolve(u.session, key, exam_id)
            closed = self._closed_or_expired(u.session, key, exam)
            if closed is not None:
                return closed
            if not 0 <= position < exam.total:
                raise TutorError(f"This exam has questions 1 to {exam.total}.")
            exam.position = position
            return self._view(u.session, exam)

    def review(self, actor: Actor, exam_id: int | None) -> ExamStep:
        with self.ctx.work() as u:
            key = u.member(actor)
            exam = self._resolve(u.session, key, exam_id)
            closed = self._closed_or_expired(u.session, key, exam)
            return closed if closed is not None else self._view(u.session, exam, review=True)

    def finish(self, actor: Actor, exam_id: int | None) -> ExamStep:
        with self.ctx.work() as u:
            key = u.member(actor)
            exam = self._resolve(u.session, key, exam_id)
            closed = self._closed_or_expired(u.session, key, exam)
            if closed is not None:
                return closed
            return self._close(u.session, key, exam, ExamState.FINISHED)

    def stop(self, actor: Actor) -> bool:
        """Abandon the open exam: nothing is scored or fed to spaced repetition."""
        with self.ctx.work() as u:
            exam = self._open_row(u.session, u.member(actor).member_id)
            if exam is None:
                return False
            exam.state, exam.open_slot, exam.finished_at = (
                ExamState.ABANDONED.value,
                None,
                self.ctx.now(),
            )
            return True

    def _resolve(self, s: Session, key: MemberKey, exam_id: int | None) -> MockExam:
        if exam_id is not None:
            return self._owned(s, key, exam_id)
        exam = self._open_row(s, key.member_id)
        if exam is None:
            raise TutorError("No open exam. Try `/ciip exam start short`.")
        return exam

    def _closed_or_expired(self, s: Session, key: MemberKey, exam: MockExam) -> ExamStep | None:
        if exam.state != ExamState.OPEN.value:
            return ExamClosed(exam.id, ExamState(exam.state))
        if self._expired(exam):
            return self._close(s, key, exam, ExamState.EXPIRED)
        return None

    # ------------------------------------------------------------------ closing
    def _close(self, s: Session, key: MemberKey, exam: MockExam, state: ExamState) -> ExamReport:
        now = self.ctx.now()
        items = self._items(s, exam.id)
        bank = self.ctx.catalog.bank.by_id
        results = [
            ItemResult(i.position, bank[i.question_id], i.choice)
            for i in items
            if i.question_id in bank
        ]
        by_position = {r.position: r for r in results}
        for item in items:
            result = by_position.get(item.position)
            item.correct = result.correct if result is not None else False
        exam.state, exam.open_slot = state.value, None
        exam.finished_at = min(now, exam.deadline_at)
        exam.correct = sum(1 for r in results if r.correct)
        for r in results:
            if r.choice is not None:
                self.recorder.record(
                    s,
                    key,
                    Submission(
                        r.question.id,
                        r.choice,
                        idempotency_key=f"exam:{exam.id}:{r.position}",
                        source="exam",
                        scored=False,
                    ),
                )
        return self._report(exam, results)

    @staticmethod
    def _report(exam: MockExam, results: list[ItemResult]) -> ExamReport:
        return build_report(
            exam_id=exam.id,
            kind=exam.kind,
            state=ExamState(exam.state),
            started_at=exam.started_at,
            ended_at=exam.finished_at or exam.deadline_at,
            deadline_at=exam.deadline_at,
            items=results,
        )

    def last_report(self, actor: Actor) -> ExamReport | None:
        """The most recent scored attempt's report (`exam report`)."""
        with self.ctx.work() as u:
            key = u.member(actor)
            exam = u.session.scalar(_scored_attempts(key.member_id).limit(1))
            if exam is None:
                return None
            bank = self.ctx.catalog.bank.by_id
            results = [
                ItemResult(i.position, bank[i.question_id], i.choice)
                for i in self._items(u.session, exam.id)
                if i.question_id in bank
            ]
            return self._report(exam, results)

    def history(self, actor: Actor, limit: int = 20) -> list[ExamSummary]:
        """Scored attempts, oldest first (the order a trend reads in)."""
        with self.ctx.work() as u:
            key = u.member(actor)
            rows = u.session.scalars(_scored_attempts(key.member_id).limit(limit)).all()
            return [
                ExamSummary(
                    r.id,
                    r.kind,
                    ExamState(r.state),
                    r.started_at,
                    r.total,
                    r.correct or 0,
                    (r.finished_at or r.deadline_at) - r.started_at,
                )
                for r in reversed(rows)
            ]

    # ------------------------------------------------------------------ the scheduler's sweep
    def expired_ids(self) -> list[int]:
        with self.ctx.read() as s:
            return list(
                s.scalars(
                    select(MockExam.id).where(
                        MockExam.state == ExamState.OPEN.value,
                        MockExam.deadline_at <= self.ctx.now(),
                    )
                )
            )

    def expire(self, exam_id: int) -> tuple[Address, ExamReport] | None:
        """Close one timed-out exam (its own transaction); None if someone else got there."""
        with self.ctx.work() as u:
            exam = u.session.get(MockExam, exam_id, with_for_update=self.ctx.db.is_postgres)
            if exam is None or not self._expired(exam):
                return None
            member = u.session.get(Member, exam.member_id)
            assert member is not None
            ws = u.session.get(Workspace, member.workspace_id)
            assert ws is not None
            key = MemberKey(member.workspace_id, member.id)
            report = self._close(u.session, key, exam, ExamState.EXPIRED)
            return Address(ws.platform, ws.external_id, member.external_id), report


def _scored_attempts(member_id: int) -> Select[tuple[MockExam]]:
    """A member's finished or expired exams, newest first."""
    return (
        select(MockExam)
        .where(
            MockExam.member_id == member_id,
            MockExam.state.in_((ExamState.FINISHED.value, ExamState.EXPIRED.value)),
        )
        .order_by(MockExam.started_at.desc(), MockExam.id.desc())
    )


def _item(s: Session, exam_id: int, position: int) -> MockExamItem:
    item = s.get(MockExamItem, (exam_id, position))
    if item is None:
        raise NotFound("That question is not part of this exam.")
    return item
