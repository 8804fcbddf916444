"""`ciip-tutor teams`: the Teams bot over HTTP, with the daily-question scheduler.

Settings are checked first (one line per problem, exit 2) before the database is opened. On
SIGINT/SIGTERM the server stops taking requests and the scheduler and database are closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

from adapters.services import Services
from adapters.startup import open_services
from adapters.teams.http import serve
from adapters.teams.settings import TeamsSettings

__all__ = ["run_teams"]

log = logging.getLogger(__name__)


async def _run(services: Services, settings: TeamsSettings, host: str, port: int) -> int:
    from adapters.teams.bot import TeamsTutor
    from scheduler.service import DailyScheduler

    teams = TeamsTutor(services, settings)
    await teams.initialize()
    services.core.attach(messenger=teams.messenger)
    scheduler = DailyScheduler(services.core, platform="teams")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    await scheduler.start()
    try:
        await serve(teams.adapter, host, port, stop)
    finally:
        log.info("ciip-tutor Teams bot stopping")
        await scheduler.shutdown()
        await teams.drain()
    return 0


def run_teams(*, host: str | None, port: int) -> int:
    """Entry point for `ciip-tutor teams`; returns the process exit status."""
    settings = TeamsSettings()
    problems = settings.problems()
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    services = open_services()  # a bad database is one line and exit 2 (adapters.cli.main)
    try:
        return asyncio.run(_run(services, settings, host or settings.host, port))
    finally:
        services.close()
