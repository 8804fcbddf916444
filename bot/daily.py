"""A channel's daily question: schedule settings, choice, the exactly-once claim, answers.

The claim is a row in `daily_posts`, unique per (channel, local date): whoever inserts it owns
that day's post, so two scheduler instances or a restart can never post twice. The post moves
through `DailyState` by named transitions only (`bot.daily_posting` drives them):
CLAIMED -> SENDING -> POSTED -> (revealed, `closed`), with SENDING -> CLAIMED after a failed send
and CLAIMED -> EXPIRED when a restart comes too late.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.answers import AnswerOutcome, AnswerRecorder, Submission
from bot.context import CoreContext
from bot.errors import NotFound, TutorError
from bot.exam_selection import FOCUS_BOOST
from bot.identity import Actor, ChannelKey
from bot.learner import domain_weights
from bot.members import validate_timezone, zone_of
from bot.plans import channel_focus
from bot.reports import withheld_ids
from bot.selection import GroupRecall, pick_daily
from bot.storage.models import AnonymousTally, Answer, Channel, DailyPost, SrsCard, Workspace

__all__ = ["DailyBook", "DailySchedule", "DailyState", "Tally"]

HISTORY_DAYS = 730
"""How far back the channel's group recall looks (bounded: one query, at most two years)."""


class DailyState(StrEnum):
    CLAIMED = "claimed"
    SENDING = "sending"
    POSTED = "posted"
    EXPIRED = "expired"


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


def _schedule(row: Channel, key: ChannelKey) -> DailySchedule:
    return DailySchedule(
        key,
        row.daily_time or "09:00",
        row.daily_timezone or "UTC",
        row.daily_weekdays_only,
        row.reveal_after_minutes,
        row.digest_enabled,
    )


