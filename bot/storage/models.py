"""The database schema, as typed SQLAlchemy 2.x models.

The same models serve SQLite (embedded default) and PostgreSQL (production); Alembic migrations in
`bot/storage/migrations` are generated from them and are what actually creates the tables.
Timestamps are stored timezone-aware (UTC); local dates (streaks, daily posts) as plain dates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.storage.types import UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

IdType = BigInteger().with_variant(Integer, "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), dict[str, Any]: JSON}


class Workspace(Base):
    """A Slack workspace, a Discord guild, or the console's single local workspace."""

    __tablename__ = "workspaces"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]


class Channel(Base):
    """A channel (or Discord thread) with its daily-question schedule and study-group flag."""

    __tablename__ = "channels"
    __table_args__ = (UniqueConstraint("workspace_id", "external_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), default="")
    daily_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    daily_time: Mapped[str | None] = mapped_column(String(5), default=None)
    daily_timezone: Mapped[str | None] = mapped_column(String(64), default=None)
    daily_weekdays_only: Mapped[bool] = mapped_column(Boolean, default=False)
    reveal_after_minutes: Mapped[int] = mapped_column(Integer, default=480)
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    is_study_group: Mapped[bool] = mapped_column(Boolean, default=False)
    group_role_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime]


class Member(Base):
    """A person in one workspace, with the learner state that is cheaper kept than derived."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("workspace_id", "external_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str | None] = mapped_column(String(64), default=None)
    """None: follow CIIP_DEFAULT_TIMEZONE (see `bot.members.zone_of`)."""
    streak_current: Mapped[int] = mapped_column(Integer, default=0)
    streak_best: Mapped[int] = mapped_column(Integer, default=0)
    streak_last_date: Mapped[date | None] = mapped_column(Date, default=None)
    ce_passed_on: Mapped[date | None] = mapped_column(Date, default=None)
    ce_reminders: Mapped[bool] = mapped_column(Boolean, default=True)
    nudges_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    nudge_time: Mapped[str | None] = mapped_column(String(5), default=None)
    quiet_start: Mapped[str] = mapped_column(String(5), default="21:00")
    quiet_end: Mapped[str] = mapped_column(String(5), default="08:00")
    created_at: Mapped[datetime]


class QuestionRow(Base):
    """A question synced from `question_bank/` (or imported by a team) by its stable id.

    `body` holds the validated question as JSON; `content_hash` changes when a learner-visible
    part is edited, and each answer records the hash it was given under, so history survives edits.
    """

    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    domain: Mapped[str] = mapped_column(String(40), index=True)
    subtopic: Mapped[str] = mapped_column(String(60))
    difficulty: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1)
    workspace_id: Mapped[int | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), default=None, index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    body: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class SrsCard(Base):
    """One member's FSRS card for one question (the fsrs package's own dict form in `card`)."""

    __tablename__ = "srs_cards"
    __table_args__ = (Index("ix_srs_cards_member_due", "member_id", "due"),)

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    due: Mapped[datetime]
    last_review: Mapped[datetime]
    stability: Mapped[float | None] = mapped_column(Float, default=None)
    difficulty: Mapped[float | None] = mapped_column(Float, default=None)
    card: Mapped[dict[str, Any]]
    first_review: Mapped[datetime | None] = mapped_column(default=None)
    """When the member first answered it (None for cards older than migration 0006): today's
    new questions are counted from the cards query, without decoding any card."""


class Issued(Base):
    """A question handed to a member (personal quiz): what a button or letter answers.

    Persisted so that a restart mid-quiz loses nothing and a button from an old message still
    knows which question it belongs to.
    """

    __tablename__ = "issued"
    __table_args__ = (Index("ix_issued_member_open", "member_id", "answered_at"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(10), default="quiz")
    issued_at: Mapped[datetime]
    answered_at: Mapped[datetime | None] = mapped_column(default=None)


class Answer(Base):
    """Every answer ever given; the idempotency key makes duplicate deliveries count once."""

    __tablename__ = "answers"
    __table_args__ = (
        Index("ix_answers_member_time", "member_id", "answered_at"),
        Index("ix_answers_channel_question", "channel_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    question_hash: Mapped[str] = mapped_column(String(32))
    choice: Mapped[str] = mapped_column(String(1))
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(10))
    channel_id: Mapped[int | None] = mapped_column(
        ForeignKey("channels.id", ondelete="SET NULL"), default=None
    )
    daily_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("daily_posts.id", ondelete="SET NULL"), default=None, index=True
    )
    points: Mapped[int] = mapped_column(Integer, default=0)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)


class DomainStat(Base):
    """Running per-member, per-domain counts, so `stats` never scans the answer table."""

    __tablename__ = "domain_stats"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    domain: Mapped[str] = mapped_column(String(40), primary_key=True)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)


class ScoreBucket(Base):
    """Points per member per leaderboard scope and period, maintained on every answer.

    scope is `w:<workspace id>` or `c:<channel id>`; period is `week`, `month` or `all` and
    `period_start` the first day of that period (1970-01-01 for all time). The composite index
    makes the top-N of one board an index range scan, never a scan of the answers, and holds
    every ranking column so that a board's size and a member's rank are index-only counts.
    """

    __tablename__ = "score_buckets"
    __table_args__ = (
        Index(
            "ix_score_board",
            "scope",
            "period",
            "period_start",
            "points",
            "correct",
            "reached_at",
            "member_id",
        ),
    )

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    points: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    reached_at: Mapped[datetime]


class DailyPost(Base):
    """A channel's question for one local date; the unique constraint is the exactly-once claim."""

    __tablename__ = "daily_posts"
    __table_args__ = (UniqueConstraint("channel_id", "local_date"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12), default="claimed")
    claimed_at: Mapped[datetime]
    claimed_by: Mapped[str] = mapped_column(String(80), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    posted_at: Mapped[datetime | None] = mapped_column(default=None)
    message_ref: Mapped[str | None] = mapped_column(String(120), default=None)
    reveal_at: Mapped[datetime | None] = mapped_column(default=None)
    revealed_at: Mapped[datetime | None] = mapped_column(default=None)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class CeEntry(Base):
    """One logged continuing-education activity."""

    __tablename__ = "ce_entries"
    __table_args__ = (Index("ix_ce_entries_member_date", "member_id", "earned_on"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    credits: Mapped[float] = mapped_column(Float)
    title: Mapped[str] = mapped_column(String(300))
    earned_on: Mapped[date] = mapped_column(Date)
    category: Mapped[str | None] = mapped_column(String(80), default=None)
    created_at: Mapped[datetime]


class ReminderSent(Base):
    """A reminder already sent (member, kind, occasion): each reminder goes out once."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("member_id", "kind", "occasion"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    occasion: Mapped[str] = mapped_column(String(40))
    sent_at: Mapped[datetime]


class GroupMember(Base):
    """A member last seen holding a study group's role (a role-based study group, `bot.groups`).

    Discord sends a member's roles with every interaction, so membership is recorded as it is
    seen rather than fetched (no privileged members intent); a group's board is the workspace
    board restricted to these members.
    """

    __tablename__ = "group_members"
    __table_args__ = (Index("ix_group_members_member", "member_id"),)

    channel_id: Mapped[int] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    seen_at: Mapped[datetime]


class ConversationRef(Base):
    """Where a platform can reach a member or a channel proactively (Teams: a conversation id and
    the service URL it lives behind), stored when the bot is installed or first spoken to."""

    __tablename__ = "conversation_refs"
    __table_args__ = (UniqueConstraint("platform", "workspace", "kind", "key"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200))
    conversation_id: Mapped[str] = mapped_column(Text)
    service_url: Mapped[str] = mapped_column(Text)
    user_id: Mapped[str | None] = mapped_column(Text, default=None)
    team_id: Mapped[str | None] = mapped_column(String(200), default=None)
    updated_at: Mapped[datetime]


class ExamPlan(Base):
    """An exam date and the plan built on it: a member's own, or a channel's shared one (a
    study group's daily question follows it). Exactly one of `member_id`, `channel_id` is set."""

    __tablename__ = "exam_plans"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), default=None, unique=True
    )
    channel_id: Mapped[int | None] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), default=None, unique=True
    )
    exam_date: Mapped[date] = mapped_column(Date)
    started_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime]


