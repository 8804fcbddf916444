"""Shared fixtures: a real database per test (SQLite file, or a PostgreSQL database), a fixed clock.

Set CIIP_TEST_DATABASE_URL to a PostgreSQL URL to run the suite there.

Migrating and syncing the 700-question bank costs about a second a database, so it happens once
per session: `database_url` hands each test its own copy of that migrated, synced template (an
SQLite file copy, or PostgreSQL's `CREATE DATABASE ... TEMPLATE`, about 25 ms). Tests of the
migrations themselves take `empty_database_url`, a database with nothing in it.
"""

from __future__ import annotations

import os
import random
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.services import Services
from bot.clock import FixedClock
from bot.core import build_core
from bot.identity import Actor
from bot.settings import CoreSettings
from question_bank.loader import load_bank
from question_bank.schema import Question

PG_URL = os.environ.get("CIIP_TEST_DATABASE_URL")
START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # a Monday


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {'PostgreSQL ' + PG_URL if PG_URL else 'SQLite (temporary files)'}"


@pytest.fixture(scope="session")
def bank_questions() -> list[Question]:
    bank = load_bank()
    assert bank.ok, bank.errors[:5]
    return bank.questions


def _pg_admin():
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _pg_database_url(name: str) -> str:
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all: for the migrations' own tests."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


class PgDatabases:
    """Copies of the template database, reused from test to test.

    Creating a database from a template is quick, but `DROP DATABASE` forces a checkpoint, which
    on a busy machine takes a second or more. So a finished test's database is emptied instead
    (every table truncated, identities restarted, the shipped bank restored from a pristine copy
    kept inside it) and handed to the next test. A database that cannot be reset that way is
    dropped and replaced. All of them are dropped when the session ends.
    """

    PRISTINE = "zz_pristine_questions"

    def __init__(self) -> None:
        self.admin = _pg_admin()
        self.free: list[str] = []
        self.made: list[str] = []
        self.head: str | None = None

    def create(self, name: str, template: str | None = None) -> str:
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self.made.append(name)
        return _pg_database_url(name)

    def take(self, template: str) -> str:
        """A database in the template's state: a reset one, or a new copy."""
        if self.free:
            return _pg_database_url(self.free.pop())
        name = f"ciip_t_{uuid.uuid4().hex[:12]}"
        url = self.create(name, template=template)
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE {self.PRISTINE} AS SELECT * FROM questions"))
            self.head = conn.scalar(text("SELECT version_num FROM alembic_version"))
        engine.dispose()
        return url

    def give_back(self, url: str) -> None:
        name = make_url(url).database
        assert name is not None
        with self.admin.connect() as conn:  # connections a test left behind (subprocesses)
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                tables = conn.scalars(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                        "AND tablename NOT IN ('alembic_version', :pristine)"
                    ),
                    {"pristine": self.PRISTINE},
                ).all()
                quoted = ", ".join(f'"{t}"' for t in tables)
                conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
                conn.execute(text(f"INSERT INTO questions SELECT * FROM {self.PRISTINE}"))
                version = conn.scalar(text("SELECT version_num FROM alembic_version"))
        except Exception:  # schema changed under the test: not reusable
            version = None
        finally:
            engine.dispose()
        if version is not None and version == self.head:
            self.free.append(name)

    def close(self) -> None:
        with self.admin.connect() as conn:
            for name in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases | None]:
    if not PG_URL:
        yield None
        return
    databases = PgDatabases()
    yield databases
    databases.close()


@pytest.fixture(scope="session")
def template_database(
    tmp_path_factory: pytest.TempPathFactory,
    bank_questions: list[Question],
    pg_databases: PgDatabases | None,
) -> Iterator[str]:
    """One migrated database holding the shipped bank, synced at the suite's start time."""
    if pg_databases is not None:
        name = f"ciip_tpl_{uuid.uuid4().hex[:10]}"
        url = pg_databases.create(name)
    else:
        name = str(tmp_path_factory.mktemp("template") / "template.db")
        url = f"sqlite:///{name}"
    core = build_core(url, FixedClock(START), settings=_core_settings(), questions=bank_questions)
    core.close()
    yield name


@pytest.fixture
def database_url(
    template_database: str, tmp_path: Path, pg_databases: PgDatabases | None
) -> Iterator[str]:
    """This test's own copy of the template: migrated, bank synced, no members yet."""
    if pg_databases is None:
        copy = tmp_path / "test.db"
        shutil.copyfile(template_database, copy)
        yield f"sqlite:///{copy}"
        return
    url = pg_databases.take(template_database)
    yield url
    pg_databases.give_back(url)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


def _core_settings() -> CoreSettings:
    return CoreSettings(_env_file=None, database_url=None)


@pytest.fixture
def settings() -> CoreSettings:
    return _core_settings()


def _instance(
    settings: CoreSettings,
    clock: FixedClock,
    database_url: str,
    seed: int,
) -> Services:
    """One bot process's services on the test database (seeded, so picks are reproducible).

    The database is already migrated and synced (a copy of the template), so this only opens it.
    """
    rng = random.Random(seed)
    core = build_core(database_url, clock, settings=settings, migrate=False, rng=rng)
    return Services(settings, clock, core)


@pytest.fixture
def services(
    database_url: str, clock: FixedClock, settings: CoreSettings, bank_questions: list[Question]
) -> Iterator[Services]:
    built = _instance(settings, clock, database_url, seed=1234)
    yield built
    built.close()


@pytest.fixture
def actor() -> Actor:
    return Actor(
        platform="test",
        workspace="W1",
        user="U1",
        display_name="Ana",
        channel="C1",
        channel_name="ciip-study",
        workspace_name="General Hospital",
    )


@pytest.fixture
def second_instance(
    services: Services,
    database_url: str,
    clock: FixedClock,
    settings: CoreSettings,
    bank_questions: list[Question],
) -> Iterator[Services]:
    """Another bot process on the same database (multi-instance races)."""
    built = _instance(settings, clock, database_url, seed=99)
    yield built
    built.close()
