"""Leader election: one instance holds the PostgreSQL advisory lock; SQLite is single-instance."""

from __future__ import annotations

import time

import pytest

from bot.storage.database import Database
from bot.storage.leader import LeaderLock


def test_one_leader_at_a_time_and_takeover(database_url: str) -> None:
    first_db, second_db = Database(database_url), Database(database_url)
    try:
        first, second = LeaderLock(first_db, key=4242), LeaderLock(second_db, key=4242)
        if first_db.is_sqlite:
            assert first.try_acquire() and second.try_acquire()
            pytest.skip("SQLite runs a single instance; the advisory lock is PostgreSQL's")
        assert first.try_acquire()
        assert not second.try_acquire()
        assert first.try_acquire()  # still held, re-checked
        assert first._conn is not None
        first._conn.invalidate()  # the leader dies: its database connection closes
        first._conn = None
        # The server frees the lock when it notices the closed connection, which is not
        # instantaneous: poll (bounded) instead of expecting it at once.
        deadline = time.monotonic() + 10.0
        while not second.try_acquire():
            assert time.monotonic() < deadline, "the dead leader's lock was never released"
            time.sleep(0.02)
        second.release()
        assert not second.held
    finally:
        first_db.dispose()
        second_db.dispose()
