"""What comes out of the core: typed, platform-neutral effects an adapter carries out.

`Core.handle` returns a `Result` holding effects in the order they should happen. An adapter
maps each kind to one platform call (Slack `respond`/`chat.update`, a Discord followup or
message edit, a console print); it never looks inside a message to decide anything.

Proactive sends whose outcome the core must record (a daily post's message reference) go
through the `Messenger` port during a tick instead, because the core's state depends on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from bot.identity import Address, ChannelKey
from bot.messages import Message

__all__ = [
    "DirectMessage",
    "Effect",
    "Post",
    "ReplaceClicked",
    "Respond",
    "Result",
    "ThreadReply",
    "Update",
]


@dataclass(frozen=True, slots=True)
class Respond:
    """Answer the member who caused the event (ephemeral/DM when `message.private`)."""

    message: Message


@dataclass(frozen=True, slots=True)
class ReplaceClicked:
    """Replace the message whose button was clicked (a question becomes its verdict).

    `keep_shown`: the clicked message's own content should stay visible above the new one
    where a platform can keep it (a Discord question embed above its verdict); the core says
    so, so no adapter has to work it out from the button's id.
    """

    message: Message
    keep_shown: bool = False


@dataclass(frozen=True, slots=True)
class Post:
    channel: ChannelKey
    message: Message


@dataclass(frozen=True, slots=True)
class Update:
    """Edit a message the bot posted earlier; updates sharing a `coalesce` key may be merged
    (only the newest matters), so a burst of clicks costs one or two platform edits."""

    channel: ChannelKey
    ref: str
    message: Message
    coalesce: str | None = None
    version: int = 0
    """Within one `coalesce` key, an update older than one already sent is dropped."""


@dataclass(frozen=True, slots=True)
class ThreadReply:
    channel: ChannelKey
    ref: str
    message: Message


@dataclass(frozen=True, slots=True)
class DirectMessage:
    to: Address
    message: Message


Effect = Respond | ReplaceClicked | Post | Update | ThreadReply | DirectMessage
E = TypeVar("E", Respond, ReplaceClicked, Post, Update, ThreadReply, DirectMessage)


@dataclass(slots=True)
class Result:
    """The core's answer to one event: effects in order, and whether the request succeeded."""

    effects: list[Effect] = field(default_factory=list)
    ok: bool = True

    @property
    def messages(self) -> list[Message]:
        """What the member who caused the event sees (replies and replacements)."""
        return [e.message for e in self.effects if isinstance(e, Respond | ReplaceClicked)]

    @property
    def text(self) -> str:
        return "\n\n".join(m.as_text() for m in self.messages)

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.effects if isinstance(e, kind)]
