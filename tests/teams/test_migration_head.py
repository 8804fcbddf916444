"""One Alembic head: the mock exams (0007, named before 0008 landed) after the question reports
(0008) after the Teams table (0005) after main's."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from bot.storage.database import Database


def test_single_head_after_the_teams_migration(database_url: str) -> None:
    db = Database(database_url)
    try:
        script = ScriptDirectory.from_config(db.alembic_config())
        assert script.get_heads() == ["0007_mock_exams"]
        teams = script.get_revision("0005_teams_conversations")
        assert teams is not None and teams.down_revision == "0004_member_timezone_optional"
        reports = script.get_revision("0008_question_reports")
        assert reports is not None and reports.down_revision == "0005_teams_conversations"
        exams = script.get_revision("0007_mock_exams")
        assert exams is not None and exams.down_revision == "0008_question_reports"
    finally:
        db.dispose()
