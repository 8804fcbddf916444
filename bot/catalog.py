"""The catalog: the bank of questions this process can ask, kept in memory and in sync.

Syncing the shipped bank writes the `questions` table; other processes (a `bank import` on the
server, a second instance) change that table, so the in-memory bank is compared with it at most
once a minute and reloaded when it changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.bank import Bank, SyncReport, sync_questions
from bot.clock import Clock
from bot.storage.database import Database
from bot.storage.models import QuestionRow
from question_bank.blueprint import DOMAINS, Domain
from question_bank.schema import Question

__all__ = ["Catalog"]


class Catalog:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.db = database
        self.clock = clock
        self.bank = Bank()
        self._stamp: tuple = ()
        self._checked = clock.now()

    def sync(self, questions: list[Question], workspace_id: int | None = None) -> SyncReport:
        with self.db.transaction() as s:
            report = sync_questions(s, questions, self.clock.now(), workspace_id)
        self.reload()
        return report

    def import_questions(self, workspace_id: int, questions: list[Question]) -> SyncReport:
        """Add or update a workspace's own questions; they mix into its selection."""
        with self.db.transaction() as s:
            report = sync_questions(
                s, questions, self.clock.now(), workspace_id, retire_missing=False
            )
        self.reload()
        return report

    def reload(self) -> None:
        with self.db.session() as s:
            rows = s.scalars(select(QuestionRow).where(QuestionRow.active.is_(True))).all()
            self._stamp = self._read_stamp(s)
        self.bank = Bank.from_rows(rows)
        self._checked = self.clock.now()

    @staticmethod
    def _read_stamp(s: Session) -> tuple:
        return tuple(s.execute(select(func.count(), func.max(QuestionRow.updated_at))).one())

    def refresh_if_changed(self, every: timedelta = timedelta(seconds=60)) -> bool:
        """Pick up questions another process imported; checked at most once a minute."""
        now: datetime = self.clock.now()
        if now - self._checked < every:
            return False
        self._checked = now
        with self.db.session() as s:
            changed = self._read_stamp(s) != self._stamp
        if changed:
            self.reload()
        return changed

    def candidates(self, workspace_id: int, only: Domain | None = None) -> dict[str, list[str]]:
        """Askable ids by domain for a workspace (shipped plus its own)."""
        domains = [only] if only else list(DOMAINS)
        return {d.key: self.bank.ids_in(d.key, workspace_id) for d in domains}

    def get(self, question_id: str) -> Question | None:
        return self.bank.by_id.get(question_id)

    def inactive_ids_outside(self, workspace_id: int) -> set[str]:
        """Retired ids of other owners: an import may not reuse them either."""
        with self.db.session() as s:
            return set(
                s.scalars(
                    select(QuestionRow.id).where(
                        QuestionRow.active.is_(False),
                        (QuestionRow.workspace_id.is_(None))
                        | (QuestionRow.workspace_id != workspace_id),
                    )
                )
            )
