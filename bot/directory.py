"""Identities: our row ids for the platform's workspaces, members and channels.

Resolving an id is on every request's path, so ids are cached; the cache is bounded (LRU) and
an id is remembered only once its transaction commits (a rolled-back insert leaves no id). A
member's display name travels with each event, so a rename on the platform reaches the boards
on the member's next action, not at the next restart.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.errors import TutorError
from bot.identity import Actor, ChannelKey, MemberKey
from bot.storage.database import Database
from bot.storage.models import Channel, Member, Workspace

__all__ = ["Directory"]

T = TypeVar("T")
NAME_LIMIT = 200


class _Lru(OrderedDict):  # type: ignore[type-arg]
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def get_fresh(self, key: object) -> object | None:
        if key not in self:
            return None
        self.move_to_end(key)
        return self[key]

    def put(self, key: object, value: object) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)


def get_or_create(s: Session, stmt: Select, make: Callable[[], T]) -> tuple[T, bool]:
    """The row `stmt` finds, or a new one from `make()`; a concurrent insert of the same row
    (two instances, a redelivered event) loses the race quietly and reads the winner."""
    row = s.scalar(stmt)
    if row is not None:
        return row, False
    row = make()
    try:
        with s.begin_nested():
            s.add(row)
    except IntegrityError:
        return s.scalars(stmt).one(), False
    return row, True


class Directory:
    def __init__(self, database: Database, clock: Clock, cache_size: int = 10_000) -> None:
        self.clock = clock
        self._workspaces = _Lru(cache_size)
        self._members = _Lru(cache_size)
        self._channels = _Lru(cache_size)
        database.on_commit(self._commit_cache)

    def now(self) -> datetime:
        return self.clock.now()

    @staticmethod
    def _remember(s: Session, cache: _Lru, key: tuple, value: object) -> None:
        s.info.setdefault("ciip_cache", []).append((cache, key, value))

    @staticmethod
    def _commit_cache(s: Session) -> None:
        if s.in_nested_transaction():  # a savepoint released; the outer one may still roll back
            return
        for cache, key, value in s.info.pop("ciip_cache", ()):
            cache.put(key, value)

    def forget_member(self, platform: str, workspace: str, user: str) -> None:
        """Drop a deleted member's cached id, so their next message creates a fresh row."""
        self._members.pop((platform, workspace, user), None)

    def workspace(self, s: Session, actor: Actor) -> int:
        key = (actor.platform, actor.workspace)
        cached = self._workspaces.get_fresh(key)
        if cached is not None:
            return cached  # type: ignore[return-value]
        row, _ = get_or_create(
            s,
            select(Workspace).where(
                Workspace.platform == actor.platform, Workspace.external_id == actor.workspace
            ),
            lambda: Workspace(
                platform=actor.platform,
                external_id=actor.workspace,
                name=actor.workspace_name[:NAME_LIMIT],
                created_at=self.now(),
            ),
        )
        self._remember(s, self._workspaces, key, row.id)
        return row.id

    def member(self, s: Session, actor: Actor) -> MemberKey:
        key = (actor.platform, actor.workspace, actor.user)
        name = (actor.display_name or "")[:NAME_LIMIT]
        cached = self._members.get_fresh(key)
        if cached is not None:
            member, known_name = cached  # type: ignore[misc]
            if name and name != known_name:
                row = s.get(Member, member.member_id)
                if row is not None:
                    row.display_name = name
                self._remember(s, self._members, key, (member, name))
            return member  # type: ignore[no-any-return]
        workspace_id = self.workspace(s, actor)
        row, created = get_or_create(
            s,
            select(Member).where(
                Member.workspace_id == workspace_id, Member.external_id == actor.user
            ),
            lambda: Member(
                workspace_id=workspace_id,
                external_id=actor.user,
                display_name=name or actor.user[:NAME_LIMIT],
                timezone=None,
                created_at=self.now(),
            ),
        )
        if not created and name and row.display_name != name:
            row.display_name = name
        member = MemberKey(workspace_id, row.id)
        self._remember(s, self._members, key, (member, row.display_name))
        return member

    def member_row(self, s: Session, actor: Actor) -> Member:
        row = s.get(Member, self.member(s, actor).member_id)
        assert row is not None
        return row

    def channel(self, s: Session, actor: Actor) -> int | None:
        if not actor.channel:
            return None
        key = (actor.platform, actor.workspace, actor.channel)
        cached = self._channels.get_fresh(key)
        if cached is not None:
            return cached  # type: ignore[return-value]
        workspace_id = self.workspace(s, actor)
        row, _ = get_or_create(
            s,
            select(Channel).where(
                Channel.workspace_id == workspace_id, Channel.external_id == actor.channel
            ),
            lambda: Channel(
                workspace_id=workspace_id,
                external_id=actor.channel,
                name=actor.channel_name[:NAME_LIMIT],
                created_at=self.now(),
            ),
        )
        self._remember(s, self._channels, key, row.id)
        return row.id

    def channel_key(self, s: Session, actor: Actor) -> ChannelKey:
        channel_id = self.channel(s, actor)
        if channel_id is None:
            raise TutorError("This only works in a channel.")
        return ChannelKey(
            self.workspace(s, actor),
            channel_id,
            actor.platform,
            actor.channel or "",
            actor.workspace,
        )

    @staticmethod
    def workspace_external_id(s: Session, workspace_id: int, platform: str) -> str | None:
        row = s.get(Workspace, workspace_id)
        return row.external_id if row is not None and row.platform == platform else None

    @staticmethod
    def channel_key_of(s: Session, channel_id: int) -> ChannelKey | None:
        row = s.get(Channel, channel_id)
        if row is None:
            return None
        ws = s.get(Workspace, row.workspace_id)
        assert ws is not None
        return ChannelKey(row.workspace_id, row.id, ws.platform, row.external_id, ws.external_id)
