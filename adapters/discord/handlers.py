"""What the bot does with each interaction: translate it, ask the core, answer in time.

Slash commands become the core's command text (`Dispatcher.handle_text`); buttons carry the
core's action ids (`Dispatcher.handle_action`). Both go through a `Responder`, which defers
when the core is slow so Discord always gets its answer within 3 seconds. Nothing here raises
at a member: every failure becomes a private, friendly message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord

from adapters.discord.actors import actor_for, role_ids
from adapters.discord.boards import Boards
from adapters.discord.groups import GroupCommands
from adapters.discord.responder import Responder
from adapters.discord.settings import DiscordSettings
from adapters.services import Services
from bot.actions import parse_action
from bot.errors import TutorError
from bot.groups import GroupBook
from bot.identity import Actor, ChannelKey
from bot.messages import Message, Reply
from bot.render import error_message

if TYPE_CHECKING:
    from bot.ports import Messenger

__all__ = ["InteractionHandlers"]

log = logging.getLogger(__name__)

T = TypeVar("T")

SLIPPED = "Something went wrong on my side; try again."


class InteractionHandlers:
    def __init__(
        self, services: Services, settings: DiscordSettings, messenger: Messenger | None = None
    ) -> None:
        self.services = services
        self.settings = settings
        self.dispatcher = services.dispatcher
        self.messenger = messenger
        self.groups = GroupBook(services.tutor)
        self.group_commands = GroupCommands(self.groups)
        self.boards = Boards(services.tutor, self.groups, settings.board_page_size)
        self.admin_ids = {x.strip() for x in services.settings.admin_ids.split(",") if x.strip()}
        self._refreshing: dict[int, asyncio.Task[None]] = {}
        self._stale: set[int] = set()

    # ------------------------------------------------------------------ plumbing
    def actor(self, interaction: discord.Interaction[Any]) -> Actor:
        return actor_for(interaction, self.admin_ids)

    def responder(self, interaction: discord.Interaction[Any]) -> Responder:
        return Responder(interaction, self.settings.defer_after)

    async def _sync_groups(self, interaction: discord.Interaction[Any], actor: Actor) -> None:
        """Record the member's role-based study groups from the roles Discord just sent."""
        roles = role_ids(interaction)
        if roles is None or interaction.guild_id is None:
            return
        try:
            await asyncio.to_thread(self.groups.sync_roles, actor, roles)
        except Exception:  # membership is a nicety; never fail the member's request for it
            log.exception("study-group sync failed for %s", actor.user)

    async def _core(
        self, interaction: discord.Interaction[Any], actor: Actor, work: Awaitable[T]
    ) -> T:
        await self._sync_groups(interaction, actor)
        return await work

    async def _blocking(self, func: Callable[..., Message], *args: Any) -> Reply:
        """Run adapter-side core work (boards, groups) in a thread, with the core's error rules."""
        try:
            return Reply([await asyncio.to_thread(func, *args)])
        except TutorError as exc:
            return Reply([error_message(str(exc))], ok=False)
        except Exception:
            log.exception("%s failed", getattr(func, "__name__", func))
            return Reply([error_message(SLIPPED)], ok=False)

    async def _safely(self, interaction: discord.Interaction[Any], job: Awaitable[None]) -> None:
        try:
            await job
        except discord.NotFound:
            log.warning("interaction %s expired before we answered", interaction.id)
        except discord.HTTPException:
            log.exception("Discord refused our answer to interaction %s", interaction.id)

    # ------------------------------------------------------------------ slash commands
    async def command(
        self, interaction: discord.Interaction[Any], text: str, *, public: bool = False
    ) -> None:
        """A `/ciip` subcommand as the core's command text, e.g. `quiz image`."""
        actor = self.actor(interaction)
        responder = self.responder(interaction)

        async def run() -> None:
            reply = await responder.run(
                self._core(interaction, actor, self.dispatcher.handle_text(actor, text)),
                ephemeral=not public,
            )
            await responder.deliver(reply.messages)

        await self._safely(interaction, run())

    async def leaderboard(
        self, interaction: discord.Interaction[Any], period: str, scope: str
    ) -> None:
        actor = self.actor(interaction)
        responder = self.responder(interaction)

        async def run() -> None:
            if scope == "group":
                work = self._blocking(self.boards.my_group, actor, period)
            else:
                kind = "c" if scope == "channel" else "w"
                work = self._blocking(self.boards.page, actor, kind, 0, period, 0)
            reply = await responder.run(self._core(interaction, actor, work))
            await responder.deliver(reply.messages)

        await self._safely(interaction, run())

    async def group(
        self, interaction: discord.Interaction[Any], sub: str, role: discord.Role | None = None
    ) -> None:
        actor = self.actor(interaction)
        responder = self.responder(interaction)

        async def run() -> None:
            if sub == "here":
                role_id = str(role.id) if role is not None else None
                if role is not None and role.is_default():
                    reply = Reply([error_message("Pick a role other than @everyone.")], ok=False)
                else:
                    work = self._blocking(
                        self.group_commands.here, actor, role_id, role_ids(interaction)
                    )
                    reply = await responder.run(work, ephemeral=False)
            elif sub == "off":
                reply = await responder.run(self._blocking(self.group_commands.off, actor))
            else:
                reply = await responder.run(self._blocking(self.group_commands.list, actor))
            await responder.deliver(reply.messages)

        await self._safely(interaction, run())

    # ------------------------------------------------------------------ buttons
    async def action(self, interaction: discord.Interaction[Any], action_id: str) -> None:
        """A-D, daily A-D and Next: the custom_id is the core's action id."""
        actor = self.actor(interaction)
        responder = self.responder(interaction)
        action = parse_action(action_id)
        kind = action.kind if action else None
        message = interaction.message
        private_question = message is not None and message.flags.ephemeral

        async def run() -> None:
            work = self._core(interaction, actor, self.dispatcher.handle_action(actor, action_id))
            if kind == "answer" and private_question:
                # The private question becomes question + verdict + explanation + Next.
                reply = await responder.run(work, update=True)
                if reply.ok and message is not None:
                    await responder.deliver(
                        reply.messages,
                        edit_source=True,
                        keep_embeds=message.embeds[:1],
                    )
                    return
                await responder.deliver(reply.messages)
                return
            reply = await responder.run(work)
            await responder.deliver(reply.messages)
            if kind == "daily" and reply.ok and action is not None and action.ref is not None:
                self.refresh_daily_count(action.ref)

        await self._safely(interaction, run())

    async def board_page(
        self, interaction: discord.Interaction[Any], kind: str, ref: int, period: str, offset: int
    ) -> None:
        """Previous/Next: edits a private board in place; a public board gets a private page."""
        actor = self.actor(interaction)
        responder = self.responder(interaction)
        message = interaction.message
        in_place = message is not None and message.flags.ephemeral

        async def run() -> None:
            work = self._core(
                interaction,
                actor,
                self._blocking(self.boards.page, actor, kind, ref, period, offset),
            )
            reply = await responder.run(work, update=in_place)
            await responder.deliver(reply.messages, edit_source=in_place and reply.ok)

        await self._safely(interaction, run())

    async def unknown_button(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        """A component we never issued (an old message, another version): the core words the
        kind refusal, exactly as for a malformed action id."""
        log.info("unknown custom_id %r from %s", custom_id[:100], interaction.user.id)
        await self.action(interaction, custom_id)

    async def failed(self, interaction: discord.Interaction[Any], text: str = SLIPPED) -> None:
        """Last resort for errors the library caught: answer privately if nobody has yet."""
        await self._safely(interaction, self.responder(interaction).error(text))

    # ------------------------------------------------------------------ daily count
    def refresh_daily_count(self, post_id: int) -> None:
        """Update "N answered" on the channel's question; bursts of answers coalesce into
        one edit in flight per post, so a busy morning does not hit Discord's rate limits."""
        if self.messenger is None:
            return
        if post_id in self._refreshing:
            self._stale.add(post_id)
            return
        self._refreshing[post_id] = asyncio.create_task(self._refresh(post_id))

    async def _refresh(self, post_id: int) -> None:
        daily = self.dispatcher.daily
        assert self.messenger is not None
        try:
            while True:
                self._stale.discard(post_id)
                post = await asyncio.to_thread(daily.get, post_id)
                if post is None or post.closed or post.message_ref is None:
                    return
                channel: ChannelKey | None = await asyncio.to_thread(
                    daily.channel_key, post.channel_id
                )
                tally = await asyncio.to_thread(daily.tally, post_id)
                if channel is None:
                    return
                await self.messenger.update(
                    channel, post.message_ref, daily.question_message(post, tally)
                )
                if post_id not in self._stale:
                    return
        except Exception:
            log.exception("could not refresh the count of daily post %s", post_id)
        finally:
            self._refreshing.pop(post_id, None)

    async def drain(self) -> None:
        """Wait for count refreshes in flight (shutdown, tests)."""
        while self._refreshing:
            await asyncio.gather(*list(self._refreshing.values()), return_exceptions=True)
