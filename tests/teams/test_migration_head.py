"""One Alembic head: the question reports (0008) after the Teams table (0005) after main's."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from bot.storage.database import Database


def test_single_head_after_the_teams_migration(database_url: str) -> None:
    db = Database(database_url)
    try:
        script = ScriptDirectory.from_config(db.alembic_config())
        assert script.get_heads() == ["0008_question_reports"]
        teams = script.get_revision("0005_teams_conversations")
        assert teams is not None and teams.down_revision == "0004_member_timezone_optional"
        reports = script.get_revision("0008_question_reports")
        assert reports is not None and reports.down_revision == "0005_teams_conversations"
    finally:
        db.dispose()
