"""Neutral `Message`s to Discord: an embed, a view of persistent buttons, and privacy.

Discord's limits are enforced here (title 256, description 4096, 25 fields of 1024, footer
2048, 6000 in all, 5 buttons a row) by trimming with an ellipsis, so a long explanation
never makes Discord reject the whole reply.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import discord
from discord import ui

from adapters.discord.views import dynamic_item_for
from bot.messages import Attachment, ButtonStyle, Markup, Message, Rich, Style, Tone, plain
from bot.messages import Block as RichBlock

__all__ = ["Rendered", "discord_markdown", "render", "to_embed", "to_view"]

COLOURS: dict[Tone, discord.Colour] = {
    Tone.INFO: discord.Colour.blurple(),
    Tone.SUCCESS: discord.Colour.green(),
    Tone.FAILURE: discord.Colour.red(),
    Tone.WARNING: discord.Colour.gold(),
    Tone.ERROR: discord.Colour.dark_red(),
}

STYLES: dict[ButtonStyle, discord.ButtonStyle] = {
    ButtonStyle.DEFAULT: discord.ButtonStyle.secondary,
    ButtonStyle.PRIMARY: discord.ButtonStyle.primary,
    ButtonStyle.DANGER: discord.ButtonStyle.danger,
}

EMBED_TOTAL = 6000


def _trim(text: str, limit: int) -> str:
    if limit <= 0:
        return ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


MARKDOWN = Markup(
    {
        Style.STRONG: "**{}**",
        Style.EMPHASIS: "*{}*",
        Style.CODE: "`{}`",
        Style.CHANNEL: "<#{}>",
        Style.ROLE: "<@&{}>",
    },
    escape=discord.utils.escape_markdown,
    escape_code=lambda text: text.replace("`", "ˋ"),
)
"""Discord markdown: words escaped, channel/role mentions native (in embeds they ping nobody)."""


def discord_markdown(text: Rich | str) -> str:
    """Structured text (or a plain string) as Discord markdown."""
    if isinstance(text, str):
        return discord.utils.escape_markdown(text)
    return MARKDOWN.spans(text)


def blocks_markdown(blocks: tuple[RichBlock, ...]) -> str:
    return MARKDOWN.blocks(blocks)


@dataclass(frozen=True, slots=True)
class Rendered:
    embed: discord.Embed
    view: ui.View | None
    ephemeral: bool
    attachments: tuple[Attachment, ...] = ()

    def files(self) -> list[discord.File]:
        """Fresh `discord.File`s (each can be sent once); the first image is the embed's."""
        return [
            discord.File(io.BytesIO(a.data), filename=a.filename, description=a.alt[:1024])
            for a in self.attachments
        ]

    def send_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"embed": self.embed}
        if self.view is not None:
            kwargs["view"] = self.view
        if self.attachments:
            kwargs["files"] = self.files()
        return kwargs


def to_embed(message: Message) -> discord.Embed:
    """Within Discord's limits, keeping what matters most: title, then the question or
    verdict, then the explanation fields, then the footer."""
    body = blocks_markdown(message.body)
    if message.choices:
        choices = "\n".join(
            f"**{c.letter})** {discord.utils.escape_markdown(c.text)}" for c in message.choices
        )
        body = f"{body}\n\n{choices}" if body else choices
    title = _trim(message.title, 256)
    budget = EMBED_TOTAL - len(title)
    description = _trim(body, min(4096, budget))
    budget -= len(description)
    embed = discord.Embed(
        title=title or None, description=description or None, colour=COLOURS[message.tone]
    )
    for field in message.fields[:25]:
        name = _trim(field.name, 256) or "\u200b"
        value = _trim(discord_markdown(field.value), min(1024, budget - len(name))) or ""
        if len(value) < min(20, len(plain(field.value))) or not value:
            break  # no room left for a useful field
        embed.add_field(name=name, value=value, inline=field.inline)
        budget -= len(name) + len(value)
    footer = _trim(plain(message.footer), min(2048, budget))
    if footer:
        embed.set_footer(text=footer)
    images = [a for a in message.attachments if a.is_image]
    if images:
        embed.set_image(url=f"attachment://{images[0].filename}")
    return embed


def to_view(message: Message) -> ui.View | None:
    """Buttons as a persistent view (timeout=None); None when the message has none."""
    if not message.buttons:
        return None
    view = ui.View(timeout=None)
    for index, button in enumerate(message.buttons[:25]):
        style = STYLES[button.style]
        factory = dynamic_item_for(button.action_id)
        item: ui.Item[Any]
        if factory is not None:
            item = factory(button.action_id, button.label, style)
        else:  # not one of ours: it still renders; a click gets the "older version" reply
            item = ui.Button(label=_trim(button.label, 80), custom_id=button.action_id[:100])
            item.style = style
        item.row = index // 5
        view.add_item(item)
    return view


def render(message: Message) -> Rendered:
    return Rendered(to_embed(message), to_view(message), message.private, message.attachments)
