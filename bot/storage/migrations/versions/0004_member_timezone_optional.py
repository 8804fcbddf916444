"""member timezone optional: unset means CIIP_DEFAULT_TIMEZONE as it is now

A member who never chose a zone used to get the default copied onto their row, so a wrong
default stayed on every such member after the setting was fixed. Rows still holding "UTC" (the
old default) are left as they are: we cannot tell a chosen UTC from a copied one.

Revision ID: 0004_member_timezone_optional
Revises: 0003_covering_board_index
Create Date: 2026-12-01 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_member_timezone_optional"
down_revision = "0003_covering_board_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.alter_column("timezone", existing_type=sa.String(64), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE members SET timezone = 'UTC' WHERE timezone IS NULL")
    with op.batch_alter_table("members") as batch:
        batch.alter_column("timezone", existing_type=sa.String(64), nullable=False)
