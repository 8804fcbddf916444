"""The App Home tab: the core's personal overview (`OverviewOpened`) as a Home view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.slack.blocks import reply_blocks
from bot.messages import Message

__all__ = ["HOME_BLOCK_LIMIT", "home_view"]

HOME_BLOCK_LIMIT = 100


def home_view(messages: Sequence[Message]) -> dict[str, Any]:
    """The `view` argument for views.publish."""
    return {"type": "home", "blocks": reply_blocks(messages, HOME_BLOCK_LIMIT)}
