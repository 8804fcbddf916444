"""`bot.ports.Messenger` on the Slack Web API: how the scheduler posts, edits and DMs.

A post reference is `"<channel id>:<ts>"`, everything `chat.update` and a thread reply need.
The client comes from a `ClientSource` keyed by the Slack team id, so the same messenger serves
one workspace (the bot token) or many (each installation's token from the OAuth store).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import chat_payload
from bot.identity import ChannelKey
from bot.messages import Message
from bot.ports import PostRef
from bot.storage.models import Workspace
from bot.tutor import Tutor

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
    def __init__(self, tutor: Tutor, clients: ClientSource) -> None:
        self.tutor = tutor
        self.clients = clients
        self._teams: dict[int, str] = {}

    async def _team(self, workspace_id: int) -> str:
        """Our workspace row id -> the Slack team id (cached; it never changes)."""
        team = self._teams.get(workspace_id)
        if team is None:
            team = await asyncio.to_thread(self._lookup_team, workspace_id)
            self._teams[workspace_id] = team
        return team

    def _lookup_team(self, workspace_id: int) -> str:
        with self.tutor.db.session() as s:
            row = s.get(Workspace, workspace_id)
            if row is None or row.platform != "slack":
                raise LookupError(f"workspace {workspace_id} is not a Slack workspace")
            return row.external_id

    async def _client(self, channel: ChannelKey) -> AsyncWebClient:
        return await self.clients(await self._team(channel.workspace_id))

    async def post(self, channel: ChannelKey, message: Message) -> PostRef:
        client = await self._client(channel)
        response = await client.chat_postMessage(
            channel=channel.external_id, **chat_payload(message)
        )
        return join_ref(response["channel"], response["ts"])

    async def update(self, channel: ChannelKey, ref: PostRef, message: Message) -> None:
        client = await self._client(channel)
        channel_id, ts = split_ref(ref)
        await client.chat_update(channel=channel_id, ts=ts, **chat_payload(message))

    async def reply_in_thread(self, channel: ChannelKey, ref: PostRef, message: Message) -> None:
        client = await self._client(channel)
        channel_id, ts = split_ref(ref)
        await client.chat_postMessage(channel=channel_id, thread_ts=ts, **chat_payload(message))

    async def send_dm(self, platform: str, workspace: str, user: str, message: Message) -> None:
        if platform != "slack":
            raise ValueError(f"the Slack messenger cannot DM a {platform} member")
        client = await self.clients(workspace)
        opened = await client.conversations_open(users=user)
        await client.chat_postMessage(channel=opened["channel"]["id"], **chat_payload(message))
