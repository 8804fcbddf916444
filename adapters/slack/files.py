"""Attachments (charts, exports) on Slack: `files_upload_v2`, alt text included.

Block Kit image blocks need a public URL, and ephemeral replies cannot carry files, so a
message's files are uploaded separately: a private message's into the member's DM (only they
see it), a public one's into the channel it answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import Message

__all__ = ["ALT_LIMIT", "upload_attachments"]

ALT_LIMIT = 1000
"""Slack's limit for a file's alt text."""


async def upload_attachments(
    client: AsyncWebClient, messages: Sequence[Message], *, user: str, channel: str | None
) -> int:
    """Upload every attachment of `messages`; returns how many went."""
    sent = 0
    dm: str | None = None
    for message in messages:
        for attachment in message.attachments:
            target = channel if not message.private and channel else None
            if target is None:
                if dm is None:
                    opened = await client.conversations_open(users=user)
                    dm = str(opened["channel"]["id"])
                target = dm
            await client.files_upload_v2(
                channel=target,
                file=attachment.data,
                filename=attachment.filename,
                title=attachment.filename,
                alt_txt=attachment.alt[:ALT_LIMIT] if attachment.is_image else None,
            )
            sent += 1
    return sent
