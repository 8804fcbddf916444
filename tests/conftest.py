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


@pytest.fixture(scope="session")
def template_database(
    tmp_path_factory: pytest.TempPathFactory, bank_questions: list[Question]
) -> Iterator[str]:
    """One migrated database holding the shipped bank, synced at the suite's start time."""
    if PG_URL:
        name = f"ciip_tpl_{uuid.uuid4().hex[:10]}"
        admin = _pg_admin()
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = _pg_database_url(name)
    else:
        admin = None
        name = str(tmp_path_factory.mktemp("template") / "template.db")
        url = f"sqlite:///{name}"
    core = build_core(url, FixedClock(START), settings=_core_settings(), questions=bank_questions)
    core.close()
    yield name
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def database_url(template_database: str, tmp_path: Path) -> Iterator[str]:
    """This test's own copy of the template: migrated, bank synced, no members yet."""
    if not PG_URL:
        copy = tmp_path / "test.db"
        shutil.copyfile(template_database, copy)
        yield f"sqlite:///{copy}"
        return
    name = f"ciip_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_database}"'))
    yield _pg_database_url(name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


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
