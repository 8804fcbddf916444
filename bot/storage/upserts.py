"""Every dialect-specific statement in one place: SQLite and PostgreSQL upserts.

Each is built once per dialect (building an upsert costs more than running it) and executed
with plain parameter dicts.
"""

from __future__ import annotations

import functools

from sqlalchemy import case
from sqlalchemy.dialects import postgresql, sqlite

from bot.storage.models import (
    Answer,
    DomainStat,
    GroupMember,
    QuestionRating,
    QuestionReport,
    QuestionRetirement,
    ScoreBucket,
)

__all__ = [
    "answer_insert",
    "domain_count_upsert",
    "group_member_insert",
    "rating_insert",
    "report_insert",
    "retirement_insert",
    "score_bucket_upsert",
]


def _insert(dialect: str):  # type: ignore[no-untyped-def]
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


@functools.cache
def domain_count_upsert(dialect: str):  # type: ignore[no-untyped-def]
    stmt = _insert(dialect)(DomainStat.__table__)
    return stmt.on_conflict_do_update(
        index_elements=["member_id", "domain"],
        set_={
            "answered": DomainStat.answered + stmt.excluded.answered,
            "correct": DomainStat.correct + stmt.excluded.correct,
        },
    )


@functools.cache
def answer_insert(dialect: str):  # type: ignore[no-untyped-def]
    """Insert an answer unless its idempotency key exists, returning the new id (or nothing).

    A duplicate delivery is simply "no row inserted"; a concurrent one waits on the unique key,
    then inserts nothing.
    """
    return (
        _insert(dialect)(Answer.__table__)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(Answer.__table__.c.id)
    )


@functools.cache
def score_bucket_upsert(dialect: str):  # type: ignore[no-untyped-def]
    stmt = _insert(dialect)(ScoreBucket.__table__)
    new = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=["scope", "period", "period_start", "member_id"],
        set_={
            "points": ScoreBucket.points + new.points,
            "correct": ScoreBucket.correct + new.correct,
            "answered": ScoreBucket.answered + 1,
            # The time the score was reached moves only when this answer scored.
            "reached_at": case((new.points != 0, new.reached_at), else_=ScoreBucket.reached_at),
        },
    )


@functools.cache
def group_member_insert(dialect: str):  # type: ignore[no-untyped-def]
    return _insert(dialect)(GroupMember.__table__).on_conflict_do_nothing()


@functools.cache
def rating_insert(dialect: str):  # type: ignore[no-untyped-def]
    """A question's first rating row; a concurrent first answer's insert is simply skipped."""
    return _insert(dialect)(QuestionRating.__table__).on_conflict_do_nothing()


@functools.cache
def report_insert(dialect: str):  # type: ignore[no-untyped-def]
    """Insert a member's report unless they already reported the question, returning the new
    id (or nothing): a double click, or two instances racing, store one row."""
    return (
        _insert(dialect)(QuestionReport.__table__)
        .on_conflict_do_nothing(index_elements=["member_id", "question_id"])
        .returning(QuestionReport.__table__.c.id)
    )


@functools.cache
def retirement_insert(dialect: str):  # type: ignore[no-untyped-def]
    """Retire a question in a workspace; retiring it again changes nothing."""
    return _insert(dialect)(QuestionRetirement.__table__).on_conflict_do_nothing(
        index_elements=["workspace_id", "question_id"]
    )
