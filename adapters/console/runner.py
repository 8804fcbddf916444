"""`ciip-tutor console`: the same commands as in chat, at a prompt or from piped input.

Lines are `/ciip quiz`, `quiz image`, `stats` and so on; a bare letter A-D answers the open
question (which lives in the database, so it survives a restart). Reads until EOF and exits 0.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO

from adapters.services import Services
from bot.effects import Result
from bot.events import Command
from bot.identity import Actor
from bot.members import validate_timezone
from bot.render_charts import saved_file_line

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
            files_private=True,
        )
        self.files_dir = files_dir(services)
        if timezone:
            services.core.members.set_timezone(self.actor, validate_timezone(timezone))

    async def line(self, text: str) -> Result:
        stripped = text.strip()
        if stripped.upper() in ("A", "B", "C", "D"):
            return await self.services.core.answer_letter(self.actor, stripped.upper())
        if stripped.lower() in ("next", "n"):
            stripped = "quiz"
        return await self.services.core.handle(Command(self.actor, stripped))


def files_dir(services: Services) -> Path:
    """Where charts and exports go: CIIP_CHART_DIR, else beside the SQLite file, else here."""
    if services.settings.chart_dir:
        return Path(services.settings.chart_dir)
    url = services.core.ctx.db.url
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        return Path(url.removeprefix("sqlite:///")).resolve().parent
    return Path.cwd()


def save_attachments(result: Result, directory: Path) -> list[Path]:
    """Write every file the core sent (chart PNGs, a data export); the paths, in order."""
    saved = []
    for message in result.messages:
        for attachment in message.attachments:
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / attachment.filename
            path.write_bytes(attachment.data)
            saved.append(path)
    return saved


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
        saved = save_attachments(reply, session.files_dir)
        text = "\n".join([reply.text, *(saved_file_line(str(p)) for p in saved)])
        stdout.write(text + "\n\n")
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
