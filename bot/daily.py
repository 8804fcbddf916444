"""A channel's daily question: schedule settings, choice, the exactly-once claim, answers, reveal.

The claim is a row in `daily_posts`, unique per (channel, local date): whoever inserts it owns
that day's post, so two scheduler instances or a restart can never post twice. Posting itself
(and retries) belongs to the scheduler; this module is the state machine it drives:
`claimed` -> `posted` -> revealed (`closed`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from bot import actions
from bot.errors import NotFound, TutorError
from bot.identity import Actor, ChannelKey
from bot.learner import domain_weights
from bot.messages import Button, Choice, Field, Message
from bot.render import explanation_fields, question_header
from bot.selection import GroupRecall, pick_daily
from bot.storage.models import Answer, Channel, DailyPost, SrsCard, Workspace
from bot.tutor import AnswerOutcome, validate_timezone
from question_bank.schema import LETTERS

if TYPE_CHECKING:
    from bot.tutor import Tutor

__all__ = ["DailyBook", "DailySchedule", "Tally"]


@dataclass(frozen=True, slots=True)
class DailySchedule:
    channel: ChannelKey
    time: str
    timezone: str
    weekdays_only: bool
    reveal_after_minutes: int
    digest_enabled: bool


@dataclass(frozen=True, slots=True)
class Tally:
    answered: int
    correct: int

    @property
    def percent_correct(self) -> int:
        return round(100 * self.correct / self.answered) if self.answered else 0


class DailyBook:
    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    # ------------------------------------------------------------------ schedule settings
    def configure(
        self,
        actor: Actor,
        at: str,
        timezone: str | None,
        weekdays_only: bool | None,
    ) -> DailySchedule:
        key = self.tutor.channel_key(actor)
        with self.tutor.db.transaction() as s:
            row = s.get(Channel, key.channel_id)
            assert row is not None
            if timezone is None:
                timezone = row.daily_timezone or self.tutor._member_entity(s, actor).timezone
            row.daily_enabled = True
            row.daily_time = at
            row.daily_timezone = validate_timezone(timezone)
            if weekdays_only is not None:
                row.daily_weekdays_only = weekdays_only
            row.reveal_after_minutes = row.reveal_after_minutes or (
                self.tutor.settings.daily_reveal_minutes
            )
            return self._schedule(row, key)

    def disable(self, actor: Actor) -> ChannelKey:
        key = self.tutor.channel_key(actor)
        with self.tutor.db.transaction() as s:
            row = s.get(Channel, key.channel_id)
            assert row is not None
            row.daily_enabled = False
        return key

    def set_digest(self, actor: Actor, enabled: bool) -> ChannelKey:
        key = self.tutor.channel_key(actor)
        with self.tutor.db.transaction() as s:
            row = s.get(Channel, key.channel_id)
            assert row is not None
            row.digest_enabled = enabled
        return key

    @staticmethod
    def _schedule(row: Channel, key: ChannelKey) -> DailySchedule:
        return DailySchedule(
            key,
            row.daily_time or "09:00",
            row.daily_timezone or "UTC",
            row.daily_weekdays_only,
            row.reveal_after_minutes,
            row.digest_enabled,
        )

    def schedule(self, channel_id: int) -> DailySchedule | None:
        with self.tutor.db.session() as s:
            row = s.get(Channel, channel_id)
            if row is None or not row.daily_enabled:
                return None
            ws = s.get(Workspace, row.workspace_id)
            assert ws is not None
            return self._schedule(
                row, ChannelKey(row.workspace_id, row.id, ws.platform, row.external_id)
            )

    def schedules(self, platform: str | None = None) -> list[DailySchedule]:
        """Every enabled schedule: the database is the source of truth the jobs are built from."""
        with self.tutor.db.session() as s:
            stmt = (
                select(Channel, Workspace.platform)
                .join(Workspace, Workspace.id == Channel.workspace_id)
                .where(Channel.daily_enabled.is_(True))
            )
            if platform:
                stmt = stmt.where(Workspace.platform == platform)
            return [
                self._schedule(row, ChannelKey(row.workspace_id, row.id, plat, row.external_id))
                for row, plat in s.execute(stmt)
            ]

    # ------------------------------------------------------------------ choosing and claiming
    def choose_question(self, channel_id: int, now: datetime) -> str | None:
        """Spaced repetition for the group (see `bot.selection.pick_daily`)."""
        with self.tutor.db.session() as s:
            channel = s.get(Channel, channel_id)
            if channel is None:
                raise NotFound("unknown channel")
            posts = s.execute(
                select(DailyPost.id, DailyPost.question_id, DailyPost.local_date).where(
                    DailyPost.channel_id == channel_id
                )
            ).all()
            gap = timedelta(days=self.tutor.settings.repeat_gap_days)
            today = now.date()
            recent = {qid for _, qid, day in posts if today - day < gap}
            answers = s.execute(
                select(Answer.member_id, Answer.question_id, Answer.correct).where(
                    Answer.channel_id == channel_id, Answer.source == "daily"
                )
            ).all()
            by_question: dict[str, list[tuple[int, bool]]] = defaultdict(list)
            counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for member_id, qid, correct in answers:
                by_question[qid].append((member_id, correct))
                q = self.tutor.bank.by_id.get(qid)
                if q is not None:
                    counts[q.domain][0] += 1
                    counts[q.domain][1] += int(correct)
            history = []
            for _, qid, _ in posts:
                if qid not in self.tutor.bank.by_id:
                    continue
                recalls = []
                for member_id, correct in by_question.get(qid, ()):
                    card = s.get(SrsCard, (member_id, qid))
                    if card is not None:
                        recalls.append((self.tutor.srs.retrievability(card.card, now), correct))
                history.append(GroupRecall(qid, recalls))
            pick = pick_daily(
                history=history,
                recent=recent,
                candidates_by_domain=self.tutor._candidates(channel.workspace_id, None),
                weights=domain_weights({d: (a, c) for d, (a, c) in counts.items()}),
                target_retention=self.tutor.settings.desired_retention,
                rng=self.tutor.rng,
            )
            return pick.question_id if pick else None

    def claim(self, channel_id: int, local_day: date, now: datetime, by: str) -> DailyPost | None:
        """Claim the channel's post for `local_day`; None if someone already has it."""
        question_id = self.choose_question(channel_id, now)
        if question_id is None:
            return None
        try:
            with self.tutor.db.transaction() as s:
                post = DailyPost(
                    channel_id=channel_id,
                    local_date=local_day,
                    question_id=question_id,
                    status="claimed",
                    claimed_at=now,
                    claimed_by=by[:80],
                )
                s.add(post)
                s.flush()
                return post
        except IntegrityError:
            return None

    def post_for(self, channel_id: int, local_day: date) -> DailyPost | None:
        with self.tutor.db.session() as s:
            return s.scalar(
                select(DailyPost).where(
                    DailyPost.channel_id == channel_id, DailyPost.local_date == local_day
                )
            )

    def get(self, post_id: int) -> DailyPost | None:
        with self.tutor.db.session() as s:
            return s.get(DailyPost, post_id)

    def mark(self, post_id: int, **values: object) -> DailyPost:
        """Update a post's state fields (status, attempts, posted_at, message_ref, ...)."""
        with self.tutor.db.transaction() as s:
            post = s.get(DailyPost, post_id)
            if post is None:
                raise NotFound(f"no daily post {post_id}")
            for name, value in values.items():
                setattr(post, name, value)
            return post

    def unsent(self) -> list[DailyPost]:
        """Claimed posts never marked posted (a restart between claim and send)."""
        with self.tutor.db.session() as s:
            return list(
                s.scalars(
                    select(DailyPost).where(
                        DailyPost.status != "posted", DailyPost.closed.is_(False)
                    )
                )
            )

    def unrevealed(self) -> list[DailyPost]:
        with self.tutor.db.session() as s:
            return list(
                s.scalars(
                    select(DailyPost).where(
                        DailyPost.status == "posted", DailyPost.revealed_at.is_(None)
                    )
                )
            )

    # ------------------------------------------------------------------ answers and reveal
    def answer(self, actor: Actor, post_id: int, letter: str) -> AnswerOutcome:
        post = self.get(post_id)
        if post is None:
            raise NotFound("That daily question no longer exists.")
        if post.closed or post.revealed_at is not None:
            raise TutorError("This daily question is closed; the answer has been posted under it.")
        member = self.tutor.member_key(actor)
        return self.tutor.submit_answer(
            actor,
            post.question_id,
            letter,
            idempotency_key=f"daily:{post_id}:{member.member_id}",
            source="daily",
            daily_post_id=post_id,
        )

    def tally(self, post_id: int) -> Tally:
        with self.tutor.db.session() as s:
            answered, correct = s.execute(
                select(
                    func.count(Answer.id),
                    func.coalesce(func.sum(case((Answer.correct.is_(True), 1), else_=0)), 0),
                ).where(Answer.daily_post_id == post_id)
            ).one()
            return Tally(int(answered or 0), int(correct or 0))

    def question_message(self, post: DailyPost, tally: Tally | None = None) -> Message:
        q = self.tutor.bank.by_id[post.question_id]
        count = tally.answered if tally else 0
        return Message(
            title=f"Daily question · {question_header(q)}",
            body=q.stem,
            choices=tuple(Choice(letter, q.options[letter]) for letter in LETTERS),
            buttons=tuple(
                Button(letter, actions.answer_daily(post.id, letter)) for letter in LETTERS
            ),
            footer=f"{count} answered · answer privately with a button",
            private=False,
        )

    def reveal_message(self, post: DailyPost, tally: Tally) -> Message:
        q = self.tutor.bank.by_id[post.question_id]
        return Message(
            title=f"Answer: {q.key}) {q.options[q.key]}",
            body=f"{tally.answered} answered, {tally.percent_correct}% correct.",
            fields=(*explanation_fields(q, None), Field("Question", q.id)),
            private=False,
        )

    def closed_message(self, post: DailyPost, tally: Tally) -> Message:
        """The channel message after the reveal: same question, no buttons, the result."""
        q = self.tutor.bank.by_id[post.question_id]
        return Message(
            title=f"Daily question (closed) · {question_header(q)}",
            body=q.stem,
            choices=tuple(Choice(letter, q.options[letter]) for letter in LETTERS),
            footer=f"{tally.answered} answered, {tally.percent_correct}% correct · answer: {q.key}",
            private=False,
        )

    def channel_key(self, channel_id: int) -> ChannelKey | None:
        with self.tutor.db.session() as s:
            row = s.get(Channel, channel_id)
            if row is None:
                return None
            ws = s.get(Workspace, row.workspace_id)
            assert ws is not None
            return ChannelKey(row.workspace_id, row.id, ws.platform, row.external_id)
