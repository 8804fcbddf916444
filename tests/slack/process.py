"""`ciip-tutor slack --http` as a real process on an ephemeral loopback port (its port read back
from the log line), for the tests that need a whole process: the CLI, kill -9, restarts."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp

from tests.slack import payloads
from tests.slack.conftest import SECRET

__all__ = [
    "LISTENING",
    "Server",
    "clean_env",
    "command_line",
    "post_signed",
    "serving",
    "start_http",
]

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


@contextlib.asynccontextmanager
async def serving(
    env: dict[str, str], cwd: Path, *, kill: bool = False
) -> AsyncIterator[tuple[Server, str]]:
    """The process started and listening (its URL); stopped after with SIGTERM, or SIGKILL
    when `kill` (a test that kills it itself leaves nothing to stop)."""
    proc = await start_http(env, cwd, asyncio.subprocess.DEVNULL)
    running = Server(proc)
    try:
        port = await asyncio.wait_for(running.port, timeout=90)
        yield running, f"http://127.0.0.1:{port}"
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            await asyncio.wait_for(proc.wait(), timeout=30)
        await running.reader


async def post_signed(http: aiohttp.ClientSession, url: str, body: str) -> tuple[int, str]:
    """A request signed with the tests' secret to the process's events endpoint."""
    async with http.post(
        url + "/slack/events", data=body, headers=payloads.sign(SECRET, body)
    ) as r:
        return r.status, await r.text()
