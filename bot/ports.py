"""The ports the core needs from the outside world; adapters implement them.

The scheduler is handed a `Messenger` (never an adapter class), and the dispatcher is handed a
`DailyControl` (implemented by the scheduler) for the admin `daily` commands.
"""

from __future__ import annotations

from typing import Protocol

from bot.identity import ChannelKey
from bot.messages import Message

__all__ = ["DailyControl", "Messenger", "PostRef"]

PostRef = str
"""A platform's handle for a posted message (Slack `channel:ts`, Discord message id)."""


class Messenger(Protocol):
    async def post(self, channel: ChannelKey, message: Message) -> PostRef:
        """Post in a channel; returns a reference for later edits and thread replies."""
        ...

    async def update(self, channel: ChannelKey, ref: PostRef, message: Message) -> None: ...

    async def reply_in_thread(
        self, channel: ChannelKey, ref: PostRef, message: Message
    ) -> None: ...

    async def send_dm(self, platform: str, workspace: str, user: str, message: Message) -> None: ...


class DailyControl(Protocol):
    """What the `daily` admin commands need from whoever runs the schedule."""

    async def schedule_changed(self, channel: ChannelKey) -> None: ...

    async def post_now(self, channel: ChannelKey) -> str:
        """Post today's question now (claimed like a scheduled post); returns a status text."""
        ...

    def describe(self, channel: ChannelKey) -> str: ...
