"""drop workspaces.admin_ids: nothing ever read it

Admins come from the platform (Slack workspace admins, Discord Manage Server, Teams team owners)
and from the CIIP_ADMIN_IDS setting; the column was written empty and never consulted.

Revision ID: 0009_drop_workspace_admin_ids
Revises: 0008_exam_plans
Create Date: 2026-12-01 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_drop_workspace_admin_ids"
down_revision = "0008_exam_plans"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("admin_ids")


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("admin_ids", sa.Text(), nullable=False, server_default=""))
