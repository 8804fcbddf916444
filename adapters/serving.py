"""What every long-running chat process does around its platform loop: stop on SIGINT/SIGTERM,
and run the scheduler beside it for as long as it serves."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator

from bot.core import Core

__all__ = ["stop_on_signals", "with_scheduler"]


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM (a container's stop), so the process exits cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows
            loop.add_signal_handler(sig, stop.set)
    return stop


@contextlib.asynccontextmanager
async def with_scheduler(core: Core, platform: str) -> AsyncIterator[None]:
    """The daily-question scheduler, started before serving and shut down after."""
    from scheduler.service import DailyScheduler

    scheduler = DailyScheduler(core, platform=platform)
    await scheduler.start()
    try:
        yield
    finally:
        await scheduler.shutdown()
