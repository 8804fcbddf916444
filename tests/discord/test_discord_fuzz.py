"""Malformed INTERACTION_CREATE payloads through the real gateway: the connection stays up.

The real discord.py client is connected to the loopback stand-in's gateway websocket; a seeded
set of mutated slash commands, button clicks and autocompletes is sent as DISPATCH frames, so
discord.py's own parser (`ConnectionState.parse_interaction_create`, called from the websocket's
message loop) reads them. An exception there used to end `Client.connect` and take the bot
offline. Afterwards: the same connection is still up, nothing logged a traceback, and a normal
`/ciip quiz` is answered.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.discord.bot import TutorBot, build_bot
from adapters.discord.settings import DiscordSettings
from adapters.services import Services
from tests.discord.conftest import TOKEN
from tests.discord.payloads import autocomplete, bot_message, click, guild_create, slash
from tests.discord.standin import DiscordStandIn
from tests.fuzzing import mutate

SEED = 12
COUNT = 2000


def _bases() -> list[dict[str, Any]]:
    return [
        slash("quiz"),
        slash("ce log", {"credits": 2.0, "title": "RSNA"}),
        click("ciip:next", bot_message({"content": "q"})),
        click("ciip:a:1:A", bot_message({"content": "q"})),
        autocomplete("timezone", "zone", "berl"),
    ]


@pytest.fixture
async def connected(
    services: Services, discord_settings: DiscordSettings, standin: DiscordStandIn
) -> AsyncIterator[tuple[TutorBot, asyncio.Task[None]]]:
    bot = build_bot(services, discord_settings, guild_ready_timeout=0.05)
    standin.guilds = [guild_create()]
    task = asyncio.create_task(bot.start(TOKEN))
    await standin.wait_frame(op=2)
    await asyncio.wait_for(bot.wait_until_ready(), timeout=10)
    yield bot, task
    await bot.close()
    await asyncio.wait_for(task, timeout=10)


async def test_malformed_interactions_never_take_the_gateway_down(
    connected: tuple[TutorBot, asyncio.Task[None]],
    standin: DiscordStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot, task = connected
    caplog.set_level(logging.INFO)
    rng = random.Random(SEED)
    identifies = [f for f in standin.frames_in if f.get("op") == 2]
    for _ in range(COUNT):
        fresh = _bases()  # new ids and tokens each time, as Discord sends them
        await standin.dispatch("INTERACTION_CREATE", mutate(rng, rng.choice(fresh)))
    for junk in (5, None, [], "x", {"type": 2}, {"id": "1", "type": 99, "token": "t"}):
        await standin.dispatch("INTERACTION_CREATE", junk)  # type: ignore[arg-type]

    quiz = slash("quiz")
    await standin.dispatch("INTERACTION_CREATE", quiz)
    [reply] = await standin.wait_for(lambda c: quiz["token"] in c.path)
    assert reply.body["type"] == 4 and len(reply.custom_ids) == 4
    await bot.handlers.drain()

    answered = [c for c in standin.calls if c.path.endswith("/callback")]
    dropped = [r for r in caplog.records if r.name == "adapters.discord.gateway_guard"]
    assert len(answered) > 100 and len(dropped) > 100  # both paths were exercised
    assert not task.done() and not bot.is_closed()
    assert [f for f in standin.frames_in if f.get("op") == 2] == identifies  # no reconnect
    assert [r for r in caplog.records if r.exc_info] == []
    assert "Traceback" not in caplog.text
