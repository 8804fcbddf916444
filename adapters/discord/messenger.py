"""`bot.ports.Messenger` over the bot's REST client: how the scheduler posts to Discord.

Only REST is used (partial channels and messages), so posting works as soon as the bot has
logged in, with no gateway cache and no privileged intents. A post's reference is the Discord
message id; the "thread" reply to a daily question is a Discord reply to that message, which
needs no thread permissions and shows up right under the question.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from adapters.discord.actors import PLATFORM
from adapters.discord.embeds import render
from bot.identity import Address, ChannelKey
from bot.messages import Message
from bot.ports import PostRef

__all__ = ["DiscordMessenger"]

log = logging.getLogger(__name__)


class DiscordMessenger:
    def __init__(self, client: discord.Client) -> None:
        self.client = client

    def _channel(self, channel: ChannelKey) -> discord.PartialMessageable:
        if channel.platform != PLATFORM:
            raise ValueError(f"not a Discord channel: {channel.platform}")
        return self.client.get_partial_messageable(int(channel.external_id))

    async def post(self, channel: ChannelKey, message: Message) -> PostRef:
        sent = await self._channel(channel).send(**render(message).send_kwargs())
        return str(sent.id)

    async def update(self, channel: ChannelKey, ref: PostRef, message: Message) -> None:
        rendered = render(message)
        # view=None removes the buttons (a closed daily question keeps none).
        await (
            self._channel(channel)
            .get_partial_message(int(ref))
            .edit(embed=rendered.embed, view=rendered.view)
        )

    async def reply_in_thread(self, channel: ChannelKey, ref: PostRef, message: Message) -> None:
        target = self._channel(channel)
        reference = discord.MessageReference(
            message_id=int(ref), channel_id=target.id, fail_if_not_exists=False
        )
        kwargs: dict[str, Any] = render(message).send_kwargs()
        await target.send(
            reference=reference,
            allowed_mentions=discord.AllowedMentions.none(),
            **kwargs,
        )

    async def send_dm(self, to: Address, message: Message) -> None:
        """A direct message. A member who closed their DMs is logged, not retried forever."""
        if to.platform != PLATFORM:
            raise ValueError(f"not a Discord member: {to.platform}")
        channel = await self.client.create_dm(discord.Object(int(to.user)))
        try:
            await channel.send(**render(message).send_kwargs())
        except discord.Forbidden:
            log.warning("member %s of %s does not accept DMs from the bot", to.user, to.workspace)
