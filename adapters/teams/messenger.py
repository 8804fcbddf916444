"""`bot.ports.Messenger` on the Teams Bot Connector, through the Teams SDK's API client.

A channel is reached through the conversation stored when the app was added to its team (or the
channel's id with the team's service URL); a post reference is the activity id the Connector
returned, so an edit is a PUT of that activity and a thread reply goes to
`<channel conversation>;messageid=<activity id>`. A direct message goes to the member's stored
personal conversation, created once through the Connector when only the member's id is known;
a member the bot never met gets none.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from microsoft_teams.api import Account, ApiClient, MessageActivityInput
from microsoft_teams.api.clients.conversation.params import CreateConversationParams
from microsoft_teams.apps import App
from microsoft_teams.apps.utils.thread import to_threaded_conversation_id

from adapters.teams.cards import card_attachment, summary
from bot.clock import Clock
from bot.conversation_refs import CHANNEL, PERSONAL, ConversationBook, Reference
from bot.identity import Address, ChannelKey
from bot.messages import Message
from bot.ports import PostRef, Undeliverable

__all__ = ["PLATFORM", "NotReachable", "TeamsMessenger", "activity_for"]

log = logging.getLogger(__name__)

PLATFORM = "teams"


class NotReachable(Undeliverable, LookupError):
    """No stored conversation for this member, and no way to create one."""


def activity_for(message: Message, activity_id: str | None = None) -> MessageActivityInput:
    activity = MessageActivityInput(
        text=summary(message),
        attachments=[card_attachment(message)],  # type: ignore[list-item]
    )
    if activity_id:
        activity = activity.with_id(activity_id)
    return activity


class TeamsMessenger:
    def __init__(
        self,
        app: App,
        book: ConversationBook,
        tenant_of: Callable[[int, str], str | None],
        clock: Clock,
        default_service_url: str,
    ) -> None:
        self.app = app
        self.book = book
        self.tenant_of = tenant_of
        self.clock = clock
        self.default_service_url = default_service_url.rstrip("/")
        self._tenants: dict[int, str] = {}

    # ------------------------------------------------------------------ lookups
    def _tenant(self, workspace_id: int) -> str:
        tenant = self._tenants.get(workspace_id)
        if tenant is None:
            tenant = self.tenant_of(workspace_id, PLATFORM)
            if tenant is None:
                raise LookupError(f"workspace {workspace_id} is not a Teams tenant")
            self._tenants[workspace_id] = tenant
        return tenant

    async def _channel_ref(self, channel: ChannelKey) -> Reference:
        tenant = channel.workspace or await asyncio.to_thread(self._tenant, channel.workspace_id)
        ref = await asyncio.to_thread(
            self.book.find, PLATFORM, tenant, CHANNEL, channel.external_id
        )
        return ref or Reference(channel.external_id, self.default_service_url)

    async def _send(self, conversation_id: str, service_url: str, activity: Any) -> str:
        sent = await self.app.send(conversation_id, activity, service_url=service_url)
        return str(sent.id)

    # ------------------------------------------------------------------ Messenger port
    async def post(self, channel: ChannelKey, message: Message) -> PostRef:
        ref = await self._channel_ref(channel)
        return await self._send(ref.conversation_id, ref.service_url, activity_for(message))

    async def update(self, channel: ChannelKey, ref: PostRef, message: Message) -> None:
        conv = await self._channel_ref(channel)
        await self._send(conv.conversation_id, conv.service_url, activity_for(message, ref))

    async def reply_in_thread(self, channel: ChannelKey, ref: PostRef, message: Message) -> None:
        conv = await self._channel_ref(channel)
        threaded = to_threaded_conversation_id(conv.conversation_id, ref)
        await self._send(threaded, conv.service_url, activity_for(message))

    async def send_dm(self, to: Address, message: Message) -> None:
        if to.platform != PLATFORM:
            raise ValueError(f"the Teams messenger cannot message a {to.platform} member")
        await self.send_personal(to.workspace, to.user, message)

    # ------------------------------------------------------------------ personal chats
    async def personal_ref(
        self, tenant: str, user: str, *, user_id: str | None = None, service_url: str | None = None
    ) -> Reference:
        """The member's personal conversation: stored, or created once through the Connector
        when their Teams user id and a service URL are known (the app is installed for them)."""
        ref = await asyncio.to_thread(self.book.find, PLATFORM, tenant, PERSONAL, user)
        if ref is not None:
            return ref
        if not user_id:
            raise NotReachable(f"no personal conversation with Teams member {user}")
        url = (service_url or self.default_service_url).rstrip("/")
        created = await _create_at(self.app, url, user_id, tenant)
        ref = Reference(created.id, url, user_id)
        await asyncio.to_thread(
            self.book.remember, PLATFORM, tenant, PERSONAL, user, ref, self.clock.now()
        )
        return ref

    async def send_personal(
        self,
        tenant: str,
        user: str,
        message: Message,
        *,
        user_id: str | None = None,
        service_url: str | None = None,
    ) -> str:
        ref = await self.personal_ref(tenant, user, user_id=user_id, service_url=service_url)
        return await self._send(ref.conversation_id, ref.service_url, activity_for(message))


async def _create_at(app: App, service_url: str, user_id: str, tenant: str) -> Any:
    """Create a 1:1 conversation behind a specific service URL (the member's region)."""
    api = ApiClient(
        service_url, app.http_client.clone(), cloud=app.cloud, token_provider=app.token_provider
    )
    return await api.conversations.create(
        CreateConversationParams(
            members=[Account(id=user_id)],
            tenant_id=tenant,
            channel_data={"tenant": {"id": tenant}},
        )
    )
