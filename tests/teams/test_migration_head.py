"""One Alembic history, numbered in order: each revision follows the one before it."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from bot.storage.database import Database


def test_one_head_and_an_unbroken_numbered_chain(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    try:
        script = ScriptDirectory.from_config(db.alembic_config())
        [head] = script.get_heads()
        chain = [r.revision for r in script.walk_revisions("base", head)][::-1]
        assert [int(r.split("_", 1)[0]) for r in chain] == list(range(1, len(chain) + 1))
        assert chain[4:] == [
            "0005_teams_conversations",
            "0006_question_reports",
            "0007_mock_exams",
            "0008_exam_plans",
            "0009_drop_workspace_admin_ids",
        ]
    finally:
        db.dispose()
