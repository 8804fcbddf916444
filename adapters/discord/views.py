"""Persistent buttons: `DynamicItem`s whose custom_id carries everything a click needs.

The custom_ids are the core's own action ids (`bot.actions`: `ciip:a:<issued>:<L>`,
`ciip:d:<daily post>:<L>`, `ciip:next[:domain]`) plus leaderboard paging
(`ciip:lb:<w|c|g>:<ref>:<period>:<offset>`). discord.py matches an incoming click against these
templates, so a button works on any message, however old, and after any restart: nothing is
kept in memory. The items are registered once in the bot's `setup_hook`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import ui

if TYPE_CHECKING:
    from adapters.discord.handlers import InteractionHandlers

__all__ = ["CORE_TEMPLATE", "DYNAMIC_ITEMS", "CoreButton", "dynamic_item_for", "handlers_of"]

CORE_TEMPLATE = r"ciip:[A-Za-z0-9:._-]{1,95}"
"""Every core action id (`bot.actions`); which kind it is, only the core decides."""


def handlers_of(interaction: discord.Interaction[Any]) -> InteractionHandlers:
    """The handlers live on the bot (one container, no module state)."""
    return interaction.client.handlers  # type: ignore[attr-defined, no-any-return]


class _ActionButton(ui.DynamicItem[ui.Button[Any]], template=r"(?!)"):
    """Shared construction: the item is rebuilt from the clicked message's own button."""

    def __init__(
        self,
        custom_id: str,
        label: str = "",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            ui.Button(label=label[:80] or "…", custom_id=custom_id, style=style, disabled=disabled)
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> _ActionButton:
        assert isinstance(item, ui.Button)
        return cls(match.string, item.label or "", item.style, item.disabled)


class CoreButton(_ActionButton, template=CORE_TEMPLATE):
    """Any button the core rendered: the click goes to the core with the id untouched."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await handlers_of(interaction).action(interaction, self.custom_id)


DYNAMIC_ITEMS: tuple[type[_ActionButton], ...] = (CoreButton,)


def dynamic_item_for(custom_id: str) -> type[_ActionButton] | None:
    """The item class that owns this custom_id, or None (a button we never issued)."""
    for factory in DYNAMIC_ITEMS:
        if factory.__discord_ui_compiled_template__.fullmatch(custom_id):
            return factory
    return None
