"""`ciip-tutor console`: the same commands as in chat, at a prompt or from piped input.

Lines are `/ciip quiz`, `quiz image`, `stats` and so on; a bare letter A-D answers the open
question (which lives in the database, so it survives a restart). Reads until EOF and exits 0.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from adapters.services import Services
from bot.effects import Result
from bot.events import Command
from bot.identity import Actor
from bot.members import validate_timezone

__all__ = ["ConsoleSession", "run_console"]

BANNER = (
    "ciip-tutor console. Type `quiz` (or `/ciip quiz`), answer with A-D, `help` for all "
    "commands, Ctrl-D to leave."
)


class ConsoleSession:
    def __init__(self, services: Services, user: str, timezone: str | None = None) -> None:
        self.services = services
        self.actor = Actor(
            platform="console",
            workspace="local",
            user=user,
            display_name=user,
            channel="console",
            channel_name="console",
            workspace_name="this computer",
            is_admin=True,
            buttons=False,
            proactive=False,
        )
        if timezone:
            services.core.members.set_timezone(self.actor, validate_timezone(timezone))

    async def line(self, text: str) -> Result:
        stripped = text.strip()
        if stripped.upper() in ("A", "B", "C", "D"):
            return await self.services.core.answer_letter(self.actor, stripped.upper())
        if stripped.lower() in ("next", "n"):
            stripped = "quiz"
        return await self.services.core.handle(Command(self.actor, stripped))


async def _loop(session: ConsoleSession, stdin: TextIO, stdout: TextIO, prompt: bool) -> None:
    while True:
        if prompt:
            stdout.write("ciip> ")
            stdout.flush()
        raw = await asyncio.to_thread(stdin.readline)
        if not raw:
            break
        if not raw.strip():
            continue
        if raw.strip().lower() in ("quit", "exit"):
            break
        reply = await session.line(raw)
        stdout.write(reply.text + "\n\n")
        stdout.flush()


def run_console(
    services: Services,
    user: str,
    timezone: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    session = ConsoleSession(services, user, timezone)
    interactive = stdin.isatty()
    if interactive:
        stdout.write(BANNER + "\n")
    asyncio.run(_loop(session, stdin, stdout, interactive))
    return 0
