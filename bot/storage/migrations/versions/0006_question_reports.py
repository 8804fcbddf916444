"""question_reports and question_retirements: members flag bad questions, admins resolve them

A member's report is unique per (member, question), so reporting twice counts once; the queue is
read per workspace and state. A retirement withholds one question in one workspace for good.

Revision ID: 0006_question_reports
Revises: 0005_teams_conversations
Create Date: 2026-12-01 10:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.types import UtcDateTime

revision = "0006_question_reports"
down_revision = "0005_teams_conversations"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "question_reports",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", _ID, nullable=False),
        sa.Column("member_id", _ID, nullable=False),
        sa.Column("question_id", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("reported_at", UtcDateTime(), nullable=False),
        sa.Column("resolved_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_question_reports_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_question_reports_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_reports_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_reports")),
        sa.UniqueConstraint("member_id", "question_id", name=op.f("uq_question_reports_member_id")),
    )
    op.create_index(
        "ix_question_reports_queue",
        "question_reports",
        ["workspace_id", "state", "question_id"],
        unique=False,
    )
    op.create_table(
        "question_retirements",
        sa.Column("workspace_id", _ID, nullable=False),
        sa.Column("question_id", sa.String(length=40), nullable=False),
        sa.Column("retired_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_question_retirements_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_retirements_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "workspace_id", "question_id", name=op.f("pk_question_retirements")
        ),
    )


def downgrade() -> None:
    op.drop_table("question_retirements")
    op.drop_index("ix_question_reports_queue", table_name="question_reports")
    op.drop_table("question_reports")
