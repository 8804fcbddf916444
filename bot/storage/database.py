"""Engine, sessions and migrations: built once at start-up and passed down, never global."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["DEFAULT_SQLITE_URL", "Database", "normalise_url", "script_head"]

DEFAULT_SQLITE_URL = "sqlite:///./ciip_tutor.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")
_REVISION = re.compile(r"^revision(?:: *str)? *= *(.+)$", re.M)
_DOWN_REVISION = re.compile(r"^down_revision[^=]*= *(.+)$", re.M)


def script_head() -> str | None:
    """The single head revision of the migration scripts, read without importing Alembic.

    Every start checks whether the database is already there; importing Alembic and loading
    its environment for that costs a few hundred milliseconds of the console's start-up.
    None (so the caller runs Alembic) when the scripts have no single, plain head.
    """
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        down = _DOWN_REVISION.search(source)
        if revision is None or down is None or not _QUOTED.fullmatch(revision.group(1).strip()):
            return None
        revisions.add(revision.group(1).strip()[1:-1])
        downs.update(_QUOTED.findall(down.group(1)))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def normalise_url(url: str | None) -> str:
    """Unset means the embedded SQLite file; `postgres://` and `postgresql://` use psycopg 3."""
    if not url:
        return DEFAULT_SQLITE_URL
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Database:
    """One engine and its session factory."""

    def __init__(self, url: str | None = None, *, echo: bool = False) -> None:
        self.url = normalise_url(url)
        # pre-ping: after a server restart a pooled connection is found dead at checkout and
        # replaced once (bounded), so the first request after an outage already works.
        # connect_timeout: an unreachable server fails a request in seconds, not minutes.
        connect_args = {"connect_timeout": 5} if self.url.startswith("postgresql") else {}
        self.engine: Engine = create_engine(
            self.url, echo=echo, pool_pre_ping=True, connect_args=connect_args
        )
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time. Writers of this process take turns on a lock instead
        # of colliding inside SQLite, whose busy handler backs off in sleeps of up to 100 ms
        # (the tail of concurrent answers); other processes still meet busy_timeout.
        self._write_turn = threading.RLock() if self.is_sqlite else None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def on_commit(self, callback: Callable[[Session], None]) -> None:
        """Run `callback(session)` after each commit; `session.info` is cleared on rollback."""
        event.listen(self._sessions, "after_commit", callback)
        event.listen(self._sessions, "after_rollback", lambda s: s.info.pop("ciip_cache", None))

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits on success and rolls back on any exception."""
        with self._write_turn or nullcontext(), self._sessions() as session, session.begin():
            yield session

    def alembic_config(self) -> Config:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        config.attributes["engine"] = self.engine
        return config

    def current_revision(self) -> str | None:
        """The revision recorded in the database (None for a new, empty database)."""
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        return rows[0][0] if len(rows) == 1 else None

    def upgrade(self, revision: str = "head") -> None:
        """Apply Alembic migrations; run at every start, so a deploy never needs a manual step.

        A database already at the scripts' head is left alone without loading Alembic.
        """
        if revision == "head" and (head := script_head()) and self.current_revision() == head:
            return
        from alembic import command

        command.upgrade(self.alembic_config(), revision)

    def downgrade(self, revision: str) -> None:
        from alembic import command

        command.downgrade(self.alembic_config(), revision)

    def dispose(self) -> None:
        self.engine.dispose()
