"""`ciip-tutor discord`: build the services, the bot and the scheduler, and run until stopped."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

import discord
from pydantic import ValidationError

from adapters.discord.bot import TutorBot, build_bot
from adapters.discord.settings import DiscordSettings
from adapters.services import Services
from adapters.startup import describe_settings_error, open_services

__all__ = ["run_discord", "serve"]

log = logging.getLogger(__name__)


def run_discord(settings: DiscordSettings | None = None) -> int:
    """Exit status: 0 after a clean stop, 2 for configuration errors (missing or bad token)."""
    try:
        settings = settings or DiscordSettings()
    except ValidationError as exc:
        print(f"error: {describe_settings_error(exc)}", file=sys.stderr)
        return 2
    if settings.token is None or not settings.token.get_secret_value().strip():
        print(
            "error: set DISCORD_TOKEN to your bot's token (Developer Portal > Bot > Reset Token).",
            file=sys.stderr,
        )
        return 2
    services = open_services()  # a bad database is one line and exit 2 (adapters.cli.main)
    try:
        return asyncio.run(serve(services, settings))
    except KeyboardInterrupt:
        return 0
    finally:
        services.close()


def attach_scheduler(bot: TutorBot, services: Services) -> None:
    """The daily-question scheduler posts through the bot's Messenger and is the core's
    `DailyControl`; it starts once the bot has logged in (REST is enough to post)."""
    from scheduler.service import DailyScheduler

    services.core.attach(messenger=bot.messenger)
    scheduler = DailyScheduler(services.core, platform="discord")
    bot.on_startup(scheduler.start)
    bot.on_shutdown(scheduler.shutdown)


async def serve(services: Services, settings: DiscordSettings, *, scheduler: bool = True) -> int:
    assert settings.token is not None
    bot = build_bot(services, settings)
    if scheduler:
        attach_scheduler(bot, services)
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows
        # A container's stop signal: close the gateway and the scheduler, then exit 0.
        loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(bot.close()))
    try:
        await bot.start(settings.token.get_secret_value())
    except discord.LoginFailure:
        print(
            "error: Discord rejected DISCORD_TOKEN; reset it in the Developer Portal.",
            file=sys.stderr,
        )
        return 2
    finally:
        await bot.close()
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.remove_signal_handler(signal.SIGTERM)
    return 0
