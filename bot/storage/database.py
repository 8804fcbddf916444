"""Engine, sessions and migrations: built once at start-up and passed down, never global."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["DEFAULT_SQLITE_URL", "Database", "normalise_url"]

DEFAULT_SQLITE_URL = "sqlite:///./ciip_tutor.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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
        with self._sessions() as session, session.begin():
            yield session

    def alembic_config(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        config.attributes["engine"] = self.engine
        return config

    def upgrade(self, revision: str = "head") -> None:
        """Apply Alembic migrations; run at every start, so a deploy never needs a manual step."""
        command.upgrade(self.alembic_config(), revision)

    def downgrade(self, revision: str) -> None:
        command.downgrade(self.alembic_config(), revision)

    def dispose(self) -> None:
        self.engine.dispose()
