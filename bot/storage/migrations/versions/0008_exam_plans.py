"""exam_plans, question_ratings, eligibility_answers: exam date and plan, question difficulty,
eligibility walk-through

A member (or a channel, for a study group's daily question) may have one exam plan. Question
difficulty is one rating per question updated with each answer. Eligibility answers are kept so
`/ciip eligibility` can be answered one step per command. `srs_cards.first_review` says when a
card was first answered, so today's new questions are counted without decoding cards.

Revision ID: 0008_exam_plans
Revises: 0007_mock_exams
Create Date: 2026-12-01 10:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.types import UtcDateTime

revision = "0008_exam_plans"
down_revision = "0007_mock_exams"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exam_plans",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "channel_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("exam_date", sa.Date(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_exam_plans_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name=op.f("fk_exam_plans_channel_id_channels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_plans")),
        sa.UniqueConstraint("member_id", name=op.f("uq_exam_plans_member_id")),
        sa.UniqueConstraint("channel_id", name=op.f("uq_exam_plans_channel_id")),
    )
    op.create_table(
        "question_ratings",
        sa.Column("question_id", sa.String(length=40), nullable=False),
        sa.Column("rating", sa.Float(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_ratings_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", name=op.f("pk_question_ratings")),
    )
    op.create_table(
        "eligibility_answers",
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_eligibility_answers_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_eligibility_answers")),
    )

    op.add_column("srs_cards", sa.Column("first_review", UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("srs_cards") as batch:
        batch.drop_column("first_review")
    op.drop_table("eligibility_answers")
    op.drop_table("question_ratings")
    op.drop_table("exam_plans")
