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
    roles: tuple[str, ...] | None = None
    """The member's role ids where the platform sends them with every event (Discord); None
    where it does not, so role-bound study groups are never emptied by mistake."""
    buttons: bool = True
    """False where members answer by typing a letter (the console)."""
    proactive: bool = True
    """False where nothing runs in the background to send DMs or channel posts (the console)."""
    files_private: bool = False
    """True where a file sent in reply is seen by this member alone (a DM, a Discord ephemeral
    reply, the console); "my data" is only sent, and deleted, where this holds."""

    def __post_init__(self) -> None:
        # No platform sends NUL in an id or a name, and PostgreSQL cannot store it in text:
        # one hostile payload must not turn every request of this member into an error.
        for name in ("workspace", "user", "display_name", "channel_name", "workspace_name"):
            value = getattr(self, name)
            if "\x00" in value:
                object.__setattr__(self, name, value.replace("\x00", ""))
        if self.channel is not None and "\x00" in self.channel:
            object.__setattr__(self, "channel", self.channel.replace("\x00", ""))
        if self.roles is not None and any("\x00" in r for r in self.roles):
            object.__setattr__(self, "roles", tuple(r.replace("\x00", "") for r in self.roles))


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
    workspace: str = ""
    """The platform's own workspace id (Slack team, Discord guild), for the adapter's client."""


@dataclass(frozen=True, slots=True)
class Address:
    """Where a direct message goes: the platform's own ids for a member."""

    platform: str
    workspace: str
    user: str
