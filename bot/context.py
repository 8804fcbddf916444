"""What every core service shares: the database, the clock, settings, randomness, the bank
and the directory of identities. Built once by `bot.core.build_core` and passed down, so no
service reaches into another's private state and none holds module-level globals.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.clock import Clock
from bot.directory import Directory
from bot.identity import Actor, MemberKey
from bot.scoring import PointsRule
from bot.settings import CoreSettings
from bot.srs import Srs
from bot.storage.database import Database

__all__ = ["CoreContext", "UnitOfWork"]


@dataclass
class UnitOfWork:
    """One transaction and the identities resolved inside it."""

    session: Session
    directory: Directory

    def member(self, actor: Actor) -> MemberKey:
        return self.directory.member(self.session, actor)

    def channel(self, actor: Actor) -> int | None:
        return self.directory.channel(self.session, actor)

    def workspace(self, actor: Actor) -> int:
        return self.directory.workspace(self.session, actor)


@dataclass
class CoreContext:
    db: Database
    clock: Clock
    settings: CoreSettings
    rng: random.Random
    srs: Srs
    catalog: Catalog
    directory: Directory
    points: PointsRule

    def now(self) -> datetime:
        return self.clock.now()

    @contextmanager
    def work(self) -> Iterator[UnitOfWork]:
        """A unit of work: commits on success, rolls back on any exception."""
        with self.db.transaction() as s:
            yield UnitOfWork(s, self.directory)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (nothing is committed)."""
        with self.db.session() as s:
            yield s
