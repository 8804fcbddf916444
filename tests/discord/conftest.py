"""Fixtures: the loopback Discord stand-in and the real bot logged in to it.

`bot` is the real `TutorBot` after `login()` (REST login, application info, `setup_hook`:
dynamic items registered and commands synced to the stand-in), with the guild cache filled by
a GUILD_CREATE exactly as the gateway would. `Harness.interact` hands a raw INTERACTION_CREATE
payload to discord.py's own parser, so the real CommandTree and view store route it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.discord.bot import TutorBot, build_bot
from adapters.discord.settings import DiscordSettings
from adapters.services import Services
from tests.discord.payloads import bot_message, guild_create
from tests.discord.standin import Call, DiscordStandIn

TOKEN = "standin-bot-token"


@pytest.fixture
async def standin() -> AsyncIterator[DiscordStandIn]:
    server = DiscordStandIn()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def discord_settings(standin: DiscordStandIn) -> DiscordSettings:
    return DiscordSettings(
        _env_file=None,  # type: ignore[call-arg]
        token=TOKEN,
        api_url=standin.api_url,
        defer_after=2.0,
        board_page_size=3,
    )


class Harness:
    def __init__(self, bot: TutorBot, standin: DiscordStandIn) -> None:
        self.bot = bot
        self.standin = standin

    async def interact(self, payload: dict[str, Any], *, calls: int = 1) -> list[Call]:
        """Dispatch a raw interaction; return the REST calls it caused (callback first)."""
        token = payload["token"]
        self.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        found = await self.standin.wait_for(lambda c: token in c.path, count=calls)
        await self.bot.handlers.drain()
        return found

    async def interact_all(self, payload: dict[str, Any]) -> list[Call]:
        """Dispatch a raw interaction and wait until discord.py's handling of it has finished;
        return every REST call it made (callback, edits, follow-ups), however many."""
        token = payload["token"]
        self.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        await self.standin.wait_for(lambda c: token in c.path, count=1)
        handling = [
            t
            for t in asyncio.all_tasks()
            if t.get_name() == "CommandTree-invoker"
            or t.get_name().startswith(("discord-ui-dynamic-item-", "discord-ui-view-dispatch-"))
        ]
        await asyncio.wait_for(asyncio.gather(*handling), timeout=10)
        await self.bot.handlers.drain()
        return [c for c in self.standin.calls if token in c.path]

    def message_of(self, call: Call, **kwargs: Any) -> dict[str, Any]:
        """What Discord would now show as the message `call` created or edited."""
        return bot_message(call.data, **kwargs)


@pytest.fixture
async def bot(
    services: Services, discord_settings: DiscordSettings, standin: DiscordStandIn
) -> AsyncIterator[TutorBot]:
    client = build_bot(services, discord_settings)
    await client.login(TOKEN)
    client._connection.parse_guild_create(guild_create())  # type: ignore[arg-type]
    yield client
    await client.close()


@pytest.fixture
def harness(bot: TutorBot, standin: DiscordStandIn) -> Harness:
    return Harness(bot, standin)
