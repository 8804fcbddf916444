"""mock_exams, mock_exam_items, anonymous_tallies: mock exams and "delete my data" (issue 14)

One row per attempt and one per item; `open_slot` (unique, NULL once the exam is closed) is how
the database refuses a second open exam for the same member. `anonymous_tallies` keeps a
daily question's counts when a member who answered it deletes their data.

Revision ID: 0007_mock_exams
Revises: 0006_question_reports
Create Date: 2026-12-01 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.types import UtcDateTime

revision = "0007_mock_exams"
down_revision = "0006_question_reports"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "mock_exams",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("member_id", _ID, nullable=False),
        sa.Column("open_slot", _ID, nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("deadline_at", UtcDateTime(), nullable=False),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.Column("correct", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_mock_exams_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_exams")),
        sa.UniqueConstraint("open_slot", name=op.f("uq_mock_exams_open_slot")),
    )
    op.create_index(
        "ix_mock_exams_member_started", "mock_exams", ["member_id", "started_at"], unique=False
    )
    op.create_index(
        "ix_mock_exams_state_deadline", "mock_exams", ["state", "deadline_at"], unique=False
    )
    op.create_table(
        "mock_exam_items",
        sa.Column("exam_id", _ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=40), nullable=False),
        sa.Column("domain", sa.String(length=40), nullable=False),
        sa.Column("choice", sa.String(length=1), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("answered_at", UtcDateTime(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exam_id"],
            ["mock_exams.id"],
            name=op.f("fk_mock_exam_items_exam_id_mock_exams"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_mock_exam_items_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("exam_id", "position", name=op.f("pk_mock_exam_items")),
    )

    op.create_table(
        "anonymous_tallies",
        sa.Column("daily_post_id", _ID, nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["daily_post_id"],
            ["daily_posts.id"],
            name=op.f("fk_anonymous_tallies_daily_post_id_daily_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("daily_post_id", name=op.f("pk_anonymous_tallies")),
    )


def downgrade() -> None:
    op.drop_table("anonymous_tallies")
    op.drop_table("mock_exam_items")
    op.drop_index("ix_mock_exams_state_deadline", table_name="mock_exams")
    op.drop_index("ix_mock_exams_member_started", table_name="mock_exams")
    op.drop_table("mock_exams")
