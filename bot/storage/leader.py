"""Leader election so that, with several instances on one PostgreSQL, one runs the jobs.

PostgreSQL: a session-level advisory lock held on a dedicated connection; if the leader dies
its connection closes, the lock is freed, and the next instance to poll (every 30 s) takes over.
SQLite: one instance by definition, always the leader. The exactly-once claims in `daily_posts`
stay the safety net either way.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, text

from bot.storage.database import Database

__all__ = ["LEADER_LOCK_KEY", "LeaderLock"]

log = logging.getLogger(__name__)

LEADER_LOCK_KEY = 0x0C11_7070  # arbitrary, stable 32-bit key for pg_try_advisory_lock


class LeaderLock:
    def __init__(self, database: Database, key: int = LEADER_LOCK_KEY) -> None:
        self.database = database
        self.key = key
        self._conn: Connection | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None or self.database.is_sqlite

    def try_acquire(self) -> bool:
        """True when this instance is (still) the leader."""
        if self.database.is_sqlite:
            return True
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT 1"))
                return True
            except Exception:
                log.warning("leader connection lost; giving up leadership")
                self._drop()
        conn = self.database.engine.connect()
        try:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar()
            conn.commit()
        except Exception:
            conn.close()
            raise
        if got:
            self._conn = conn
            return True
        conn.close()
        return False

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.invalidate()
            finally:
                self._conn = None

    def release(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            self._conn.commit()
            self._conn.close()
        except Exception:
            self._drop()
        self._conn = None
