"""`ciip-tutor console`: the same commands as in chat, at a prompt or from piped input.

Lines are `/ciip quiz`, `quiz image`, `stats` and so on; a bare letter A-D answers the open
question (which lives in the database, so it survives a restart). Reads until EOF and exits 0.

At a terminal the prompt has line editing and history (stdlib `readline`, where the platform
has it) and replies are wrapped to the terminal's width; piped output is left unwrapped so
scripts see one line per line. Replies are the core's plain-text rendering (`Message.as_text`,
i.e. `Markup` PLAIN): no chat markup reaches the console.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import re
import shutil
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from adapters.services import Services
from bot.effects import Result
from bot.events import Command
from bot.identity import Actor
from bot.members import validate_timezone
from bot.render_charts import saved_file_line

__all__ = ["ConsoleSession", "run_console", "wrap"]

BANNER = (
    "ciip-tutor console, playing as {user}. Type quiz (or /ciip quiz), answer with A-D, "
    "help for all commands, Ctrl-D or quit to leave."
)
PROMPT = "ciip> "
# A bullet or a lettered option keeps its continuation lines aligned under its text.
_HANGING = re.compile(r"^(\s*(?:• |[-*] |[A-D]\) )?)")


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


def wrap(text: str, width: int) -> str:
    """Wrap each line to `width`, continuation lines indented under a bullet's or option's text.

    Long words (URLs, ids) are never split, so they stay clickable and searchable.
    """
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        prefix = _HANGING.match(line)
        indent = " " * len(prefix.group(1)) if prefix else ""
        out.extend(
            textwrap.wrap(
                line,
                width=width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [line]
        )
    return "\n".join(out)


HISTORY_LENGTH = 500


def _terminal_reader(stdout: TextIO, history: Path | None) -> Callable[[], str]:
    """`input()` with readline's editing and history when available; '' at EOF.

    With a `history` file, earlier sessions' lines are there under the Up arrow too.
    """
    try:
        import readline  # importing it is what gives input() editing
    except ImportError:  # not on Windows without pyreadline
        readline = None  # type: ignore[assignment]
    if readline is not None and history is not None:
        with contextlib.suppress(OSError):
            readline.read_history_file(history)
        readline.set_history_length(HISTORY_LENGTH)

        def save() -> None:
            with contextlib.suppress(OSError):
                readline.write_history_file(history)

        atexit.register(save)

    def read() -> str:
        try:
            return input(PROMPT) + "\n"
        except EOFError:
            stdout.write("\n")
            return ""

    return read


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


def run_console(
    services: Services,
    user: str,
    timezone: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    history: Path | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    session = ConsoleSession(services, user, timezone)
    interactive = stdin.isatty() and stdin is sys.stdin
    width = shutil.get_terminal_size().columns - 1 if stdout.isatty() else 0
    read = _terminal_reader(stdout, history) if interactive else stdin.readline
    if interactive:
        stdout.write(wrap(BANNER.format(user=user), width or 10_000) + "\n")
    with asyncio.Runner() as runner:
        try:
            _serve(runner, session, read, stdout, width)
        except KeyboardInterrupt:  # Ctrl-C leaves quietly, at the prompt or mid-command
            stdout.write("\n")
    return 0


def _serve(
    runner: asyncio.Runner,
    session: ConsoleSession,
    read: Callable[[], str],
    stdout: TextIO,
    width: int,
) -> None:
    while True:
        raw = read()
        if not raw:
            return
        if not raw.strip():
            continue
        if raw.strip().lower() in ("quit", "exit"):
            return
        reply = runner.run(session.line(raw))
        saved = save_attachments(reply, session.files_dir)
        text = "\n".join([reply.text, *(saved_file_line(str(p)) for p in saved)])
        stdout.write((wrap(text, max(width, 40)) if width else text) + "\n\n")
        stdout.flush()
