"""A member's own data: everything stored about them as JSON, and erasing it.

Which rows are "about a member" is found by walking the schema, not listed by hand: every
table with a foreign key to `members.id`, and every table hanging off one of those (a mock
exam's items). So a table added later (plans, reports filed) is exported and deleted without
touching this module. Deleting keeps only anonymous channel numbers: what the member added to
each daily question's tally moves to `anonymous_tallies` before their answers go.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Table, and_, case, delete, func, or_, select
from sqlalchemy.orm import Session

from bot.context import CoreContext
from bot.errors import NotFound
from bot.identity import Actor
from bot.storage.models import (
    AnonymousTally,
    Answer,
    Base,
    ConversationRef,
    Member,
    Workspace,
)

__all__ = ["DeleteReport", "MyData", "member_tables"]


@dataclass(frozen=True, slots=True)
class DeleteReport:
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _references(table: Table, target: Table) -> list[Column[Any]]:
    return [
        fk.parent
        for fk in table.foreign_keys
        if fk.column.table is target and fk.parent.table is table
    ]


def member_tables() -> list[tuple[Table, Column[Any], list[tuple[Table, Column[Any]]]]]:
    """(table, its member column, [(child table, column pointing at the table's key)])."""
    members = Base.metadata.tables["members"]
    found = []
    for table in Base.metadata.sorted_tables:
        for column in _references(table, members):
            children = [
                (child, ref)
                for child in Base.metadata.sorted_tables
                if child is not table and child is not members
                for ref in _references(child, table)
            ]
            found.append((table, column, children))
    return found


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(s: Session, table: Table, *where: object) -> list[dict[str, object]]:
    return [
        {k: _plain(v) for k, v in row._mapping.items()}
        for row in s.execute(select(table).where(*where))
    ]


class MyData:
    def __init__(self, ctx: CoreContext) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ finding the member
    def _member(self, s: Session, platform: str, workspace: str, user: str) -> Member | None:
        return s.scalar(
            select(Member)
            .join(Workspace, Workspace.id == Member.workspace_id)
            .where(
                Workspace.platform == platform,
                Workspace.external_id == workspace,
                Member.external_id == user,
            )
        )

    # ------------------------------------------------------------------ export
    def export(self, platform: str, workspace: str, user: str) -> dict[str, Any]:
        """Everything stored about the member, table by table (JSON-ready)."""
        with self.ctx.read() as s:
            member = self._member(s, platform, workspace, user)
            if member is None:
                raise NotFound("Nothing is stored about that member.")
            members = Base.metadata.tables["members"]
            data: dict[str, Any] = {
                "exported_at": self.ctx.now().isoformat(),
                "member": _rows(s, members, members.c.id == member.id)[0],
                "tables": {},
            }
            for table, column, children in member_tables():
                rows = _rows(s, table, column == member.id)
                data["tables"].setdefault(table.name, []).extend(rows)
                for child, ref in children:
                    parent_key = ref.foreign_keys and next(iter(ref.foreign_keys)).column
                    keys = [r[parent_key.name] for r in rows] if parent_key is not None else []
                    if keys:
                        data["tables"].setdefault(child.name, []).extend(
                            _rows(s, child, ref.in_(keys))
                        )
            data["tables"]["conversation_refs"] = _rows(
                s,
                ConversationRef.__table__,
                ConversationRef.platform == platform,
                ConversationRef.workspace == workspace,
                or_(ConversationRef.key == user, ConversationRef.user_id == user),
            )
            return data

    def export_actor(self, actor: Actor) -> tuple[bytes, int]:
        """The JSON file's bytes and how many records it holds."""
        with self.ctx.work() as u:
            u.member(actor)  # a member who never spoke gets an (almost empty) file, not an error
        data = self.export(actor.platform, actor.workspace, actor.user)
        rows = 1 + sum(len(v) for v in data["tables"].values())
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False).encode(), rows

    # ------------------------------------------------------------------ delete
    def delete(self, platform: str, workspace: str, user: str) -> DeleteReport:
        """Remove every row tied to the member, then the member; channel tallies stay."""
        counts: dict[str, int] = {}
        with self.ctx.work() as u:
            s = u.session
            member = self._member(s, platform, workspace, user)
            if member is None:
                raise NotFound("Nothing is stored about that member.")
            self._keep_tallies(s, member.id)
            for table, column, children in reversed(member_tables()):
                for child, ref in children:
                    parent_key = next(iter(ref.foreign_keys)).column
                    owned = select(parent_key).where(column == member.id)
                    done = s.execute(delete(child).where(ref.in_(owned))).rowcount
                    counts[child.name] = counts.get(child.name, 0) + (done or 0)
                done = s.execute(delete(table).where(column == member.id)).rowcount
                counts[table.name] = counts.get(table.name, 0) + (done or 0)
            refs = s.execute(
                delete(ConversationRef).where(
                    ConversationRef.platform == platform,
                    ConversationRef.workspace == workspace,
                    or_(ConversationRef.key == user, ConversationRef.user_id == user),
                )
            ).rowcount
            counts["conversation_refs"] = refs or 0
            s.delete(member)
            counts["members"] = 1
        self.ctx.directory.forget_member(platform, workspace, user)
        return DeleteReport(counts)

    def delete_actor(self, actor: Actor) -> DeleteReport:
        return self.delete(actor.platform, actor.workspace, actor.user)

    @staticmethod
    def _keep_tallies(s: Session, member_id: int) -> None:
        rows = s.execute(
            select(
                Answer.daily_post_id,
                func.count(Answer.id),
                func.sum(case((Answer.correct.is_(True), 1), else_=0)),
            )
            .where(and_(Answer.member_id == member_id, Answer.daily_post_id.is_not(None)))
            .group_by(Answer.daily_post_id)
        ).all()
        for post_id, answered, correct in rows:
            tally = s.get(AnonymousTally, post_id)
            if tally is None:
                s.add(
                    AnonymousTally(daily_post_id=post_id, answered=answered, correct=correct or 0)
                )
            else:
                tally.answered += answered
                tally.correct += correct or 0
        s.flush()