class DailyBook:
    def __init__(self, ctx: CoreContext, recorder: AnswerRecorder) -> None:
        self.ctx = ctx
        self.recorder = recorder

    # ------------------------------------------------------------------ schedule settings
    def configure(
        self, actor: Actor, at: str, timezone: str | None, weekdays_only: bool | None
    ) -> DailySchedule:
        with self.ctx.work() as u:
            key = u.directory.channel_key(u.session, actor)
            row = u.session.get(Channel, key.channel_id)
            assert row is not None
            if timezone is None:
                member = u.directory.member_row(u.session, actor)
                timezone = row.daily_timezone or zone_of(member, self.ctx.settings.default_timezone)
            row.daily_enabled = True
            row.daily_time = at
            row.daily_timezone = validate_timezone(timezone)
            if weekdays_only is not None:
                row.daily_weekdays_only = weekdays_only
            row.reveal_after_minutes = row.reveal_after_minutes or (
                self.ctx.settings.daily_reveal_minutes
            )
            return _schedule(row, key)

    def _set(self, actor: Actor, **values: object) -> ChannelKey:
        with self.ctx.work() as u:
            key = u.directory.channel_key(u.session, actor)
            row = u.session.get(Channel, key.channel_id)
            assert row is not None
            for name, value in values.items():
                setattr(row, name, value)
            return key

    def disable(self, actor: Actor) -> ChannelKey:
        return self._set(actor, daily_enabled=False)

    def set_digest(self, actor: Actor, enabled: bool) -> ChannelKey:
        return self._set(actor, digest_enabled=enabled)

    def schedule(self, channel_id: int) -> DailySchedule | None:
        with self.ctx.read() as s:
            row = s.get(Channel, channel_id)
            if row is None or not row.daily_enabled:
                return None
            ws = s.get(Workspace, row.workspace_id)
            assert ws is not None
            return _schedule(
                row,
                ChannelKey(row.workspace_id, row.id, ws.platform, row.external_id, ws.external_id),
            )

    def schedules(self, platform: str | None = None) -> list[DailySchedule]:
        """Every enabled schedule: the database is the source of truth the jobs are built from."""
        with self.ctx.read() as s:
            stmt = (
                select(Channel, Workspace.platform, Workspace.external_id)
                .join(Workspace, Workspace.id == Channel.workspace_id)
                .where(Channel.daily_enabled.is_(True))
            )
            if platform:
                stmt = stmt.where(Workspace.platform == platform)
            return [
                _schedule(row, ChannelKey(row.workspace_id, row.id, plat, row.external_id, ws))
                for row, plat, ws in s.execute(stmt)
            ]

    # ------------------------------------------------------------------ choosing and claiming
    def choose_question(self, channel_id: int, now: datetime) -> str | None:
        """Spaced repetition for the group (see `bot.selection.pick_daily`), from one bounded
        query over the channel's recent posts and its members' stored card columns."""
        with self.ctx.read() as s:
            channel = s.get(Channel, channel_id)
            if channel is None:
                raise NotFound("unknown channel")
            today = now.astimezone(ZoneInfo(channel.daily_timezone or "UTC")).date()
            since = today - timedelta(days=HISTORY_DAYS)
            gap = timedelta(days=self.ctx.settings.repeat_gap_days)
            rows = s.execute(
                select(
                    DailyPost.question_id,
                    DailyPost.local_date,
                    Answer.correct,
                    SrsCard.stability,
                    SrsCard.last_review,
                )
                .select_from(DailyPost)
                .outerjoin(Answer, Answer.daily_post_id == DailyPost.id)
                .outerjoin(
                    SrsCard,
                    (SrsCard.member_id == Answer.member_id)
                    & (SrsCard.question_id == DailyPost.question_id),
                )
                .where(DailyPost.channel_id == channel_id, DailyPost.local_date >= since)
            ).all()
            focus = channel_focus(s, channel, now)
            withheld = withheld_ids(s, channel.workspace_id, self.ctx.settings.report_threshold)
        bank = self.ctx.catalog.bank.by_id
        retrievability = self.ctx.srs.retrievability_of
        recent: set[str] = set()
        recalls: dict[str, list[tuple[float, bool]]] = defaultdict(list)
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for qid, day, correct, stability, last in rows:
            if today - day < gap:
                recent.add(qid)
            recalls.setdefault(qid, [])
            if correct is None or qid not in bank:
                continue
            counts[bank[qid].domain][0] += 1
            counts[bank[qid].domain][1] += int(correct)
            if stability is not None and last is not None:
                recalls[qid].append((retrievability(stability, last, now), correct))
        pick = pick_daily(
            history=[
                GroupRecall(q, r) for q, r in recalls.items() if q in bank and q not in withheld
            ],
            recent=recent,
            candidates_by_domain={
                d: [q for q in ids if q not in withheld]
                for d, ids in self.ctx.catalog.candidates(channel.workspace_id).items()
            },
            weights={
                d: w * (FOCUS_BOOST if d in focus else 1.0)
                for d, w in domain_weights({d: (a, c) for d, (a, c) in counts.items()}).items()
            },
            target_retention=self.ctx.settings.desired_retention,
            rng=self.ctx.rng,
        )
        return pick.question_id if pick else None

    def claim(self, channel_id: int, local_day: date, now: datetime, by: str) -> DailyPost | None:
        """Claim the channel's post for `local_day`; None if someone already has it."""
        question_id = self.choose_question(channel_id, now)
        if question_id is None:
            return None
        try:
            with self.ctx.work() as u:
                post = DailyPost(
                    channel_id=channel_id,
                    local_date=local_day,
                    question_id=question_id,
                    status=DailyState.CLAIMED,
                    claimed_at=now,
                    claimed_by=by[:80],
                )
                u.session.add(post)
                u.session.flush()
                return post
        except IntegrityError:
            return None

    # ------------------------------------------------------------------ named transitions
    def take_for_sending(self, post_id: int, by: str) -> bool:
        """Compare-and-set CLAIMED -> SENDING; True for the one caller that may send."""
        with self.ctx.work() as u:
            result = u.session.execute(
                update(DailyPost)
                .where(DailyPost.id == post_id, DailyPost.status == DailyState.CLAIMED)
                .values(
                    status=DailyState.SENDING, claimed_by=by[:80], attempts=DailyPost.attempts + 1
                )
            )
            return result.rowcount == 1

    def _mark(self, post_id: int, **values: object) -> DailyPost:
        with self.ctx.work() as u:
            post = u.session.get(DailyPost, post_id)
            if post is None:
                raise NotFound(f"no daily post {post_id}")
            for name, value in values.items():
                setattr(post, name, value)
            return post

    def mark_posted(self, post_id: int, ref: str, reveal_after: timedelta) -> DailyPost:
        now = self.ctx.now()
        return self._mark(
            post_id,
            status=DailyState.POSTED,
            posted_at=now,
            message_ref=ref,
            reveal_at=now + reveal_after,
        )

    def release_after_failure(self, post_id: int) -> None:
        """SENDING -> CLAIMED: the platform refused; a later fire or catch-up may send it."""
        self._mark(post_id, status=DailyState.CLAIMED)

    def expire(self, post_id: int) -> None:
        self._mark(post_id, status=DailyState.EXPIRED)

    def close(self, post_id: int) -> DailyPost:
        """POSTED -> revealed: no answer counts from here on."""
        return self._mark(post_id, revealed_at=self.ctx.now(), closed=True)

    def reopen(self, post_id: int) -> None:
        """Undo `close` when the reveal could not be sent; the next sweep tries again."""
        self._mark(post_id, revealed_at=None, closed=False)

    # ------------------------------------------------------------------ reading posts
    def post_for(self, channel_id: int, local_day: date) -> DailyPost | None:
        with self.ctx.read() as s:
            return s.scalar(
                select(DailyPost).where(
                    DailyPost.channel_id == channel_id, DailyPost.local_date == local_day
                )
            )

    def get(self, post_id: int) -> DailyPost | None:
        with self.ctx.read() as s:
            return s.get(DailyPost, post_id)

    def unsent(self) -> list[DailyPost]:
        """Posts claimed (or mid-send at a crash) and never marked posted."""
        with self.ctx.read() as s:
            return list(
                s.scalars(
                    select(DailyPost).where(
                        DailyPost.status.in_((DailyState.CLAIMED, DailyState.SENDING)),
                        DailyPost.closed.is_(False),
                    )
                )
            )

    def reveal_due(self, now: datetime) -> list[DailyPost]:
        with self.ctx.read() as s:
            return list(
                s.scalars(
                    select(DailyPost).where(
                        DailyPost.status == DailyState.POSTED,
                        DailyPost.revealed_at.is_(None),
                        DailyPost.reveal_at <= now,
                        DailyPost.message_ref.is_not(None),
                    )
                )
            )

    def channel_key(self, channel_id: int) -> ChannelKey | None:
        with self.ctx.read() as s:
            return self.ctx.directory.channel_key_of(s, channel_id)

    # ------------------------------------------------------------------ answers
    def answer(self, actor: Actor, post_id: int, letter: str) -> tuple[AnswerOutcome, DailyPost]:
        """A member's private answer; the "closed?" check runs inside the answer's transaction,
        after the member row is locked, so an answer either counts and is in the revealed
        tally, or is refused."""
        with self.ctx.work() as u:
            post = u.session.get(DailyPost, post_id)
            if post is None or post.question_id not in self.ctx.catalog.bank.by_id:
                raise NotFound("That daily question no longer exists.")
            key = u.member(actor)

            def still_open(s: Session) -> None:
                s.refresh(post, with_for_update=self.ctx.db.is_postgres)
                if post.closed or post.revealed_at is not None:
                    raise TutorError(
                        "This daily question is closed; the answer has been posted under it."
                    )

            outcome = self.recorder.record(
                u.session,
                key,
                Submission(
                    post.question_id,
                    letter,
                    idempotency_key=f"daily:{post_id}:{key.member_id}",
                    source="daily",
                    channel_id=post.channel_id,
                    daily_post_id=post_id,
                ),
                guard=still_open,
            )
            return outcome, post

    def tally(self, post_id: int) -> Tally:
        with self.ctx.read() as s:
            answered, correct = s.execute(
                select(
                    func.count(Answer.id),
                    func.coalesce(func.sum(case((Answer.correct.is_(True), 1), else_=0)), 0),
                ).where(Answer.daily_post_id == post_id)
            ).one()
            gone = s.get(AnonymousTally, post_id)
            if gone is not None:  # members who deleted their data still count, anonymously
                answered, correct = (answered or 0) + gone.answered, (correct or 0) + gone.correct
            return Tally(int(answered or 0), int(correct or 0))
