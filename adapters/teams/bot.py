"""The Teams bot: the SDK's `App` whose handlers translate activities into core events.

- A message (personal chat, group chat, or a channel with `@CIIP Tutor` stripped) is a
  `Command`; a card button is a `Click`, whether it arrives as an `adaptiveCard/action` invoke
  (`Action.Execute`) or as a message carrying the button's data (`Action.Submit`).
- Each event goes to `Core.handle`; the adapter sends the replies itself: `ReplaceClicked`
  becomes the invoke's card response (or a PUT of the clicked activity), `Respond` is sent in
  the conversation, except that a private reply typed in a channel or group chat goes to the
  member's personal chat and the channel gets a short notice. Every other effect (the daily
  card's live count, posts, thread replies, DMs) goes through the core's `Deliverer` with
  `TeamsMessenger`, which coalesces a burst of count edits.
- Every activity refreshes the stored conversation references (personal chat, channel, team),
  so proactive sends know where to go.

Nothing here decides anything about quizzes or from a button id, and the adapter owns no
wording (bot.render_notices).
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from microsoft_teams.api import (
    ActivityTypeAdapter,
    AdaptiveCardInvokeActivity,
    ConversationUpdateActivity,
    InstallUpdateActivity,
    InvokeResponse,
    MessageActivity,
)
from microsoft_teams.api.auth.cloud_environment import PUBLIC, with_overrides
from microsoft_teams.apps import ActivityContext, App
from microsoft_teams.apps.events import ActivityEvent
from pydantic import ValidationError

from adapters.services import Services
from adapters.teams.cards import CARD_CONTENT_TYPE, card, summary
from adapters.teams.http import GuardedAdapter
from adapters.teams.messenger import PLATFORM, NotReachable, TeamsMessenger, activity_for
from adapters.teams.settings import TeamsSettings
from adapters.teams.tokens import ClientCredentialsToken
from bot.conversation_refs import CHANNEL, PERSONAL, TEAM, Reference
from bot.delivery import Deliverer
from bot.effects import ReplaceClicked, Respond, Result
from bot.events import Click, Command
from bot.identity import Actor
from bot.messages import Message
from bot.render_notices import no_personal_chat, sent_to_personal_chat

__all__ = ["TeamsTutor", "actor_of", "command_text"]

log = logging.getLogger(__name__)

MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
_AT = re.compile(r"<at\b[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,200}>")


def command_text(text: str | None) -> str:
    """The command a member typed: mentions (`<at>CIIP Tutor</at>`) and markup removed."""
    text = _AT.sub(" ", text or "")
    text = html.unescape(_TAG.sub(" ", text))
    return " ".join(text.split())


def _data(activity: Any) -> dict[str, Any]:
    raw = getattr(activity, "channel_data", None)
    if raw is None:
        return {}
    return raw.model_dump(by_alias=True, exclude_none=True) if hasattr(raw, "model_dump") else {}


def _tenant(activity: Any) -> str:
    tenant = getattr(activity.conversation, "tenant_id", None)
    return str(tenant or (_data(activity).get("tenant") or {}).get("id") or "")


def _kind(activity: Any) -> str:
    return str(getattr(activity.conversation, "conversation_type", None) or "personal")


def _channel_id(activity: Any) -> str | None:
    kind = _kind(activity)
    if kind == "personal":
        return None
    if kind == "channel":
        channel = (_data(activity).get("channel") or {}).get("id")
        return str(channel or activity.conversation.id.split(";", 1)[0])
    return str(activity.conversation.id.split(";", 1)[0])


def _member(activity: Any) -> str:
    sender = activity.from_
    return str(getattr(sender, "aad_object_id", None) or sender.id or "")


def actor_of(activity: Any, is_admin: bool = False) -> Actor:
    data = _data(activity)
    return Actor(
        platform=PLATFORM,
        workspace=_tenant(activity),
        user=_member(activity),
        display_name=str(activity.from_.name or ""),
        channel=_channel_id(activity),
        channel_name=str((data.get("channel") or {}).get("name") or ""),
        workspace_name=str((data.get("team") or {}).get("name") or ""),
        is_admin=is_admin,
    )


def parse_admin_ids(raw: str) -> frozenset[str]:
    return frozenset(p.strip() for p in (raw or "").split(",") if p.strip())


class TeamsTutor:
    def __init__(self, services: Services, settings: TeamsSettings) -> None:
        self.services = services
        self.settings = settings
        self.cloud = with_overrides(
            PUBLIC,
            openid_metadata_url=settings.openid_metadata_url,
            login_endpoint=settings.login_endpoint.rstrip("/"),
        )
        self.adapter = GuardedAdapter(services)
        self.app = App(
            client_id=settings.app_id,
            tenant_id=settings.tenant_id,
            token=ClientCredentialsToken(settings.token_url, settings.app_id, settings.secret),
            cloud=self.cloud,
            service_url=settings.service_url,
            http_server_adapter=self.adapter,
            messaging_endpoint="/api/messages",
        )
        self.core = services.core
        self.book = self.core.conversations
        self.messenger = TeamsMessenger(
            self.app,
            self.book,
            self.core.workspace_external_id,
            services.clock,
            settings.service_url,
        )
        self.deliverer = Deliverer(self.messenger)
        self.admin_ids = parse_admin_ids(services.settings.admin_ids)
        self._admins: dict[tuple[str, str], tuple[bool, datetime]] = {}
        self._known: dict[tuple[str, str, str], Reference] = {}
        self.app.on_message(self._on_message)
        self.app.on_card_action(self._on_card_action)
        self.app.on_conversation_update(self._on_conversation_update)
        self.app.on_installation_update(self._on_installation_update)

    async def initialize(self) -> None:
        """Register the SDK's authenticated endpoint; malformed activities answer 400."""
        await self.app.initialize()
        processor = self.app.server.on_request
        assert processor is not None

        async def checked(event: ActivityEvent) -> InvokeResponse[Any]:
            try:
                ActivityTypeAdapter.validate_python(
                    event.body.model_dump(by_alias=True, exclude_none=True)
                )
            except (ValidationError, ValueError, TypeError):
                log.warning("ignored a malformed %s activity", str(event.body.type)[:40])
                return InvokeResponse(status=400)
            return await processor(event)

        self.app.server.on_request = checked

    # ------------------------------------------------------------------ the one call into the core
    async def _core(self, event: Command | Click) -> Result:
        """Hand one event to the core (it never raises for bad input; it answers)."""
        return await self.core.handle(event)

    # ------------------------------------------------------------------ handlers
    async def _on_message(self, ctx: ActivityContext[MessageActivity]) -> None:
        activity = ctx.activity
        try:
            await self._remember(activity)
            value = activity.value
            if isinstance(value, dict) and isinstance(value.get("action_id"), str):
                result = await self._core(Click(actor_of(activity), value["action_id"]))
                await self._carry_out(ctx, result, clicked=activity.reply_to_id)
                return
            actor = await self._with_admin(ctx, actor_of(activity))
            result = await self._core(Command(actor, command_text(activity.text)))
            await self._carry_out(ctx, result)
        except Exception as exc:
            log.warning("message %s not answered: %s", activity.id, _reason(exc))

    async def _on_card_action(self, ctx: ActivityContext[AdaptiveCardInvokeActivity]) -> Any:
        activity = ctx.activity
        try:
            await self._remember(activity)
            data = activity.value.action.data if activity.value and activity.value.action else {}
            action_id = data.get("action_id") if isinstance(data, dict) else None
            result = await self._core(Click(actor_of(activity), str(action_id or "")))
            return await self._carry_out(ctx, result, invoke=True)
        except Exception as exc:
            log.warning("card action %s not answered: %s", activity.id, _reason(exc))
            error = {"code": "InternalError", "message": type(exc).__name__}
            body = {"statusCode": 500, "type": "application/vnd.microsoft.error", "value": error}
            return InvokeResponse(status=200, body=body)

    async def _on_conversation_update(
        self, ctx: ActivityContext[ConversationUpdateActivity]
    ) -> None:
        try:
            await self._remember(ctx.activity)
        except Exception as exc:
            log.warning("conversation update not stored: %s", _reason(exc))

    async def _on_installation_update(self, ctx: ActivityContext[InstallUpdateActivity]) -> None:
        try:
            await self._remember(ctx.activity)
        except Exception as exc:
            log.warning("installation update not stored: %s", _reason(exc))

    # ------------------------------------------------------------------ conversation references
    async def _keep(self, tenant: str, kind: str, key: str, ref: Reference) -> None:
        if not tenant or not key or self._known.get((tenant, kind, key)) == ref:
            return
        await asyncio.to_thread(
            self.book.remember, PLATFORM, tenant, kind, key, ref, self.services.clock.now()
        )
        self._known[(tenant, kind, key)] = ref

    async def _remember(self, activity: Any) -> None:
        tenant = _tenant(activity)
        service_url = str(activity.service_url or "").rstrip("/")
        if not tenant or not service_url:
            return
        kind = _kind(activity)
        if kind == "personal":
            ref = Reference(activity.conversation.id, service_url, user_id=activity.from_.id)
            await self._keep(tenant, PERSONAL, _member(activity), ref)
            return
        channel = _channel_id(activity)
        team = (_data(activity).get("team") or {}).get("id")
        if channel:
            await self._keep(
                tenant, CHANNEL, channel, Reference(channel, service_url, team_id=team)
            )
        if team:
            await self._keep(
                tenant, TEAM, str(team), Reference(str(team), service_url, team_id=team)
            )

    # ------------------------------------------------------------------ admins
    async def _with_admin(self, ctx: ActivityContext[Any], actor: Actor) -> Actor:
        sender = ctx.activity.from_
        if actor.user in self.admin_ids or (sender.id or "") in self.admin_ids:
            return replace(actor, is_admin=True)
        team = (_data(ctx.activity).get("team") or {}).get("id")
        if not team or not sender.id:
            return actor
        now = self.services.clock.now()
        key = (str(team), str(sender.id))
        cached = self._admins.get(key)
        ttl = timedelta(seconds=self.settings.admin_cache_seconds)
        if cached is None or now - cached[1] >= ttl:
            try:
                member = await ctx.api.conversations.get_member_by_id(str(team), str(sender.id))
                owner = (getattr(member, "user_role", None) or "").lower() == "owner"
            except Exception as exc:
                log.warning("roster lookup failed (%s); treating as non-admin", _reason(exc))
                return actor
            cached = (owner, now)
            self._admins[key] = cached
        return replace(actor, is_admin=cached[0])

    # ------------------------------------------------------------------ effects
    async def _carry_out(
        self,
        ctx: ActivityContext[Any],
        result: Result,
        *,
        invoke: bool = False,
        clicked: str | None = None,
    ) -> Any:
        """Send the member's replies; hand every other effect to the `Deliverer`."""
        replacement: Message | None = None
        notice: str = ""
        for effect in result.effects:
            if isinstance(effect, ReplaceClicked):
                if invoke:
                    replacement = effect.message
                else:
                    await ctx.send(activity_for(effect.message, clicked))
            elif isinstance(effect, Respond):  # every reply is sent; the first one is the notice
                said = await self._respond(ctx, effect.message, announce=not invoke)
                notice = notice or said
        await self.deliverer.run(result.effects)
        if not invoke:
            return None
        if replacement is not None:
            body = {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": card(replacement)}
        else:
            body = {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": notice or " "}
        return InvokeResponse(status=200, body=body)

    async def _respond(self, ctx: ActivityContext[Any], message: Message, announce: bool) -> str:
        """Send a reply where it belongs; returns a short text for an invoke's response."""
        activity = ctx.activity
        if _kind(activity) == "personal" or not message.private:
            await ctx.send(activity_for(message))
            return summary(message)
        try:
            await self.messenger.send_personal(
                _tenant(activity),
                _member(activity),
                message,
                user_id=activity.from_.id,
                service_url=activity.service_url,
            )
            told = sent_to_personal_chat(str(activity.from_.name or ""))
        except (NotReachable, Exception) as exc:  # the member never reached: say so, here
            log.info("no personal chat for a Teams member: %s", _reason(exc))
            told = no_personal_chat()
            if not announce:
                return summary(told)
            await ctx.send(activity_for(told))
            return summary(told)
        if announce:
            await ctx.send(activity_for(told))
        return summary(told)

    async def drain(self) -> None:
        """Wait for the count edits still in flight (shutdown, tests)."""
        await self.deliverer.drain()


def _reason(exc: BaseException) -> str:
    """One line about a failure, without request bodies or headers (tokens stay out of logs)."""
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"
