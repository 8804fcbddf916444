"""`ciip-tutor slack --http` as a real process on an ephemeral loopback port (its port read back
from the log line), for the tests that need a whole process: the CLI, kill -9, restarts."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

__all__ = ["LISTENING", "Server", "clean_env", "command_line", "start_http"]

LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


def command_line() -> list[str]:
    script = Path(sys.executable).with_name("ciip-tutor")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "adapters.cli"]


def clean_env(**settings: str) -> dict[str, str]:
    """This process's environment without any Slack or ciip settings, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CIIP_"))}
    env.update(settings)
    return env


async def start_http(env: dict[str, str], cwd: Path, stdout: int) -> asyncio.subprocess.Process:
    """`ciip-tutor slack --http` on an ephemeral loopback port, as a real process."""
    return await asyncio.create_subprocess_exec(
        *command_line(),
        "slack",
        "--http",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        cwd=cwd,  # no stray .env
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=stdout,
        stderr=asyncio.subprocess.PIPE,
    )


class Server:
    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self.port: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        async for raw in self.proc.stderr:
            line = raw.decode(errors="replace")
            self.lines.append(line)
            match = LISTENING.search(line)
            if match and not self.port.done():
                self.port.set_result(int(match.group(1)))
        if not self.port.done():
            self.port.set_exception(RuntimeError("server exited:\n" + "".join(self.lines)))
