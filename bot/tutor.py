"""The facade every adapter, the scheduler and the console use: `Tutor`.

Open it on a database URL and a clock; ask it for a member's next question, submit answers
(idempotent by key), and read stats, streaks, leaderboards and CE status. It owns the one
`Database`, the in-memory `Bank`, the FSRS wrapper and the random source: one object built at
start-up and passed down, no module-level state.
"""

from __future__ import annotations

import functools
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import streaks
from bot.abii_rules import DOMAIN_BY_KEY, DOMAINS, Domain
from bot.bank import Bank, SyncReport, sync_questions
from bot.clock import Clock, SystemClock
from bot.errors import NotAllowed, NotFound, TutorError
from bot.identity import Actor, ChannelKey, MemberKey
from bot.leaderboard import Board, add_points, read_board, scope_for
from bot.learner import DomainSkill, domain_weights
from bot.scoring import PERIODS, PointsRule
from bot.selection import CardView, pick_personal
from bot.settings import CoreSettings
from bot.srs import Srs
from bot.storage.database import Database
from bot.storage.models import (
    Answer,
    Channel,
    DomainStat,
    Issued,
    Member,
    QuestionRow,
    SrsCard,
    Workspace,
)
from question_bank.schema import Question

__all__ = ["AnswerOutcome", "IssuedQuestion", "Tutor", "validate_timezone"]

T = TypeVar("T")


def validate_timezone(name: str) -> str:
    """An IANA zone name, or a friendly error naming an example."""
    cleaned = (name or "").strip()
    try:
        if not cleaned or cleaned.startswith(("/", ".")):
            raise ZoneInfoNotFoundError(cleaned)
        ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError):
        raise TutorError(
            f"`{cleaned[:60]}` is not an IANA timezone name; try e.g. `America/New_York` or "
            "`Europe/Berlin`."
        ) from None
    return cleaned


@dataclass(frozen=True, slots=True)
class IssuedQuestion:
    issued_id: int
    question: Question
    reason: str
    due_reviews: int


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
    first_choice_differs: bool = False


