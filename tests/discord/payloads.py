"""Raw gateway payloads, shaped like Discord's: a guild, slash commands and button clicks.

Tests feed these to discord.py itself (`ConnectionState.parse_guild_create`,
`parse_interaction_create`, or the stand-in's gateway), so the real CommandTree and view
dispatch route them to the bot's handlers.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from tests.discord.standin import APP_ID, message_payload

__all__ = [
    "ADMIN_PERMS",
    "CHANNEL_ID",
    "GUILD_ID",
    "MEMBER_PERMS",
    "ROLE_ID",
    "THREAD_ID",
    "click",
    "guild_create",
    "slash",
]

GUILD_ID = "300000000000000001"
CHANNEL_ID = "300000000000000010"
OTHER_CHANNEL_ID = "300000000000000011"
THREAD_ID = "300000000000000012"
ROLE_ID = "300000000000000020"
OTHER_ROLE_ID = "300000000000000021"
MEMBER_PERMS = str(1 << 11 | 1 << 10 | 1 << 31)  # send messages, view channel, use app commands
ADMIN_PERMS = str(int(MEMBER_PERMS) | 1 << 5)  # + manage server

_ids = itertools.count(500_000_000_000_000_001)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _role(role_id: str, name: str, position: int) -> dict[str, Any]:
    return {
        "id": role_id,
        "name": name,
        "color": 0,
        "hoist": False,
        "position": position,
        "permissions": MEMBER_PERMS,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def _channel(channel_id: str, name: str, kind: int = 0, parent: str | None = None) -> dict:  # type: ignore[type-arg]
    data: dict[str, Any] = {
        "id": channel_id,
        "type": kind,
        "guild_id": GUILD_ID,
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": parent,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }
    if kind == 11:  # public thread
        data["thread_metadata"] = {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": _now(),
            "locked": False,
        }
        data["owner_id"] = "1"
        data["member_count"] = 1
        data["message_count"] = 0
    return data


CHANNELS = {
    CHANNEL_ID: _channel(CHANNEL_ID, "ciip-study"),
    OTHER_CHANNEL_ID: _channel(OTHER_CHANNEL_ID, "general"),
}
THREADS = {THREAD_ID: _channel(THREAD_ID, "week-3-group", 11, CHANNEL_ID)}


def guild_create() -> dict[str, Any]:
    """GUILD_CREATE for a small server: two text channels, a thread, two roles."""
    return {
        "id": GUILD_ID,
        "name": "Radiology Informatics Study",
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": "1",
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [
            _role(GUILD_ID, "@everyone", 0),
            _role(ROLE_ID, "CIIP Spring Cohort", 1),
            _role(OTHER_ROLE_ID, "Moderators", 2),
        ],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
        "unavailable": False,
        "member_count": 3,
        "large": False,
        "joined_at": _now(),
        "channels": list(CHANNELS.values()),
        "threads": list(THREADS.values()),
        "members": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def _member(user_id: str, name: str, roles: list[str], perms: str) -> dict[str, Any]:
    return {
        "user": {
            "id": user_id,
            "username": name.lower(),
            "discriminator": "0",
            "global_name": name,
            "avatar": None,
        },
        "roles": roles,
        "nick": None,
        "avatar": None,
        "joined_at": _now(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "permissions": perms,
    }


def _base(
    kind: int,
    data: dict[str, Any],
    *,
    user: str,
    name: str,
    roles: list[str] | None,
    admin: bool,
    channel: str,
    guild: str | None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(next(_ids)),
        "application_id": APP_ID,
        "type": kind,
        "data": data,
        "token": f"token-{next(_ids)}",
        "version": 1,
        "locale": "en-US",
        "app_permissions": ADMIN_PERMS,
        "entitlements": [],
        "attachment_size_limit": 8 * 1024 * 1024,
        "channel_id": channel,
        "channel": CHANNELS.get(channel) or THREADS.get(channel) or _channel(channel, "x"),
    }
    perms = ADMIN_PERMS if admin else MEMBER_PERMS
    if guild:
        payload["guild_id"] = guild
        payload["guild"] = {"id": guild, "locale": "en-US", "features": []}
        payload["guild_locale"] = "en-US"
        payload["context"] = 0
        payload["authorizing_integration_owners"] = {"0": guild}
        payload["member"] = _member(user, name, roles or [], perms)
    else:
        payload["context"] = 1
        payload["user"] = _member(user, name, [], perms)["user"]
    return payload


def slash(
    path: str,
    options: dict[str, Any] | None = None,
    *,
    user: str = "400000000000000001",
    name: str = "Ana",
    roles: list[str] | None = None,
    admin: bool = False,
    channel: str = CHANNEL_ID,
    guild: str | None = GUILD_ID,
    command_id: str = "600000000000000001",
) -> dict[str, Any]:
    """INTERACTION_CREATE for `/ciip <path> option:value`, e.g. `slash("ce log", {...})`."""
    opts = [
        {
            "name": key,
            "type": 10 if isinstance(value, float) else 4 if isinstance(value, int) else 3,
            "value": value,
        }
        for key, value in (options or {}).items()
    ]
    resolved: dict[str, Any] = {}
    for opt in opts:
        if opt["name"] == "role":
            opt["type"] = 8
            resolved = {"roles": {opt["value"]: _role(opt["value"], "CIIP Spring Cohort", 1)}}
    node: list[dict[str, Any]] = opts
    words = path.split()
    for depth, word in enumerate(reversed(words)):
        kind = 1 if depth == 0 else 2
        node = [{"name": word, "type": kind, "options": node}]
    data: dict[str, Any] = {"id": command_id, "name": "ciip", "type": 1, "options": node}
    if resolved:
        data["resolved"] = resolved
    return _base(
        2, data, user=user, name=name, roles=roles, admin=admin, channel=channel, guild=guild
    )


def autocomplete(path: str, option: str, typed: str, **kwargs: Any) -> dict[str, Any]:
    payload = slash(path, {option: typed}, **kwargs)
    payload["type"] = 4
    node = payload["data"]["options"]
    while node and node[0].get("type") in (1, 2):
        node = node[0]["options"]
    for opt in node:
        if opt["name"] == option:
            opt["focused"] = True
    return payload


def click(
    custom_id: str,
    message: dict[str, Any],
    *,
    user: str = "400000000000000001",
    name: str = "Ana",
    roles: list[str] | None = None,
    admin: bool = False,
    channel: str = CHANNEL_ID,
    guild: str | None = GUILD_ID,
) -> dict[str, Any]:
    """INTERACTION_CREATE for a button click on `message` (a message payload the bot sent)."""
    payload = _base(
        3,
        {"custom_id": custom_id, "component_type": 2},
        user=user,
        name=name,
        roles=roles,
        admin=admin,
        channel=channel,
        guild=guild,
    )
    payload["message"] = {**message, "channel_id": channel}
    return payload


def bot_message(
    data: dict[str, Any],
    *,
    channel: str = CHANNEL_ID,
    message_id: str | None = None,
    flags: int | None = None,
) -> dict[str, Any]:
    """A message payload as Discord would store what the bot sent (embeds, buttons, flags).
    An edit does not resend the flags, so pass the original's `flags` for edited messages."""
    return message_payload(message_id or str(next(_ids)), channel, data, flags)
