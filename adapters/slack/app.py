"""The Slack app: a Bolt `AsyncApp` whose listeners translate Slack events into core calls.

`/ciip` and a click first give the core a short deadline (`SLACK_ACK_DEADLINE_SECONDS`, 1.5 s;
Slack allows 3). Done in time, a command's reply rides in the acknowledgement itself (no second
round trip), and a click is stored before it is acknowledged, so an acknowledged answer is never
lost to a crash; its replacement message follows through `response_url`. Not done in time, the
request is acknowledged empty and the reply follows through `response_url` when ready. Nothing
here decides anything about quizzes: the core does, and `adapters.slack.blocks` renders its
neutral messages. Payload shapes were checked at the edge (`adapters.slack.edge`).
Bolt runs with `process_before_response`: it awaits each listener and then answers, without
polling for the ack every 10 ms, so listeners move everything after the ack to a tracked
background task themselves (`_after_ack`).

Duplicate deliveries: Slack retries an Events API delivery (same `event_id`, an
`X-Slack-Retry-Num` header) when it saw no timely ack; a small per-process memory of event ids
drops the repeats. Button clicks are never retried by Slack, and a double click is idempotent
in the core (the first answer counts); the live "N answered" edit comes from the core as an
`Update` effect, which `bot.delivery.Deliverer` coalesces (a burst of clicks, one or two edits).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.engine import URL, make_url

from adapters.services import Services
from adapters.slack.admin import AdminCheck, parse_admin_ids
from adapters.slack.blocks import fallback_text, reply_blocks, respond_payload
from adapters.slack.files import upload_attachments
from adapters.slack.home import home_view
from adapters.slack.messenger import SlackMessenger
from adapters.slack.settings import SlackSettings
from bot import render_notices as notices
from bot.commands import needs_admin_status
from bot.delivery import Deliverer
from bot.effects import ReplaceClicked, Result
from bot.events import Click, Command, OverviewOpened
from bot.identity import Actor
from bot.messages import Message

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["PLATFORM", "SlackTutor", "actor_from_action", "actor_from_command", "async_db_url"]

log = logging.getLogger(__name__)

T = TypeVar("T")

PLATFORM = "slack"
ACTION_PATTERN = re.compile(r"^ciip:")
SEEN_EVENTS = 2048
NOT_INSTALLED = fallback_text(notices.not_installed())


def make_client(settings: SlackSettings, token: str | None = None) -> AsyncWebClient:
    """A Web API client on the configured base URL that waits out 429s (Retry-After)."""
    return AsyncWebClient(
        token=token,
        base_url=settings.api_base,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=1),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        ],
    )


def async_db_url(url: str) -> URL:
    """The async twin of our database URL, for slack_sdk's OAuth stores."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite")
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    raise ValueError(f"the Slack install flow supports SQLite and PostgreSQL, not {backend}")


def _team(context: AsyncBoltContext, body: dict[str, Any]) -> str:
    team = context.team_id or (body.get("team") or {}).get("id") or body.get("team_id")
    return str(team or context.enterprise_id or "")


def actor_from_command(
    command: dict[str, Any], context: AsyncBoltContext, is_admin: bool = False
) -> Actor:
    return Actor(
        platform=PLATFORM,
        workspace=_team(context, command),
        user=command["user_id"],
        display_name=command.get("user_name") or "",
        channel=command.get("channel_id") or None,
        channel_name=command.get("channel_name") or "",
        workspace_name=command.get("team_domain") or "",
        is_admin=is_admin,
        files_private=_is_dm(command.get("channel_id")),
    )


def actor_from_action(body: dict[str, Any], context: AsyncBoltContext) -> Actor:
    user = body.get("user") or {}
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    return Actor(
        platform=PLATFORM,
        workspace=_team(context, body),
        user=user.get("id") or context.user_id or "",
        display_name=user.get("username") or user.get("name") or "",
        channel=channel.get("id") or container.get("channel_id") or None,
        channel_name=channel.get("name") or "",
        workspace_name=(body.get("team") or {}).get("domain") or "",
        files_private=_is_dm(channel.get("id") or container.get("channel_id")),
    )


def _is_dm(channel: object) -> bool:
    """Slack DM channel ids start with D: only there is a file seen by the member alone."""
    return isinstance(channel, str) and channel.startswith("D")


