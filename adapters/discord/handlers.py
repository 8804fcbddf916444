"""What the bot does with each interaction: translate it, ask the core, answer in time.

Slash commands become the core's command text (`Command`); buttons carry the core's action ids
(`Click`). Both go through a `Responder`, which defers when the core is slow so Discord always
gets its answer within 3 seconds. The core's effects decide the shape of the answer: a
`ReplaceClicked` edits the clicked private message in place, a `Respond` is a reply, and the
rest (the daily question's live count) goes through the core's `Deliverer`. The one thing read
from a button id (with the core's own parser) is whether it answered a private question, whose
embed then stays above the verdict; nothing raises at a member.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.actors import actor_for, role_ids
from adapters.discord.responder import Responder
from adapters.discord.settings import DiscordSettings
from adapters.services import Services
from bot.delivery import Deliverer
from bot.effects import ReplaceClicked, Result
from bot.events import Click, Command, Event
from bot.identity import Actor
from bot.render import SLIPPED

if TYPE_CHECKING:
    from bot.ports import Messenger

__all__ = ["InteractionHandlers"]

log = logging.getLogger(__name__)


class InteractionHandlers:
    def __init__(
        self, services: Services, settings: DiscordSettings, messenger: Messenger | None = None
    ) -> None:
        self.services = services
        self.settings = settings
        self.core = services.core
        self.admin_ids = {x.strip() for x in services.settings.admin_ids.split(",") if x.strip()}
        self.deliverer = Deliverer(messenger) if messenger is not None else None

    # ------------------------------------------------------------------ plumbing
    def actor(self, interaction: discord.Interaction[Any]) -> Actor:
        roles = role_ids(interaction)
        actor = actor_for(interaction, self.admin_ids)
        return replace(actor, roles=tuple(roles) if roles is not None else None)

    def responder(self, interaction: discord.Interaction[Any]) -> Responder:
        return Responder(interaction, self.settings.defer_after)

    async def _safely(self, interaction: discord.Interaction[Any], job: Any) -> None:
        try:
            await job
        except discord.NotFound:
            log.warning("interaction %s expired before we answered", interaction.id)
        except discord.HTTPException:
            log.exception("Discord refused our answer to interaction %s", interaction.id)

    async def _after(self, result: Result) -> None:
        if self.deliverer is not None:
            await self.deliverer.run(result.effects)

    async def _sync_roles(self, actor: Actor) -> None:
        """Record the member's role-based study groups from the roles Discord just sent."""
        if actor.roles is None:
            return
        try:
            await asyncio.to_thread(self.core.groups.sync_roles, actor, actor.roles)
        except Exception:  # membership is a nicety; never fail the member's request for it
            log.exception("study-group sync failed for %s", actor.user)

    # ------------------------------------------------------------------ slash commands
    async def command(
        self, interaction: discord.Interaction[Any], text: str, *, public: bool = False
    ) -> None:
        """A `/ciip` subcommand as the core's command text, e.g. `quiz image`."""
        actor = self.actor(interaction)
        responder = self.responder(interaction)

        async def run() -> None:
            await self._sync_roles(actor)
            result = await responder.run(self._handle(Command(actor, text)), ephemeral=not public)
            await responder.deliver(result.messages)
            await self._after(result)

        await self._safely(interaction, run())

    async def _handle(self, event: Event) -> Result:
        return await self.core.handle(event)

    async def leaderboard(
        self, interaction: discord.Interaction[Any], period: str, scope: str
    ) -> None:
        words = {"server": "", "channel": "here", "group": "group"}
        await self.command(interaction, f"leaderboard {period} {words.get(scope, '')}".strip())

    async def group(
        self, interaction: discord.Interaction[Any], sub: str, role: discord.Role | None = None
    ) -> None:
        role_part = f" {role.id}" if role is not None and sub == "here" else ""
        if role is not None and role.is_default():
            role_part = " everyone"  # the core refuses it with the usage line
        await self.command(interaction, f"group {sub}{role_part}", public=sub != "list")

    # ------------------------------------------------------------------ buttons
    async def action(self, interaction: discord.Interaction[Any], action_id: str) -> None:
        """Every button: the custom_id is the core's action id, passed through untouched."""
        actor = self.actor(interaction)
        responder = self.responder(interaction)
        message = interaction.message
        private_source = message is not None and message.flags.ephemeral

        async def run() -> None:
            result = await responder.run(
                self._handle(Click(actor, action_id)), update=private_source
            )
            replaced = result.of(ReplaceClicked) if result.ok else []
            if replaced and private_source and message is not None:
                # A private question becomes question + verdict; a board page replaces itself.
                keep = message.embeds[:1] if replaced[0].keep_shown else []
                await responder.deliver(result.messages, edit_source=True, keep_embeds=keep)
            else:
                await responder.deliver(result.messages)
            await self._after(result)

        await self._safely(interaction, run())

    async def unknown_button(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        """A component we never issued: the core words the refusal, as for any stale id."""
        log.info("unknown custom_id %r from %s", custom_id[:100], interaction.user.id)
        await self.action(interaction, custom_id)

    async def failed(self, interaction: discord.Interaction[Any], text: str = SLIPPED) -> None:
        """Last resort for errors the library caught: answer privately if nobody has yet."""
        await self._safely(interaction, self.responder(interaction).error(text))

    async def drain(self) -> None:
        """Wait for count refreshes in flight (shutdown, tests)."""
        if self.deliverer is not None:
            await self.deliverer.drain()
