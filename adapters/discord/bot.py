"""The Discord client: intents, the `/ciip` tree, persistent buttons and start-up hooks.

`build_bot` returns a plain `discord.Client` subclass, or an `AutoShardedClient` one when
`DISCORD_SHARDS` is set. Intents are GUILDS only (not privileged): interactions carry the
member, their roles and permissions, and the guild cache supplies names, so neither the members
nor the message-content intent is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from adapters.discord.commands import CiipCommands
from adapters.discord.endpoints import ApiEndpoints
from adapters.discord.gateway_guard import guard_interactions, quiet_autocomplete_mismatch
from adapters.discord.handlers import InteractionHandlers
from adapters.discord.messenger import DiscordMessenger
from adapters.discord.settings import DiscordSettings
from adapters.discord.views import DYNAMIC_ITEMS, dynamic_item_for, handlers_of
from adapters.services import Services
from bot import render_notices as notices
from bot.render import SLIPPED

__all__ = [
    "PERMISSIONS",
    "ShardedTutorBot",
    "TutorBot",
    "TutorTree",
    "build_bot",
    "intents",
    "invite_url",
]

log = logging.getLogger(__name__)

Hook = Callable[[], Awaitable[Any]]


PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,  # to reply under a daily question with its answer
)
"""What the bot needs in a channel: post daily questions (with embeds) and reply to them."""


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(
        application_id, permissions=PERMISSIONS, scopes=("bot", "applications.commands")
    )


def intents() -> discord.Intents:
    """GUILDS only: guild, channel and role names for the cache; nothing privileged."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    return chosen


class TutorTree(app_commands.CommandTree):
    """Errors the library catches (out-of-date commands, failed checks) still get a reply."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
            text = notices.command_out_of_date()
        elif isinstance(error, app_commands.TransformerError):
            text = notices.unreadable_option(error.value)
        elif isinstance(error, app_commands.CheckFailure):
            text = notices.only_in_a_server_channel()
        else:
            log.error("app command failed", exc_info=error)
            text = SLIPPED
        await handlers_of(interaction).failed(interaction, text)


class TutorBot(discord.Client):
    def __init__(self, services: Services, settings: DiscordSettings, **options: Any) -> None:
        super().__init__(intents=intents(), **options)
        guard_interactions(self._connection.parsers)  # one odd payload must not end connect()
        quiet_autocomplete_mismatch()
        self.services = services
        self.settings = settings
        self.endpoints = ApiEndpoints(settings.api_url) if settings.custom_api else None
        self.tree = TutorTree(self)
        self.tree.add_command(CiipCommands())
        # Boards page at the size this deployment chose (Discord embeds stay short).
        services.core.boards.page_size = settings.board_page_size
        self.messenger = DiscordMessenger(self)
        self.handlers = InteractionHandlers(services, settings, self.messenger)
        self._startup: list[Hook] = []
        self._shutdown: list[Hook] = []
        self._stopping = False

    def on_startup(self, hook: Hook) -> None:
        """Run after login (REST works, the gateway is not up yet): e.g. the scheduler."""
        self._startup.append(hook)

    def on_shutdown(self, hook: Hook) -> None:
        self._shutdown.append(hook)

    async def login(self, token: str) -> None:
        if self.endpoints is not None:
            self.endpoints.apply()
        await super().login(token)

    async def setup_hook(self) -> None:
        # Buttons are templates, not per-message state: one registration serves every
        # message ever sent, before and after restarts.
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        if self.application_id is not None:
            log.info("invite the bot with %s", invite_url(self.application_id))
        if self.endpoints is not None:
            _, url, _ = await self.http.get_bot_gateway()
            self.endpoints.use_gateway(url)
        if self.settings.sync_commands:
            await self.sync_commands()
        for hook in self._startup:
            await hook()

    async def sync_commands(self) -> list[app_commands.AppCommand]:
        """To the dev guild (instant) when DISCORD_DEV_GUILD is set, else globally."""
        if self.settings.dev_guild:
            guild = discord.Object(self.settings.dev_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d command(s) to guild %s", len(synced), guild.id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d command(s) globally", len(synced))
        return synced

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Components nobody registered (old messages, other versions) get a kind reply
        instead of Discord's "This interaction failed"."""
        if interaction.type is not discord.InteractionType.component:
            return
        custom_id = str((interaction.data or {}).get("custom_id", ""))
        if dynamic_item_for(custom_id) is None:
            await self.handlers.unknown_button(interaction, custom_id)

    async def on_ready(self) -> None:
        log.info("connected as %s to %d server(s)", self.user, len(self.guilds))

    async def close(self) -> None:
        if self._stopping:
            return await super().close()
        self._stopping = True
        try:
            for hook in self._shutdown:
                try:
                    await hook()
                except Exception:
                    log.exception("shutdown hook failed")
            await self.handlers.drain()
            await super().close()
        finally:
            if self.endpoints is not None:
                self.endpoints.restore()


class ShardedTutorBot(TutorBot, discord.AutoShardedClient):
    """For large deployments: shards by `DISCORD_SHARDS` (`auto` or a count)."""


def build_bot(services: Services, settings: DiscordSettings, **options: Any) -> TutorBot:
    if settings.sharded:
        return ShardedTutorBot(services, settings, shard_count=settings.shard_count, **options)
    return TutorBot(services, settings, **options)
