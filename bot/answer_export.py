"""Answers as plain records for item analysis (`ciip-tutor bank item-stats`).

A read-only query over `answers`, `members` and `workspaces`; the statistics themselves are pure
and live in `question_bank/item_stats.py`.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, select

from bot.storage.database import normalise_url
from bot.storage.models import Answer, Member, Workspace
from question_bank.item_stats import AnswerRecord

__all__ = ["answer_records"]


def answer_records(
    database: str | Engine | None, workspace: str | None = None
) -> list[AnswerRecord]:
    """Every stored answer, oldest first; only one workspace's when `workspace` is given.

    `workspace` is `PLATFORM:EXTERNAL_ID` (e.g. `slack:T0123ABCD`) or a bare external id.
    A URL (None: the default SQLite file, as everywhere else) is opened and disposed here; an
    engine passed in is left open for its owner.
    """
    owned = not isinstance(database, Engine)
    engine = database if isinstance(database, Engine) else create_engine(normalise_url(database))
    query = (
        select(
            Answer.member_id,
            Answer.question_id,
            Answer.choice,
            Answer.correct,
            Answer.answered_at,
            Answer.question_hash,
        )
        .join(Member, Member.id == Answer.member_id)
        .join(Workspace, Workspace.id == Member.workspace_id)
        .order_by(Answer.answered_at, Answer.id)
    )
    if workspace:
        platform, sep, external = workspace.partition(":")
        if sep:
            query = query.where(Workspace.platform == platform, Workspace.external_id == external)
        else:
            query = query.where(Workspace.external_id == workspace)
    try:
        with engine.connect() as conn:
            return [
                AnswerRecord(str(m), q, c, bool(ok), at, h)
                for m, q, c, ok, at, h in conn.execute(query)
            ]
    finally:
        if owned:
            engine.dispose()
