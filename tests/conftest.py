"""Shared fixtures: a real database per test (SQLite file, or a PostgreSQL schema), a fixed clock.

Set CIIP_TEST_DATABASE_URL to a PostgreSQL URL to run the suite there: each test then gets its
own schema (via the connection's search_path), migrated from scratch and dropped afterwards.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from adapters.services import Services, build_services
from bot.clock import FixedClock
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


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def settings() -> CoreSettings:
    return CoreSettings(_env_file=None, database_url=None)


def _instance(
    settings: CoreSettings,
    clock: FixedClock,
    database_url: str,
    questions: list[Question],
    seed: int,
) -> Services:
    """One bot process's services on the test database (seeded, so picks are reproducible)."""
    return build_services(
        settings, clock, database_url=database_url, questions=questions, rng=random.Random(seed)
    )


@pytest.fixture
def services(
    database_url: str, clock: FixedClock, settings: CoreSettings, bank_questions: list[Question]
) -> Iterator[Services]:
    built = _instance(settings, clock, database_url, bank_questions, seed=1234)
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
    built = _instance(settings, clock, database_url, bank_questions, seed=99)
    yield built
    built.close()
