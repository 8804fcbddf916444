"""Who clicked: an `Actor` and the member's role ids, read from the interaction alone.

Everything comes from the interaction payload (member, permissions, channel) and the guild
cache the non-privileged GUILDS intent fills, so the bot needs neither the members nor the
message-content intent.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import discord

from bot.identity import Actor

__all__ = ["PLATFORM", "actor_for", "role_ids"]

PLATFORM = "discord"


def actor_for(interaction: discord.Interaction[Any], admin_ids: Collection[str] = ()) -> Actor:
    user = interaction.user
    guild = interaction.guild
    workspace = str(interaction.guild_id) if interaction.guild_id else f"dm:{user.id}"
    perms = interaction.permissions
    channel = interaction.channel
    return Actor(
        platform=PLATFORM,
        workspace=workspace,
        user=str(user.id),
        display_name=user.display_name,
        channel=str(interaction.channel_id) if interaction.channel_id else None,
        channel_name=str(getattr(channel, "name", "") or ""),
        workspace_name=(guild.name or "") if guild is not None else "",
        is_admin=bool(perms.administrator or perms.manage_guild) or str(user.id) in admin_ids,
        files_private=True,  # replies are ephemeral: a file in one is seen by this member only
    )


def role_ids(interaction: discord.Interaction[Any]) -> list[str] | None:
    """The member's role ids, or None when they cannot be known completely (no guild yet).

    None matters: study-group membership is only re-synced from a complete role list.
    """
    user = interaction.user
    guild = interaction.guild
    if not isinstance(user, discord.Member) or guild is None or guild.unavailable:
        return None
    return [str(role.id) for role in user.roles if not role.is_default()]
