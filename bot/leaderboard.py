"""Leaderboards kept as running score buckets, so a board is an index range scan.

Every answer adds to (scope, period, period start, member) rows: the workspace scope always and
the channel scope when the answer came from a channel. Reading the top N and one member's rank
touches only the rows of one board, never the answers table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from bot.scoring import PERIODS, period_start
from bot.storage.models import Member, ScoreBucket
from bot.storage.upserts import score_bucket_upsert

__all__ = ["Board", "BoardRow", "add_points", "read_board", "scope_for"]


def scope_for(workspace_id: int, channel_id: int | None = None) -> str:
    return f"c:{channel_id}" if channel_id is not None else f"w:{workspace_id}"


def add_points(
    session: Session,
    scopes: list[str],
    member_id: int,
    points: int,
    correct: bool,
    at: datetime,
) -> None:
    """Upsert the member's bucket for each scope and period: one statement, one parameter set
    per bucket (a single round trip with psycopg's pipelined executemany)."""
    rows = [
        {
            "scope": scope,
            "period": period,
            "period_start": period_start(period, at),
            "member_id": member_id,
            "points": points,
            "correct": int(correct),
            "answered": 1,
            "reached_at": at,
        }
        for scope in scopes
        for period in PERIODS
    ]
    if rows:
        connection = session.connection()
        connection.execute(score_bucket_upsert(connection.dialect.name), rows)


@dataclass(frozen=True, slots=True)
class BoardRow:
    rank: int
    member_id: int
    display_name: str
    points: int
    correct: int
    answered: int


@dataclass(frozen=True, slots=True)
class Board:
    scope: str
    period: str
    start: date
    rows: list[BoardRow]
    me: BoardRow | None
    total: int
    offset: int = 0


def _order():  # type: ignore[no-untyped-def]
    return (
        ScoreBucket.points.desc(),
        ScoreBucket.correct.desc(),
        ScoreBucket.reached_at.asc(),
        ScoreBucket.member_id.asc(),
    )


def _ahead_of(bucket: ScoreBucket):  # type: ignore[no-untyped-def]
    """Rows ranked before `bucket` on its board, in the `_order()` ranking."""
    return or_(
        ScoreBucket.points > bucket.points,
        and_(
            ScoreBucket.points == bucket.points,
            or_(
                ScoreBucket.correct > bucket.correct,
                and_(
                    ScoreBucket.correct == bucket.correct,
                    or_(
                        ScoreBucket.reached_at < bucket.reached_at,
                        and_(
                            ScoreBucket.reached_at == bucket.reached_at,
                            ScoreBucket.member_id < bucket.member_id,
                        ),
                    ),
                ),
            ),
        ),
    )


def read_board(
    session: Session,
    scope: str,
    period: str,
    now: datetime,
    me: int | None,
    limit: int = 10,
    offset: int = 0,
) -> Board:
    start = period_start(period, now)
    where = and_(
        ScoreBucket.scope == scope,
        ScoreBucket.period == period,
        ScoreBucket.period_start == start,
    )
    rows = session.execute(
        select(ScoreBucket, Member.display_name)
        .join(Member, Member.id == ScoreBucket.member_id)
        .where(where)
        .order_by(*_order())
        .limit(limit)
        .offset(offset)
    ).all()
    board_rows = [
        BoardRow(offset + i + 1, b.member_id, name or "someone", b.points, b.correct, b.answered)
        for i, (b, name) in enumerate(rows)
    ]
    mine = None
    bucket = None
    if me is not None:
        mine = next((r for r in board_rows if r.member_id == me), None)
        if mine is None:
            bucket = session.get(ScoreBucket, (scope, period, start, me))
    # The board's size and the member's rank in one pass over the board's entries of the
    # covering index `ix_score_board` (an index-only scan; no row is read).
    counts = [func.count()]
    if bucket is not None:
        counts.append(func.count().filter(_ahead_of(bucket)))
    total, *ahead = session.execute(select(*counts).select_from(ScoreBucket).where(where)).one()
    if bucket is not None and me is not None:
        name = session.scalar(select(Member.display_name).where(Member.id == me)) or ""
        mine = BoardRow(ahead[0] + 1, me, name, bucket.points, bucket.correct, bucket.answered)
    return Board(scope, period, start, board_rows, mine, total, offset)