class SlackTutor:
    """The Bolt app plus what its listeners need; build it with `SlackTutor.create`."""

    def __init__(
        self,
        services: Services,
        settings: SlackSettings,
        app: AsyncApp,
        *,
        installation_store: AsyncSQLAlchemyInstallationStore | None = None,
        oauth_engine: AsyncEngine | None = None,
    ) -> None:
        self.services = services
        self.settings = settings
        self.app = app
        self.installation_store = installation_store
        self.oauth_engine = oauth_engine
        self.core = services.core
        self.messenger = SlackMessenger(self.client_for_team)
        self.deliverer = Deliverer(self.messenger)
        self.admin = AdminCheck(
            parse_admin_ids(services.settings.admin_ids),
            services.clock,
            timedelta(seconds=settings.admin_cache_seconds),
        )
        self._seen_events: OrderedDict[str, None] = OrderedDict()
        self._inflight: set[asyncio.Task[Any]] = set()
        self._register()

    # ------------------------------------------------------------------ construction
    @classmethod
    async def create(cls, services: Services, settings: SlackSettings) -> SlackTutor:
        """Build the app; with OAuth credentials, also the install and state stores (tables
        created in our own database if missing)."""
        secret = settings.signing_secret.get_secret_value() if settings.signing_secret else ""
        if settings.oauth_enabled:
            # Imported here: async SQLAlchemy (it needs greenlet) serves only the install flow.
            from sqlalchemy.ext.asyncio import create_async_engine

            assert settings.client_id is not None and settings.client_secret is not None
            engine = create_async_engine(async_db_url(services.core.database_url))
            installations = AsyncSQLAlchemyInstallationStore(
                client_id=settings.client_id, engine=engine
            )
            states = AsyncSQLAlchemyOAuthStateStore(
                expiration_seconds=settings.state_expiration_seconds, engine=engine
            )
            await installations.create_tables()
            await states.create_tables()
            oauth = AsyncOAuthSettings(
                client_id=settings.client_id,
                client_secret=settings.client_secret.get_secret_value(),
                scopes=settings.scopes(),
                redirect_uri=settings.redirect_uri,
                install_path=settings.install_path,
                redirect_uri_path=settings.redirect_uri_path,
                installation_store=installations,
                installation_store_bot_only=True,
                state_store=states,
                state_expiration_seconds=settings.state_expiration_seconds,
            )
            app = AsyncApp(
                name="ciip-tutor",
                signing_secret=secret,
                process_before_response=True,
                client=make_client(settings),
                oauth_settings=oauth,
                installation_store_bot_only=True,
                user_facing_authorize_error_message=NOT_INSTALLED,
            )
            app.enable_token_revocation_listeners()
            return cls(
                services, settings, app, installation_store=installations, oauth_engine=engine
            )
        token = settings.bot_token.get_secret_value() if settings.bot_token else None
        app = AsyncApp(
            name="ciip-tutor",
            signing_secret=secret,
            client=make_client(settings, token),
            # Listeners answer within their deadline and move slow work to a background task
            # themselves, so Bolt may await them: no 10 ms polling for the ack.
            process_before_response=True,
        )
        return cls(services, settings, app)

    @property
    def signing_secret(self) -> str:
        secret = self.settings.signing_secret
        return secret.get_secret_value() if secret is not None else ""

    async def close(self) -> None:
        await self.drain()
        if self.oauth_engine is not None:
            await self.oauth_engine.dispose()

    async def check_token(self) -> str | None:
        """Single workspace: ask Slack who the bot token belongs to; None if it is refused."""
        if self.installation_store is not None:
            return "multi-workspace install flow"
        try:
            who = await self.app.client.auth_test()
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.error("Slack refused SLACK_BOT_TOKEN: %s", exc)
            return None
        return f"@{who.get('user')} in {who.get('team')} ({who.get('team_id')})"

    async def client_for_team(self, team: str) -> AsyncWebClient:
        """The scheduler's way in: a client with the workspace's bot token."""
        if self.installation_store is None:
            return self.app.client
        bot = await self.installation_store.async_find_bot(enterprise_id=None, team_id=team)
        if bot is None or not bot.bot_token:
            raise LookupError(f"ciip-tutor is not installed in Slack workspace {team}")
        return make_client(self.settings, bot.bot_token)

    def _register(self) -> None:
        self.app.middleware(self._skip_redelivered)
        self.app.command(self.settings.command)(self._on_command)
        self.app.action(ACTION_PATTERN)(self._on_action)
        self.app.event("app_home_opened")(self._on_home_opened)
        if self.installation_store is None:
            # With OAuth, Bolt's revocation listeners delete the installation instead.
            self.app.event("app_uninstalled")(self._on_uninstalled)
            self.app.event("tokens_revoked")(self._on_uninstalled)

    # ------------------------------------------------------------------ bookkeeping
    async def drain(self, timeout: float = 10.0) -> None:
        """Wait (bounded) for acked requests whose work is still running, and for edits."""
        current = asyncio.current_task()
        pending = [t for t in self._inflight if t is not current and not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)
        await self.deliverer.drain()

    async def _skip_redelivered(
        self, body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if isinstance(event_id, str) and event_id:  # Socket Mode payloads skip the edge
            if event_id in self._seen_events:
                log.info("ignoring redelivered Slack event %s", event_id)
                return BoltResponse(status=200, body="")
            self._seen_events[event_id] = None
            while len(self._seen_events) > SEEN_EVENTS:
                self._seen_events.popitem(last=False)
        await next()
        return None

    @staticmethod
    async def _respond(respond: AsyncRespond, payload: dict[str, Any]) -> None:
        try:
            await respond(**payload)
        except Exception as exc:  # an expired response_url must not crash the listener
            log.warning("response_url post failed: %s", exc)

    # ------------------------------------------------------------------ deadline
    async def _within_deadline(self, work: Awaitable[T]) -> tuple[asyncio.Task[T], bool]:
        """Start `work` and wait for it up to the ack deadline; True if it finished."""
        task = asyncio.ensure_future(work)
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)
        done, _ = await asyncio.wait({task}, timeout=self.settings.ack_deadline_seconds)
        return task, bool(done)

    def _after_ack(self, work: Awaitable[None], what: str) -> None:
        """Finish after the HTTP answer went out (Bolt runs listeners to their end before it
        answers: `process_before_response`), tracked so shutdown lets it finish."""

        async def run() -> None:
            try:
                await work
            except (SlackApiError, SlackClientError, OSError) as exc:
                log.warning("%s: Slack call failed: %s", what, exc)

        task = asyncio.ensure_future(run())
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)

    # ------------------------------------------------------------------ /ciip
    async def _command_result(
        self, command: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> tuple[Actor, Result]:
        text = command.get("text") or ""
        actor = actor_from_command(command, context)
        if needs_admin_status(text):
            admin = await self.admin.is_admin(client, actor.workspace, actor.user)
            actor = replace(actor, is_admin=admin)
        return actor, await self.core.handle(Command(actor, text))

    async def _on_command(
        self,
        ack: Callable[..., Awaitable[None]],
        command: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        task, in_time = await self._within_deadline(self._command_result(command, client, context))
        if in_time:
            actor, result = task.result()
            await ack(**respond_payload(result.messages))  # the reply is the ack
            self._after_ack(self._after_command(client, actor, result), "command")
        else:
            await ack()
            self._after_ack(self._reply_late(task, respond, client), "command")

    async def _after_command(self, client: AsyncWebClient, actor: Actor, result: Result) -> None:
        await self._files(client, actor, result)
        await self.deliverer.run(result.effects)

    async def _reply_late(
        self,
        task: asyncio.Task[tuple[Actor, Result]],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        actor, result = await task
        await self._respond(respond, respond_payload(result.messages))
        await self._after_command(client, actor, result)

    # ------------------------------------------------------------------ buttons
    async def _on_action(
        self,
        ack: Callable[..., Awaitable[None]],
        body: dict[str, Any],
        action: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        action_id = str(action.get("action_id") or "")
        actor = actor_from_action(body, context)
        # Stored first, acknowledged after: an acked answer survives a crash.
        task, _ = await self._within_deadline(self.core.handle(Click(actor, action_id)))
        await ack()  # Slack ignores a click's ack body: the verdict follows by response_url
        self._after_ack(self._deliver_click(task, body, actor, respond, client), "click")

    async def _deliver_click(
        self,
        task: asyncio.Task[Result],
        body: dict[str, Any],
        actor: Actor,
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        result = await task
        if not body.get("response_url"):
            # App Home (a view) has no response_url: the answer goes to a DM.
            await self._dm(client, actor.user, result)
            await self._files(client, replace(actor, channel=None), result)
        else:
            replace_clicked = result.ok and bool(result.of(ReplaceClicked))
            await self._respond(
                respond, respond_payload(result.messages, replace_original=replace_clicked)
            )
        await self._files(client, actor, result)
        await self.deliverer.run(result.effects)

    async def _files(self, client: AsyncWebClient, actor: Actor, result: Result) -> None:
        """Charts and exports go up as files (`adapters.slack.files`); a failed upload is
        logged, the reply already sent stands (its text carries the alt text)."""
        if not any(m.attachments for m in result.messages):
            return
        try:
            await upload_attachments(
                client, result.messages, user=actor.user, channel=actor.channel
            )
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("file upload failed: %s", exc)

    async def _dm(self, client: AsyncWebClient, user: str, result: Result) -> None:
        messages = result.messages or [Message(body="Done.")]
        opened = await client.conversations_open(users=user)
        await client.chat_postMessage(
            channel=opened["channel"]["id"],
            text=fallback_text(messages),
            blocks=reply_blocks(messages),
        )

    async def _on_uninstalled(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        log.warning(
            "Slack says %s for workspace %s; the bot token no longer works",
            event.get("type"),
            context.team_id,
        )

    # ------------------------------------------------------------------ App Home
    async def _on_home_opened(
        self,
        event: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        if event.get("tab") != "home":
            return
        actor = Actor(platform=PLATFORM, workspace=_team(context, body), user=event["user"])
        self._after_ack(self._publish_home(actor, client), "app home")

    async def _publish_home(self, actor: Actor, client: AsyncWebClient) -> None:
        result = await self.core.handle(OverviewOpened(actor))
        await client.views_publish(user_id=actor.user, view=home_view(result.messages))
