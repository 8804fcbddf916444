"""`bot.ports.Messenger` on the Slack Web API: how the scheduler posts, edits and DMs.

A post reference is `"<channel id>:<ts>"`, everything `chat.update` and a thread reply need.
The client comes from a `ClientSource` keyed by the Slack team id, so the same messenger serves
one workspace (the bot token) or many (each installation's token from the OAuth store).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import chat_payload
from adapters.slack.files import upload_attachments
from bot.identity import Address, ChannelKey
from bot.messages import Message
from bot.ports import PostRef

__all__ = ["ClientSource", "SlackMessenger", "join_ref", "split_ref"]

ClientSource = Callable[[str], Awaitable[AsyncWebClient]]
"""Team id -> a Web API client holding that workspace's bot token."""


def join_ref(channel: str, ts: str) -> PostRef:
    return f"{channel}:{ts}"


def split_ref(ref: PostRef) -> tuple[str, str]:
    channel, sep, ts = ref.partition(":")
    if not sep or not channel or not ts:
        raise ValueError(f"not a Slack message reference: {ref!r}")
    return channel, ts


class SlackMessenger:
    """The core's `Messenger` port for Slack: each call uses the workspace's own client."""

    def __init__(self, clients: ClientSource) -> None:
        self.clients = clients

    async def _client(self, channel: ChannelKey) -> AsyncWebClient:
        if channel.platform != "slack":
            raise LookupError(f"channel {channel.channel_id} is not a Slack channel")
        return await self.clients(channel.workspace)

    async def post(self, channel: ChannelKey, message: Message) -> PostRef:
        client = await self._client(channel)
        response = await client.chat_postMessage(
            channel=channel.external_id, **chat_payload(message)
        )
        if message.attachments:  # e.g. the weekly digest's study-group picture
            await upload_attachments(client, [message], user="", channel=str(response["channel"]))
        return join_ref(response["channel"], response["ts"])

    async def update(self, channel: ChannelKey, ref: PostRef, message: Message) -> None:
        client = await self._client(channel)
        channel_id, ts = split_ref(ref)
        await client.chat_update(channel=channel_id, ts=ts, **chat_payload(message))

    async def reply_in_thread(self, channel: ChannelKey, ref: PostRef, message: Message) -> None:
        client = await self._client(channel)
        channel_id, ts = split_ref(ref)
        await client.chat_postMessage(channel=channel_id, thread_ts=ts, **chat_payload(message))

    async def send_dm(self, to: Address, message: Message) -> None:
        if to.platform != "slack":
            raise ValueError(f"the Slack messenger cannot DM a {to.platform} member")
        client = await self.clients(to.workspace)
        opened = await client.conversations_open(users=to.user)
        dm = str(opened["channel"]["id"])
        await client.chat_postMessage(channel=dm, **chat_payload(message))
        if message.attachments:  # e.g. a timed-out mock exam's report chart
            await upload_attachments(
                client, [replace(message, private=False)], user=to.user, channel=dm
            )