class QuestionRating(Base):
    """A question's difficulty on the logit scale (Elo / one-parameter IRT), learned from every
    member's answers with the bank's declared difficulty as the prior; one small row per question
    updated in the answer's transaction, so it is always current and never recomputed."""

    __tablename__ = "question_ratings"

    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    rating: Mapped[float] = mapped_column(Float)
    answers: Mapped[int] = mapped_column(Integer, default=0)


class EligibilityAnswers(Base):
    """What a member told `/ciip eligibility` so far (one step per command, so it is kept)."""

    __tablename__ = "eligibility_answers"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    answers: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class MockExam(Base):
    """One timed mock exam (`bot.exam`): its state, clock and score.

    `open_slot` holds the member id while the exam is open and NULL afterwards; being unique
    it lets the database itself refuse a second open exam for a member (NULLs never collide),
    on SQLite and PostgreSQL alike.
    """

    __tablename__ = "mock_exams"
    __table_args__ = (
        Index("ix_mock_exams_member_started", "member_id", "started_at"),
        Index("ix_mock_exams_state_deadline", "state", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    open_slot: Mapped[int | None] = mapped_column(IdType, default=None, unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(10), default="open")
    total: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    """The item last shown: what a typed letter answers."""
    started_at: Mapped[datetime]
    deadline_at: Mapped[datetime]
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    correct: Mapped[int | None] = mapped_column(Integer, default=None)


class MockExamItem(Base):
    """One question of a mock exam, in the order shown; the answer stays hidden until the end."""

    __tablename__ = "mock_exam_items"

    exam_id: Mapped[int] = mapped_column(
        ForeignKey("mock_exams.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    domain: Mapped[str] = mapped_column(String(40))
    choice: Mapped[str | None] = mapped_column(String(1), default=None)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    correct: Mapped[bool | None] = mapped_column(Boolean, default=None)


class AnonymousTally(Base):
    """What deleted members contributed to a daily question's "N answered" count and its
    reveal percentage: the channel keeps its numbers, nothing points to a person any more."""

    __tablename__ = "anonymous_tallies"

    daily_post_id: Mapped[int] = mapped_column(
        ForeignKey("daily_posts.id", ondelete="CASCADE"), primary_key=True
    )
    answered: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)


class QuestionReport(Base):
    """A member's report that a question is wrong (key, wording, facts), queued per workspace.

    Unique per member and question, so a double click or a second report counts once; `state`
    is a `bot.reports.ReportState`. Cleared rows stay (history) and reopen when the member
    reports the question again.
    """

    __tablename__ = "question_reports"
    __table_args__ = (
        UniqueConstraint("member_id", "question_id"),
        Index("ix_question_reports_queue", "workspace_id", "state", "question_id"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(String(500), default=None)
    state: Mapped[str] = mapped_column(String(12), default="open")
    reported_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)


class QuestionRetirement(Base):
    """A question an admin retired in one workspace: never asked there again."""

    __tablename__ = "question_retirements"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    retired_at: Mapped[datetime]
