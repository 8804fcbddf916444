"""Answering an interaction inside Discord's 3 seconds, then delivering the reply.

`Responder.run` runs the core's work and, if it is not done after `defer_after` seconds,
acknowledges the interaction first (a "thinking" defer, or a silent deferred update for a
button that edits its own message); `deliver` then sends the reply as an edit or follow-up.
In the common case the work finishes in time and the reply is the interaction's one response.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar

import discord

from adapters.discord.embeds import render
from bot.messages import Message
from bot.render import error_message

__all__ = ["Responder"]

log = logging.getLogger(__name__)

T = TypeVar("T")


class Responder:
    """One interaction's response: what was acknowledged, and how to send the rest."""

    def __init__(self, interaction: discord.Interaction[Any], defer_after: float) -> None:
        self.interaction = interaction
        self.defer_after = defer_after
        self.deferred: str | None = None  # None, "thinking" or "update"
        self.thinking_ephemeral = True

    async def run(self, work: Awaitable[T], *, ephemeral: bool = True, update: bool = False) -> T:
        """Await `work`; acknowledge the interaction if it takes longer than `defer_after`.

        `update` defers silently (the reply will edit the clicked message); otherwise Discord
        shows "thinking…", privately unless `ephemeral` is False.
        """
        task = asyncio.ensure_future(work)
        done: set[asyncio.Future[T]] = set()
        if self.defer_after > 0:  # with no time budget, acknowledge first whatever the work
            done, _ = await asyncio.wait({task}, timeout=self.defer_after)
        if not done and not self.interaction.response.is_done():
            try:
                if update:
                    await self.interaction.response.defer()
                    self.deferred = "update"
                else:
                    await self.interaction.response.defer(ephemeral=ephemeral, thinking=True)
                    self.deferred, self.thinking_ephemeral = "thinking", ephemeral
            except discord.HTTPException:
                log.warning("could not defer interaction %s", self.interaction.id, exc_info=True)
        return await task

    async def deliver(
        self,
        messages: Sequence[Message],
        *,
        edit_source: bool = False,
        keep_embeds: Sequence[discord.Embed] = (),
    ) -> None:
        """The first message answers the interaction, the rest follow. With `edit_source` the
        first replaces the clicked message, after `keep_embeds` (e.g. the question asked)."""
        interaction = self.interaction
        rendered = [render(m) for m in messages or [Message(body="Done.")]]
        first, rest = rendered[0], rendered[1:]
        response = interaction.response
        if edit_source:
            embeds = [*keep_embeds, first.embed][-10:]
            edit: dict[str, Any] = {"embeds": embeds, "view": first.view}
            if first.attachments:  # a report's chart replaces the clicked question
                edit["attachments"] = first.files()
            if not response.is_done():
                await response.edit_message(**edit)
            else:
                await interaction.edit_original_response(**edit)
        elif not response.is_done():
            await response.send_message(ephemeral=first.ephemeral, **first.send_kwargs())
        elif self.deferred == "thinking" and self.thinking_ephemeral == first.ephemeral:
            await interaction.edit_original_response(**first.send_kwargs())
        else:
            if self.deferred == "thinking":
                # A deferred message cannot change its visibility: replace it instead.
                await interaction.delete_original_response()
            await interaction.followup.send(ephemeral=first.ephemeral, **first.send_kwargs())
        for item in rest:
            await interaction.followup.send(ephemeral=item.ephemeral, **item.send_kwargs())

    async def error(self, text: str) -> None:
        """A private error, however far the interaction got."""
        await self.deliver([error_message(text)])
