"""covering leaderboard index: ix_score_board gains correct and member_id

The board's size and a member's rank are counts over one board's buckets, filtered on the whole
ranking (points, correct, reached_at, member_id). With every ranking column in the index those
counts are index-only scans; the old index lacked `correct` and `member_id`, so PostgreSQL read
every bucket row of the board as well (benchmarks/README.md: the weekly board of a 100k-member
workspace went from ~75 ms to ~43 ms p50 with this index and `read_board`'s single count pass).

Revision ID: 0003_covering_board_index
Revises: 0002_group_members
Create Date: 2026-11-25 02:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0003_covering_board_index"
down_revision = "0002_group_members"
branch_labels = None
depends_on = None

OLD = ["scope", "period", "period_start", "points", "reached_at"]
NEW = ["scope", "period", "period_start", "points", "correct", "reached_at", "member_id"]


def upgrade() -> None:
    op.drop_index("ix_score_board", table_name="score_buckets")
    op.create_index("ix_score_board", "score_buckets", NEW, unique=False)


def downgrade() -> None:
    op.drop_index("ix_score_board", table_name="score_buckets")
    op.create_index("ix_score_board", "score_buckets", OLD, unique=False)
