"""Who is asking, in platform-neutral terms: the boundary type every adapter fills in."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Actor", "Address", "ChannelKey", "MemberKey"]


@dataclass(frozen=True, slots=True)
class Actor:
    """A member acting somewhere, as an adapter saw them (ids are the platform's own)."""

    platform: str
    workspace: str
    user: str
    display_name: str = ""
    channel: str | None = None
    channel_name: str = ""
    workspace_name: str = ""
    is_admin: bool = False


@dataclass(frozen=True, slots=True)
class MemberKey:
    """Our database ids for an actor, resolved once and cached."""

    workspace_id: int
    member_id: int


@dataclass(frozen=True, slots=True)
class ChannelKey:
    workspace_id: int
    channel_id: int
    platform: str
    external_id: str


@dataclass(frozen=True, slots=True)
class Address:
    """Where a direct message goes: the platform's own ids for a member."""

    platform: str
    workspace: str
    user: str
