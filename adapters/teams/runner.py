"""`ciip-tutor teams`: the Teams bot over HTTP, with the daily-question scheduler.

Settings are checked first (one line per problem, exit 2) before the database is opened. On
SIGINT/SIGTERM the server stops taking requests and the scheduler and database are closed.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from adapters.services import Services
from adapters.serving import stop_on_signals, with_scheduler
from adapters.startup import open_services
from adapters.teams.http import serve
from adapters.teams.settings import TeamsSettings

__all__ = ["run_teams"]

log = logging.getLogger(__name__)


async def _run(services: Services, settings: TeamsSettings, host: str, port: int) -> int:
    from adapters.teams.bot import TeamsTutor
    teams = TeamsTutor(services, settings)
    await teams.initialize()
    services.core.attach(messenger=teams.messenger)
    stop = stop_on_signals()
    try:
        async with with_scheduler(services.core, "teams"):
            await serve(teams.adapter, host, port, stop)
    finally:
        log.info("ciip-tutor Teams bot stopping")
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
