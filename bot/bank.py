"""The questions the engine can ask, held in memory and mirrored into the database.

The shipped bank is small (hundreds to a few thousand questions), so selection works on an
in-memory index by domain; the `questions` table exists for foreign keys, history (content
hashes) and team-authored questions that belong to one workspace.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import QuestionRow
from question_bank.schema import Question

__all__ = ["Bank", "SyncReport", "sync_questions"]


@dataclass
class Bank:
    """Active questions by id, and ids by (workspace, domain); workspace None is shipped."""

    by_id: dict[str, Question] = field(default_factory=dict)
    owner: dict[str, int | None] = field(default_factory=dict)
    _by_domain: dict[tuple[int | None, str], list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, question: Question, workspace_id: int | None = None) -> None:
        if question.id not in self.by_id:
            self._by_domain[(workspace_id, question.domain)].append(question.id)
        self.by_id[question.id] = question
        self.owner[question.id] = workspace_id

    def ids_in(self, domain: str, workspace_id: int | None) -> list[str]:
        """Shipped questions of a domain plus the workspace's own."""
        ids = list(self._by_domain.get((None, domain), ()))
        if workspace_id is not None:
            ids += self._by_domain.get((workspace_id, domain), ())
        return ids

    def visible_to(self, question_id: str, workspace_id: int | None) -> bool:
        owner = self.owner.get(question_id, -1)
        return owner is None or owner == workspace_id

    def __len__(self) -> int:
        return len(self.by_id)

    @classmethod
    def from_rows(cls, rows: Iterable[QuestionRow]) -> Bank:
        bank = cls()
        for row in rows:
            bank.add(Question.model_validate(row.body), row.workspace_id)
        return bank


@dataclass(frozen=True)
class SyncReport:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    retired: int = 0


def sync_questions(
    session: Session,
    questions: Iterable[Question],
    now: datetime,
    workspace_id: int | None = None,
    retire_missing: bool = True,
) -> SyncReport:
    """Upsert questions by stable id; a changed hash bumps the row, history stays on answers.

    Questions of this owner missing from `questions` are retired (inactive), never deleted, so
    past answers keep their foreign keys.
    """
    existing = {
        row.id: row
        for row in session.scalars(
            select(QuestionRow).where(
                QuestionRow.workspace_id.is_(None)
                if workspace_id is None
                else QuestionRow.workspace_id == workspace_id
            )
        )
    }
    added = changed = unchanged = 0
    seen: set[str] = set()
    for q in questions:
        seen.add(q.id)
        body = q.model_dump(mode="json")
        row = existing.get(q.id)
        if row is None:
            clash = session.get(QuestionRow, q.id)
            if clash is not None:
                raise ValueError(f"question id {q.id} is already used by another bank")
            session.add(
                QuestionRow(
                    id=q.id,
                    domain=q.domain,
                    subtopic=q.subtopic,
                    difficulty=q.difficulty,
                    content_hash=q.hash,
                    version=q.version,
                    workspace_id=workspace_id,
                    active=True,
                    body=body,
                    updated_at=now,
                )
            )
            added += 1
        elif row.content_hash != q.hash or not row.active or row.body != body:
            row.domain, row.subtopic, row.difficulty = q.domain, q.subtopic, q.difficulty
            row.content_hash, row.version, row.body = q.hash, q.version, body
            row.active, row.updated_at = True, now
            changed += 1
        else:
            unchanged += 1
    retired = 0
    if retire_missing:
        for qid, row in existing.items():
            if qid not in seen and row.active:
                row.active, row.updated_at = False, now
                retired += 1
    return SyncReport(added, changed, unchanged, retired)
