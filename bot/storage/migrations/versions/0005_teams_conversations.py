"""conversation_refs: where a platform can reach a member or channel proactively (Teams)

Teams has no "open a DM by user id" call that works without context: a proactive message needs
the conversation id and the service URL the conversation lives behind, learned from an
installation or a member's first message. One row per (platform, workspace, kind, key).

Revision ID: 0005_teams_conversations
Revises: 0004_member_timezone_optional
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.types import UtcDateTime

revision = "0005_teams_conversations"
down_revision = "0004_member_timezone_optional"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation_refs",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("conversation_id", sa.Text(), nullable=False),
        sa.Column("service_url", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Text(), nullable=True),
        sa.Column("team_id", sa.String(length=200), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_refs")),
        sa.UniqueConstraint(
            "platform", "workspace", "kind", "key", name=op.f("uq_conversation_refs_platform")
        ),
    )


def downgrade() -> None:
    op.drop_table("conversation_refs")