@functools.cache
def _count_domain_upsert(dialect: str):  # type: ignore[no-untyped-def]
    """Built once per dialect: building an upsert costs more than running it."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(DomainStat.__table__)
    return stmt.on_conflict_do_update(
        index_elements=["member_id", "domain"],
        set_={
            "answered": DomainStat.answered + stmt.excluded.answered,
            "correct": DomainStat.correct + stmt.excluded.correct,
        },
    )


@functools.cache
def _answer_insert(dialect: str):  # type: ignore[no-untyped-def]
    """Insert an answer unless its idempotency key exists, returning the new id (or nothing).

    One statement instead of a savepoint around an ORM insert: a duplicate delivery is simply
    "no row inserted", and a concurrent one waits on the unique key, then inserts nothing.
    """
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(Answer.__table__)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(Answer.__table__.c.id)
    )


class Tutor:
    def __init__(
        self,
        database: Database,
        clock: Clock | None = None,
        settings: CoreSettings | None = None,
        rng: random.Random | None = None,
        points: PointsRule | None = None,
    ) -> None:
        self.db = database
        self.clock = clock or SystemClock()
        self.settings = settings or CoreSettings()
        self.rng = rng or random.Random()
        self.points_rule = points or PointsRule()
        self.srs = Srs(self.settings.desired_retention)
        self.bank = Bank()
        self._bank_stamp: tuple = ()
        self._bank_checked = self.clock.now()
        self._members: dict[tuple[str, str, str], MemberKey] = {}
        self._workspaces: dict[tuple[str, str], int] = {}
        self._channels: dict[tuple[str, str, str], int] = {}
        database.on_commit(self._commit_cache)

    @staticmethod
    def _remember(s: Session, cache: dict, key: tuple, value: object) -> None:
        """Cache an id only once its transaction commits: a rolled-back insert leaves no id."""
        s.info.setdefault("ciip_cache", []).append((cache, key, value))

    @staticmethod
    def _commit_cache(s: Session) -> None:
        if s.in_nested_transaction():  # a savepoint released; the outer one may still roll back
            return
        for cache, key, value in s.info.pop("ciip_cache", ()):
            cache[key] = value

    # ----------------------------------------------------------------- lifecycle
    @classmethod
    def open(
        cls,
        database_url: str | None = None,
        clock: Clock | None = None,
        *,
        settings: CoreSettings | None = None,
        questions: list[Question] | None = None,
        migrate: bool = True,
        rng: random.Random | None = None,
    ) -> Tutor:
        """Open on a database (migrated to head unless told not to) and load the bank.

        `questions` are synced as the shipped bank when given; otherwise the bank is whatever
        the database already holds.
        """
        settings = settings or CoreSettings()
        db = Database(database_url if database_url is not None else settings.database_url)
        if migrate:
            db.upgrade()
        tutor = cls(db, clock, settings, rng)
        if questions is not None:
            tutor.sync_bank(questions)
        else:
            tutor.reload_bank()
        return tutor

    def close(self) -> None:
        self.db.dispose()

    def now(self) -> datetime:
        return self.clock.now()

    def sync_bank(self, questions: list[Question], workspace_id: int | None = None) -> SyncReport:
        with self.db.transaction() as s:
            report = sync_questions(s, questions, self.now(), workspace_id)
        self.reload_bank()
        return report

    def reload_bank(self) -> None:
        with self.db.session() as s:
            rows = s.scalars(select(QuestionRow).where(QuestionRow.active.is_(True))).all()
            self._bank_stamp = self._stamp(s)
        self.bank = Bank.from_rows(rows)
        self._bank_checked = self.now()

    @staticmethod
    def _stamp(s: Session) -> tuple:
        return tuple(s.execute(select(func.count(), func.max(QuestionRow.updated_at))).one())

    def refresh_bank_if_changed(self, every: timedelta = timedelta(seconds=60)) -> bool:
        """Pick up questions another process imported; checked at most once a minute."""
        if self.now() - self._bank_checked < every:
            return False
        self._bank_checked = self.now()
        with self.db.session() as s:
            changed = self._stamp(s) != self._bank_stamp
        if changed:
            self.reload_bank()
        return changed

    def workspace_id(self, platform: str, external_id: str) -> int:
        """Our id for a workspace, created on first use (team imports name it before any chat)."""
        with self.db.transaction() as s:
            return self._workspace_id(s, Actor(platform, external_id, user=""))

    def import_questions(self, platform: str, external_id: str, questions: list[Question]):  # type: ignore[no-untyped-def]
        """Add or update a workspace's own questions; they mix into that workspace's selection."""
        workspace_id = self.workspace_id(platform, external_id)
        with self.db.transaction() as s:
            report = sync_questions(s, questions, self.now(), workspace_id, retire_missing=False)
        self.reload_bank()
        return report

    def question_ids_outside(self, platform: str, external_id: str) -> set[str]:
        """Ids a workspace's import may not reuse: shipped ones and other workspaces'."""
        workspace_id = self.workspace_id(platform, external_id)
        with self.db.session() as s:
            return set(
                s.scalars(
                    select(QuestionRow.id).where(
                        (QuestionRow.workspace_id.is_(None))
                        | (QuestionRow.workspace_id != workspace_id)
                    )
                )
            )

    def missed_questions(self, actor: Actor) -> list[Question]:
        """Questions the member got wrong at least once, most recent miss first."""
        with self.db.transaction() as s:
            key = self._member(s, actor)
            rows = s.execute(
                select(Answer.question_id, func.max(Answer.answered_at))
                .where(Answer.member_id == key.member_id, Answer.correct.is_(False))
                .group_by(Answer.question_id)
                .order_by(func.max(Answer.answered_at).desc())
            ).all()
        return [self.bank.by_id[qid] for qid, _ in rows if qid in self.bank.by_id]

    # ----------------------------------------------------------------- identities
    @staticmethod
    def _get_or_create(s: Session, stmt: Select, make: Callable[[], T]) -> tuple[T, bool]:
        """The row `stmt` finds, or a new one from `make()`; a concurrent insert of the same
        row (two instances, a redelivered event) loses the race quietly and reads the winner."""
        row = s.scalar(stmt)
        if row is not None:
            return row, False
        row = make()
        try:
            with s.begin_nested():
                s.add(row)
        except IntegrityError:
            return s.scalars(stmt).one(), False
        return row, True

    def _workspace_id(self, s: Session, actor: Actor) -> int:
        key = (actor.platform, actor.workspace)
        if key in self._workspaces:
            return self._workspaces[key]
        row, _ = self._get_or_create(
            s,
            select(Workspace).where(
                Workspace.platform == actor.platform, Workspace.external_id == actor.workspace
            ),
            lambda: Workspace(
                platform=actor.platform,
                external_id=actor.workspace,
                name=actor.workspace_name[:200],
                created_at=self.now(),
            ),
        )
        self._remember(s, self._workspaces, key, row.id)
        return row.id

    def _member(self, s: Session, actor: Actor) -> MemberKey:
        key = (actor.platform, actor.workspace, actor.user)
        cached = self._members.get(key)
        if cached is not None:
            return cached
        workspace_id = self._workspace_id(s, actor)
        row, created = self._get_or_create(
            s,
            select(Member).where(
                Member.workspace_id == workspace_id, Member.external_id == actor.user
            ),
            lambda: Member(
                workspace_id=workspace_id,
                external_id=actor.user,
                display_name=(actor.display_name or actor.user)[:200],
                timezone=self.settings.default_timezone,
                created_at=self.now(),
            ),
        )
        if not created and actor.display_name and row.display_name != actor.display_name[:200]:
            row.display_name = actor.display_name[:200]
        member = MemberKey(workspace_id, row.id)
        self._remember(s, self._members, key, member)
        return member

    def _member_entity(self, s: Session, actor: Actor) -> Member:
        """The member's row, for the commands that change it (timezone, CE, nudges)."""
        row = s.get(Member, self._member(s, actor).member_id)
        assert row is not None
        return row

    def member_key(self, actor: Actor) -> MemberKey:
        with self.db.transaction() as s:
            return self._member(s, actor)

    def _channel(self, s: Session, actor: Actor) -> int | None:
        if not actor.channel:
            return None
        key = (actor.platform, actor.workspace, actor.channel)
        cached = self._channels.get(key)
        if cached is not None:
            return cached
        workspace_id = self._workspace_id(s, actor)
        row, _ = self._get_or_create(
            s,
            select(Channel).where(
                Channel.workspace_id == workspace_id, Channel.external_id == actor.channel
            ),
            lambda: Channel(
                workspace_id=workspace_id,
                external_id=actor.channel,
                name=actor.channel_name[:200],
                created_at=self.now(),
            ),
        )
        self._remember(s, self._channels, key, row.id)
        return row.id

    def channel_key(self, actor: Actor) -> ChannelKey:
        if not actor.channel:
            raise TutorError("This only works in a channel.")
        with self.db.transaction() as s:
            channel_id = self._channel(s, actor)
            assert channel_id is not None
            return ChannelKey(
                self._workspace_id(s, actor), channel_id, actor.platform, actor.channel
            )

    def member_row(self, actor: Actor) -> Member:
        with self.db.transaction() as s:
            return self._member_entity(s, actor)

    def set_timezone(self, actor: Actor, name: str) -> str:
        zone = validate_timezone(name)
        with self.db.transaction() as s:
            self._member_entity(s, actor).timezone = zone
        return zone

    # ----------------------------------------------------------------- quiz
    def _candidates(self, workspace_id: int, only: Domain | None) -> dict[str, list[str]]:
        domains = [only] if only else list(DOMAINS)
        return {d.key: self.bank.ids_in(d.key, workspace_id) for d in domains}

    def _domain_counts(self, s: Session, member_id: int) -> dict[str, tuple[int, int]]:
        rows = s.execute(
            select(DomainStat.domain, DomainStat.answered, DomainStat.correct).where(
                DomainStat.member_id == member_id
            )
        )
        return {domain: (answered, correct) for domain, answered, correct in rows}

    def _card_views(
        self, s: Session, member_id: int, now: datetime, *conditions: object
    ) -> list[CardView]:
        """The member's cards (those matching `conditions`); retrievability from the stability
        and last-review columns (kept equal to the card's own), so the cards' JSON is never
        decoded on this hot path."""
        rows = s.execute(
            select(SrsCard.question_id, SrsCard.due, SrsCard.last_review, SrsCard.stability).where(
                SrsCard.member_id == member_id, *conditions
            )
        ).all()
        views = []
        retrievability = self.srs.retrievability_of
        for qid, due, last, stability in rows:
            q = self.bank.by_id.get(qid)
            if q is None:
                continue
            views.append(CardView(qid, q.domain, due, last, retrievability(stability, last, now)))
        return views

    def _seen(self, s: Session, member_id: int) -> set[str]:
        return set(s.scalars(select(SrsCard.question_id).where(SrsCard.member_id == member_id)))

    def next_question(
        self, actor: Actor, domain: Domain | None = None, source: str = "quiz"
    ) -> IssuedQuestion | None:
        """The member's next personal question, recorded as issued; None when nothing is askable
        right now (every question seen within the repeat gap and none due)."""
        self.refresh_bank_if_changed()
        now = self.now()
        with self.db.transaction() as s:
            key = self._member(s, actor)
            gap = timedelta(days=self.settings.repeat_gap_days)
            due = self._card_views(s, key.member_id, now, SrsCard.due <= now)
            candidates = self._candidates(key.workspace_id, domain)
            weights = domain_weights(self._domain_counts(s, key.member_id), only=domain)
            pick = pick_personal(
                now=now,
                seen=self._seen(s, key.member_id),
                due=due,
                stale=lambda: self._card_views(
                    s, key.member_id, now, SrsCard.last_review <= now - gap
                ),
                candidates_by_domain=candidates,
                weights=weights,
                repeat_gap=gap,
                rng=self.rng,
            )
            if pick is None:
                return None
            issued = Issued(
                member_id=key.member_id,
                question_id=pick.question_id,
                source=source,
                issued_at=now,
            )
            s.add(issued)
            s.flush()
            return IssuedQuestion(
                issued.id, self.bank.by_id[pick.question_id], pick.reason, len(due)
            )

    def open_question(self, actor: Actor) -> IssuedQuestion | None:
        """The member's latest unanswered personal question (the console answers this one)."""
        with self.db.transaction() as s:
            key = self._member(s, actor)
            row = s.scalar(
                select(Issued)
                .where(Issued.member_id == key.member_id, Issued.answered_at.is_(None))
                .order_by(Issued.id.desc())
                .limit(1)
            )
            if row is None or row.question_id not in self.bank.by_id:
                return None
            return IssuedQuestion(row.id, self.bank.by_id[row.question_id], "open", 0)

    def answer_issued(self, actor: Actor, issued_id: int, choice: str) -> AnswerOutcome:
        """Answer a personal question by its issued id; double clicks count once."""
        with self.db.transaction() as s:
            key = self._member(s, actor)
            issued = s.get(Issued, issued_id)
            if issued is None or issued.question_id not in self.bank.by_id:
                raise NotFound("That question is no longer available. Try `/ciip quiz`.")
            if issued.member_id != key.member_id:
                raise NotAllowed("That question was someone else's. Try `/ciip quiz` for yours.")
            channel_id = self._channel(s, actor)
            return self._submit(
                s,
                key,
                issued.question_id,
                choice,
                idempotency_key=f"issued:{issued.id}",
                source=issued.source,
                channel_id=channel_id,
                issued=issued,
            )

    def submit_answer(
        self,
        actor: Actor,
        question_id: str,
        choice: str,
        idempotency_key: str,
        source: str = "quiz",
        daily_post_id: int | None = None,
    ) -> AnswerOutcome:
        """Record an answer; a second call with the same key returns the first outcome."""
        with self.db.transaction() as s:
            key = self._member(s, actor)
            if question_id not in self.bank.by_id or not self.bank.visible_to(
                question_id, key.workspace_id
            ):
                raise NotFound(f"There is no question `{question_id}`.")
            return self._submit(
                s,
                key,
                question_id,
                choice,
                idempotency_key=idempotency_key,
                source=source,
                channel_id=self._channel(s, actor),
                daily_post_id=daily_post_id,
            )

    def _submit(
        self,
        s: Session,
        key: MemberKey,
        question_id: str,
        choice: str,
        *,
        idempotency_key: str,
        source: str,
        channel_id: int | None,
        issued: Issued | None = None,
        daily_post_id: int | None = None,
    ) -> AnswerOutcome:
        choice = (choice or "").strip().upper()
        if choice not in ("A", "B", "C", "D"):
            raise TutorError("Answer with A, B, C or D.")
        question = self.bank.by_id[question_id]
        member = s.get(Member, key.member_id, with_for_update=self.db.is_postgres)
        assert member is not None
        # An issued question not yet answered has no answer under its key (both are written in
        # one transaction), so the look-up is skipped; a racing duplicate still ends up below,
        # at the unique key, with the same outcome.
        if issued is None or issued.answered_at is not None:
            previous = s.scalar(select(Answer).where(Answer.idempotency_key == idempotency_key))
            if previous is not None:
                return self._outcome(question, previous, member, duplicate=True, asked=choice)
        now = self.now()
        correct = choice == question.key
        today = streaks.local_date(now, member.timezone)
        before = streaks.StreakState(
            member.streak_current, member.streak_best, member.streak_last_date
        )
        after = streaks.advance(before, today)
        first_today = after is not before
        points = self.points_rule.points(correct, first_today, after.current)
        inserted = s.execute(
            _answer_insert(self.db.engine.dialect.name),
            {
                "member_id": key.member_id,
                "question_id": question_id,
                "question_hash": question.hash,
                "choice": choice,
                "correct": correct,
                "answered_at": now,
                "source": source,
                "channel_id": channel_id,
                "daily_post_id": daily_post_id,
                "points": points,
                "idempotency_key": idempotency_key,
            },
        ).scalar()
        if inserted is None:
            previous = s.scalars(
                select(Answer).where(Answer.idempotency_key == idempotency_key)
            ).one()
            return self._outcome(question, previous, member, duplicate=True, asked=choice)
        member.streak_current, member.streak_best, member.streak_last_date = (
            after.current,
            after.best,
            after.last_day,
        )
        self._review(s, key.member_id, question_id, correct, now)
        self._count_domain(s, key.member_id, question.domain, correct)
        scopes = [scope_for(key.workspace_id)]
        if channel_id is not None:
            scopes.append(scope_for(key.workspace_id, channel_id))
        add_points(s, scopes, key.member_id, points, correct, now)
        if issued is not None:
            issued.answered_at = now
        return AnswerOutcome(
            question, choice, correct, False, after.current, after.best, points, source
        )

    def _outcome(
        self, question: Question, answer: Answer, member: Member, *, duplicate: bool, asked: str
    ) -> AnswerOutcome:
        today = streaks.local_date(self.now(), member.timezone)
        state = streaks.StreakState(
            member.streak_current, member.streak_best, member.streak_last_date
        )
        return AnswerOutcome(
            question,
            answer.choice,
            answer.correct,
            duplicate,
            streaks.current_length(state, today),
            member.streak_best,
            answer.points,
            answer.source,
            first_choice_differs=asked != answer.choice,
        )

    def _review(
        self, s: Session, member_id: int, question_id: str, correct: bool, now: datetime
    ) -> None:
        card = s.get(SrsCard, (member_id, question_id))
        review = self.srs.review(card.card if card else None, correct, now)
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
                )
            )
        else:
            card.card, card.due, card.last_review = review.card, review.due, review.last_review
            card.stability, card.difficulty = review.stability, review.difficulty

    def _count_domain(self, s: Session, member_id: int, domain: str, correct: bool) -> None:
        """One upsert, not a read and a write: the counts are only ever added to."""
        connection = s.connection()
        connection.execute(
            _count_domain_upsert(connection.dialect.name),
            {"member_id": member_id, "domain": domain, "answered": 1, "correct": int(correct)},
        )

    # ----------------------------------------------------------------- learner views
    def skills(self, actor: Actor) -> list[DomainSkill]:
        """Per-domain skill with accuracy, Wilson interval and mean FSRS retrievability."""
        now = self.now()
        with self.db.transaction() as s:
            key = self._member(s, actor)
            counts = self._domain_counts(s, key.member_id)
            recall: dict[str, list[float]] = defaultdict(list)
            for view in self._card_views(s, key.member_id, now):
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

    @staticmethod
    def weakest(skills: list[DomainSkill], n: int = 3) -> list[DomainSkill]:
        """Weakest tried domains: lowest Wilson upper bound, then lowest accuracy."""
        tried = [k for k in skills if k.answered]
        return sorted(tried, key=lambda k: (k.interval[1], k.posterior_mean, k.domain.letter))[:n]

    def streak(self, actor: Actor) -> tuple[int, int, date | None]:
        member = self.member_row(actor)
        state = streaks.StreakState(
            member.streak_current, member.streak_best, member.streak_last_date
        )
        today = streaks.local_date(self.now(), member.timezone)
        return streaks.current_length(state, today), member.streak_best, member.streak_last_date

    def leaderboard(
        self,
        actor: Actor,
        period: str = "week",
        here: bool = False,
        limit: int = 10,
        offset: int = 0,
    ) -> Board:
        if period not in PERIODS:
            raise TutorError("The period is `week`, `month` or `all`.")
        with self.db.transaction() as s:
            key = self._member(s, actor)
            channel_id = self._channel(s, actor) if here else None
            if here and channel_id is None:
                raise TutorError("`here` only works in a channel.")
            scope = scope_for(key.workspace_id, channel_id)
            return read_board(s, scope, period, self.now(), key.member_id, limit, offset)

    def domain_of(self, question_id: str) -> Domain | None:
        q = self.bank.by_id.get(question_id)
        return DOMAIN_BY_KEY.get(q.domain) if q else None

    def set_nudges(self, actor: Actor, at: str | None) -> None:
        """Opt in to study nudges at local HH:MM, or out with None."""
        with self.db.transaction() as s:
            row = self._member_entity(s, actor)
            row.nudges_enabled = at is not None
            row.nudge_time = at
