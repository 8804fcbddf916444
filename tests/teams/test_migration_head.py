"""The Teams table comes after main's migrations: one Alembic head, and it is ours."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from bot.storage.database import Database


def test_single_head_is_the_teams_migration(database_url: str) -> None:
    db = Database(database_url)
    try:
        script = ScriptDirectory.from_config(db.alembic_config())
        assert script.get_heads() == ["0006_exam_plans"]
        teams = script.get_revision("0005_teams_conversations")
        assert teams is not None and teams.down_revision == "0004_member_timezone_optional"
        plans = script.get_revision("0006_exam_plans")
        assert plans is not None and plans.down_revision == "0005_teams_conversations"
    finally:
        db.dispose()
