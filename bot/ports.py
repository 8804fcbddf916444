"""The ports the core needs from the outside world; adapters and the scheduler implement them.

`Messenger` is how the core reaches a platform on its own initiative (ticks: daily posts,
reveals, reminders) and how `bot.delivery.Deliverer` carries out effects. `DailyControl` is what
the admin `daily` commands need from whoever runs the schedule (the scheduler).
"""

from __future__ import annotations

from typing import Protocol

from bot.identity import Address, ChannelKey
from bot.messages import Message

__all__ = ["DailyControl", "Messenger", "NullMessenger", "PostRef", "Undeliverable"]

PostRef = str
"""A platform's handle for a posted message (Slack `channel:ts`, Discord message id)."""


class Undeliverable(RuntimeError):
    """The platform cannot deliver this (no messenger wired, member never reachable)."""


class Messenger(Protocol):
    async def post(self, channel: ChannelKey, message: Message) -> PostRef:
        """Post in a channel; returns a reference for later edits and thread replies."""
        ...

    async def update(self, channel: ChannelKey, ref: PostRef, message: Message) -> None: ...

    async def reply_in_thread(
        self, channel: ChannelKey, ref: PostRef, message: Message
    ) -> None: ...

    async def send_dm(self, to: Address, message: Message) -> None: ...


class NullMessenger:
    """Until an adapter wires its own: every proactive send fails loudly, nothing is lost
    (a daily post stays claimed; a reminder is un-claimed and retried)."""

    async def post(self, channel: ChannelKey, message: Message) -> PostRef:
        raise Undeliverable("no messenger is wired for proactive posts")

    async def update(self, channel: ChannelKey, ref: PostRef, message: Message) -> None:
        raise Undeliverable("no messenger is wired for updates")

    async def reply_in_thread(self, channel: ChannelKey, ref: PostRef, message: Message) -> None:
        raise Undeliverable("no messenger is wired for thread replies")

    async def send_dm(self, to: Address, message: Message) -> None:
        raise Undeliverable("no messenger is wired for direct messages")


class DailyControl(Protocol):
    """What the `daily` admin commands need from whoever runs the schedule."""

    async def schedule_changed(self, channel: ChannelKey) -> None: ...

    def next_run(self, channel: ChannelKey) -> str | None:
        """When this instance will next post here (ISO minutes), or None if it will not."""
        ...
