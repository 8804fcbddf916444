"""End to end: the real discord.py client connects to the loopback stand-in over REST and a JSON
gateway websocket (HELLO, IDENTIFY, READY, GUILD_CREATE, INTERACTION_CREATE), and its
interaction callbacks for `/ciip quiz` and a button click are checked."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.discord.bot import ShardedTutorBot, TutorBot, build_bot
from adapters.discord.runner import serve
from adapters.discord.settings import DiscordSettings
from adapters.services import Services
from bot.storage.models import Issued
from scheduler.service import DailyScheduler
from tests.discord.conftest import TOKEN
from tests.discord.payloads import CHANNEL_ID, GUILD_ID, bot_message, click, guild_create, slash
from tests.discord.standin import APP_ID, DiscordStandIn

GUILDS_INTENT = 1


async def _connect(bot: TutorBot, standin: DiscordStandIn) -> asyncio.Task[None]:
    standin.guilds = [guild_create()]
    task = asyncio.create_task(bot.start(TOKEN))
    await standin.wait_frame(op=2)  # IDENTIFY
    await asyncio.wait_for(bot.wait_until_ready(), timeout=10)
    return task


@pytest.fixture
async def connected(
    services: Services, discord_settings: DiscordSettings, standin: DiscordStandIn
) -> AsyncIterator[TutorBot]:
    bot = build_bot(services, discord_settings, guild_ready_timeout=0.05)
    task = await _connect(bot, standin)
    yield bot
    await bot.close()
    await asyncio.wait_for(task, timeout=10)


async def _gateway_interaction(standin: DiscordStandIn, payload: dict) -> list:  # type: ignore[type-arg]
    await standin.dispatch("INTERACTION_CREATE", payload)
    return await standin.wait_for(lambda c: payload["token"] in c.path)


async def test_quiz_and_button_click_over_the_gateway(
    connected: TutorBot, standin: DiscordStandIn
) -> None:
    identify = await standin.wait_frame(op=2)
    assert identify["d"]["token"] == TOKEN
    assert identify["d"]["intents"] == GUILDS_INTENT  # no privileged intents at all
    assert connected.get_guild(int(GUILD_ID)) is not None  # GUILD_CREATE filled the cache

    [login] = standin.matching("GET", "/users/@me")
    assert login.headers["Authorization"] == f"Bot {TOKEN}"
    assert standin.matching("GET", "/gateway/bot")
    [sync] = standin.matching("PUT", f"/applications/{APP_ID}/commands")
    assert [c["name"] for c in sync.body] == ["ciip"]  # synced globally (no dev guild)

    [quiz] = await _gateway_interaction(standin, slash("quiz"))
    assert quiz.path.endswith("/callback") and quiz.body["type"] == 4 and quiz.ephemeral
    assert len(quiz.custom_ids) == 4

    issued_id = int(quiz.custom_ids[0].split(":")[2])
    with connected.services.tutor.db.session() as s:
        issued = s.get(Issued, issued_id)
        assert issued is not None
    key = connected.services.tutor.bank.by_id[issued.question_id].key
    [answer] = await _gateway_interaction(
        standin, click(f"ciip:a:{issued_id}:{key}", bot_message(quiz.data))
    )
    assert answer.body["type"] == 7
    assert answer.embeds[-1]["description"].startswith("✅ Correct!")
    assert answer.custom_ids == ["ciip:next", f"ciip:rep:{issued.question_id}"]


async def test_sharded_bot_with_a_dev_guild(
    services: Services, discord_settings: DiscordSettings, standin: DiscordStandIn
) -> None:
    settings = discord_settings.model_copy(update={"shards": "auto", "dev_guild": int(GUILD_ID)})
    bot = build_bot(services, settings, guild_ready_timeout=0.05)
    assert isinstance(bot, ShardedTutorBot)
    task = await _connect(bot, standin)
    try:
        identify = await standin.wait_frame(op=2)
        assert identify["d"]["shard"] == [0, 1]  # Discord's recommended count from /gateway/bot
        [sync] = standin.matching("PUT", f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
        assert [c["name"] for c in sync.body] == ["ciip"]  # instant, guild-only sync
        [call] = await _gateway_interaction(standin, slash("streak"))
        assert "No streak running" in call.text
    finally:
        await bot.close()
        await asyncio.wait_for(task, timeout=10)


async def test_serve_runs_bot_and_scheduler_until_cancelled(
    services: Services, discord_settings: DiscordSettings, standin: DiscordStandIn
) -> None:
    """The runner's own code path: the scheduler is attached and posts through Discord."""
    standin.guilds = [guild_create()]
    task = asyncio.create_task(serve(services, discord_settings))
    await standin.wait_frame(op=2)
    scheduler = services.core.daily_control
    assert isinstance(scheduler, DailyScheduler) and scheduler.aps.running

    [reply] = await _gateway_interaction(standin, slash("daily now", admin=True))
    assert "Posted today's question here." in reply.text
    [posted] = standin.matching("POST", f"/channels/{CHANNEL_ID}/messages")
    assert posted.custom_ids[0].startswith("ciip:d:")

    task.cancel()  # what Ctrl-C does to asyncio.run's main task
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not scheduler.aps.running


async def test_serve_reports_a_rejected_token(
    services: Services, discord_settings: DiscordSettings, standin: DiscordStandIn
) -> None:
    standin.fail_paths["/users/@me"] = 401
    assert await serve(services, discord_settings, scheduler=False) == 2
    assert not standin.matching("PUT", "/commands")


async def test_cli_process_answers_and_stops_cleanly_on_sigterm(
    standin: DiscordStandIn, database_url: str, tmp_path: Path
) -> None:
    """`ciip-tutor discord` as its own process, configured only by environment variables."""
    standin.guilds = [guild_create()]
    cli = Path(sys.executable).with_name("ciip-tutor")
    env = {
        **os.environ,
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_URL": standin.api_url,
        "DATABASE_URL": database_url,
    }
    process = await asyncio.create_subprocess_exec(
        str(cli), "discord", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
    )
    try:
        await standin.wait_frame(op=2, timeout=60)
        [quiz] = await _gateway_interaction(standin, slash("quiz"))
        assert quiz.body["type"] == 4 and len(quiz.custom_ids) == 4
    finally:
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), timeout=30)
    assert process.stderr is not None
    log = (await process.stderr.read()).decode()
    assert code == 0, log[-2000:]
    assert "invite the bot with https://discord.com/oauth2/authorize" in log
