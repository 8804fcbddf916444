"""Score buckets and boards on a real database: upsert arithmetic and exact ranks under ties."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from bot.leaderboard import add_points, read_board, scope_for
from bot.scoring import ALL_TIME_START, period_start
from bot.storage.database import Database
from bot.storage.models import Member, ScoreBucket, Workspace

T0 = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    database.upgrade()
    with database.transaction() as s:
        s.add(Workspace(id=1, platform="test", external_id="W1", name="W", created_at=T0))
        s.flush()
        s.execute(
            insert(Member),
            [
                {
                    "id": i,
                    "workspace_id": 1,
                    "external_id": f"U{i}",
                    "display_name": f"M{i}",
                    "created_at": T0,
                }
                for i in range(1, 61)
            ],
        )
    yield database
    database.dispose()


def _buckets(db: Database, member_id: int) -> dict[tuple[str, str], tuple]:
    with db.session() as s:
        rows = s.scalars(select(ScoreBucket).where(ScoreBucket.member_id == member_id))
        return {
            (b.scope, b.period): (b.period_start, b.points, b.correct, b.answered, b.reached_at)
            for b in rows
        }


def test_add_points_upserts_every_scope_and_period(db: Database) -> None:
    scopes = [scope_for(1), scope_for(1, 7)]
    with db.transaction() as s:
        add_points(s, scopes, 1, 11, True, T0)
    later = T0 + timedelta(hours=2)
    with db.transaction() as s:
        add_points(s, scopes, 1, 0, False, later)  # a miss: counted, but scores nothing
    buckets = _buckets(db, 1)
    assert len(buckets) == 6
    for scope in scopes:
        for period, start in (
            ("week", period_start("week", T0)),
            ("month", period_start("month", T0)),
            ("all", ALL_TIME_START),
        ):
            # reached_at stays at the answer that scored
            assert buckets[(scope, period)] == (start, 11, 1, 2, T0)
    last = T0 + timedelta(hours=3)
    with db.transaction() as s:
        add_points(s, scopes[:1], 1, 10, True, last)
    buckets = _buckets(db, 1)
    assert buckets[(scopes[0], "week")][1:] == (21, 2, 3, last)
    assert buckets[(scopes[1], "week")][1:] == (11, 1, 2, T0)  # the channel was not touched


def test_every_rank_matches_the_full_ordering_under_ties(db: Database) -> None:
    """Few distinct points, correct counts and times, so ties reach the member-id tie-break."""
    rng = random.Random(3)
    scope, start = scope_for(1), period_start("week", T0)
    rows = [
        {
            "scope": scope,
            "period": "week",
            "period_start": start,
            "member_id": member_id,
            "points": rng.choice((0, 10, 20)),
            "correct": rng.choice((0, 1, 2)),
            "answered": 3,
            "reached_at": T0 + timedelta(minutes=rng.choice((0, 5))),
        }
        for member_id in range(1, 61)
    ]
    with db.transaction() as s:
        s.execute(insert(ScoreBucket), rows)
    expected = [
        r["member_id"]
        for r in sorted(
            rows, key=lambda r: (-r["points"], -r["correct"], r["reached_at"], r["member_id"])
        )
    ]
    with db.session() as s:
        for position, member_id in enumerate(expected, 1):
            board = read_board(s, scope, "week", T0, member_id, limit=5)
            assert board.total == 60
            assert [r.member_id for r in board.rows] == expected[:5]
            assert [r.rank for r in board.rows] == [1, 2, 3, 4, 5]
            assert board.me is not None
            assert (board.me.rank, board.me.member_id) == (position, member_id)
            assert board.me.display_name == f"M{member_id}"
        outsider = read_board(s, scope, "month", T0, 1)
        assert (outsider.total, outsider.rows, outsider.me) == (0, [], None)
