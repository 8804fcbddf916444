"""Migrations are what creates the schema: they must run up, down and up, and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.storage.database import Database, normalise_url
from bot.storage.models import Base

TABLES = {
    "workspaces",
    "channels",
    "members",
    "questions",
    "srs_cards",
    "issued",
    "answers",
    "domain_stats",
    "score_buckets",
    "daily_posts",
    "ce_entries",
    "reminders_sent",
    "mock_exams",
    "mock_exam_items",
    "anonymous_tallies",
}


def test_upgrade_downgrade_upgrade(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    try:
        db.upgrade()
        names = set(inspect(db.engine).get_table_names())
        assert names >= TABLES and "alembic_version" in names
        db.downgrade("base")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        db.upgrade()
        assert set(inspect(db.engine).get_table_names()) >= TABLES
    finally:
        db.dispose()


def test_models_and_migrations_agree(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    try:
        db.upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], diff
    finally:
        db.dispose()


def test_indexes_that_keep_hot_paths_fast(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    try:
        db.upgrade()
        inspector = inspect(db.engine)
        assert any(
            i["column_names"] == ["member_id", "due"] for i in inspector.get_indexes("srs_cards")
        )
        board = [i for i in inspector.get_indexes("score_buckets") if i["name"] == "ix_score_board"]
        assert board and board[0]["column_names"][:4] == [
            "scope",
            "period",
            "period_start",
            "points",
        ]
        uniques = inspector.get_unique_constraints("daily_posts")
        assert any(set(u["column_names"]) == {"channel_id", "local_date"} for u in uniques)
    finally:
        db.dispose()


def test_url_normalisation() -> None:
    assert normalise_url(None) == "sqlite:///./ciip_tutor.db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
