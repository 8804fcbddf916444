"""The console at a real terminal: a name asked once and remembered, wrapping, line editing.

The terminal cases run `ciip-tutor console` on a pseudo-terminal (stdlib `pty`), so readline,
`isatty()` and the terminal width are the real ones, not stand-ins.
"""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.console.identity import FALLBACK_NAME, clean_name, console_user, name_file
from adapters.console.runner import wrap

pty = pytest.importorskip("pty")
SCRIPT = Path(sys.executable).with_name("ciip-tutor")
_TRAILING_CONTROL = re.compile(rb"(\x1b\[[0-9;?]*[A-Za-z])+$")
"""Terminal modes readline may switch after drawing the prompt (bracketed paste)."""
own_database = pytest.mark.skipif(
    bool(os.environ.get("CIIP_TEST_DATABASE_URL")),
    reason="runs the console on its own SQLite file: the PostgreSQL leg would only repeat it",
)


class _Typed(io.StringIO):
    """What a person types at a terminal: a text stream that is a tty."""

    def isatty(self) -> bool:
        return True


def test_wrap_keeps_options_and_bullets_aligned_and_never_splits_urls() -> None:
    text = "  B) " + "word " * 30 + "\n• " + "x" * 10 + " https://example.org/" + "a" * 80
    wrapped = wrap(text, 40).split("\n")
    assert all(len(line) <= 40 for line in wrapped if "https://" not in line)
    assert wrapped[0].startswith("  B) word") and wrapped[1].startswith("     word")
    assert any(line.strip().startswith("https://example.org/" + "a" * 80) for line in wrapped)
    assert wrap("short\n\nlines", 40) == "short\n\nlines"


def test_names_lose_control_and_zero_width_characters() -> None:
    assert clean_name(" An\u200ba\x07  Lee \n") == "Ana Lee"
    assert clean_name("x" * 100) == "x" * 40
    assert clean_name("\x1b\u200b") == ""


def test_the_name_lives_beside_the_sqlite_file(tmp_path: Path) -> None:
    assert name_file(None) == Path("ciip_tutor.db.console-user")
    assert name_file(f"sqlite:///{tmp_path}/study.db") == tmp_path / "study.db.console-user"
    assert name_file("postgresql://u@h/db") == Path(".ciip.console-user")


def test_a_name_is_asked_once_then_remembered(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/study.db"
    shown = io.StringIO()
    assert console_user("", url, _Typed("Ana Lee\n"), shown) == "Ana Lee"
    assert "Your name for the leaderboard" in shown.getvalue()
    assert (tmp_path / "study.db.console-user").read_text() == "Ana Lee\n"
    again = io.StringIO()
    assert console_user("", url, _Typed("ignored\n"), again) == "Ana Lee"
    assert again.getvalue() == ""
    assert console_user("Bo", url, _Typed(""), io.StringIO()) == "Bo"  # --user wins


def test_piped_input_is_never_taken_for_a_name(tmp_path: Path) -> None:
    piped = io.StringIO("quiz\n")
    assert console_user("", f"sqlite:///{tmp_path}/s.db", piped, io.StringIO()) == FALLBACK_NAME
    assert piped.read() == "quiz\n" and not (tmp_path / "s.db.console-user").exists()


def _talk(tmp_path: Path, keys: list[bytes], columns: int = 60) -> str:
    """Run the console on a pseudo-terminal, send `keys` one chunk per prompt, return output."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the console, exactly as `make demo` starts it
        os.chdir(tmp_path)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CIIP_")}
        env.pop("DATABASE_URL", None)
        env.update(COLUMNS=str(columns), LINES="40", TERM="xterm")
        command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "adapters.cli"]
        os.execvpe(command[0], [*command, "console"], env)
    output = b""
    pending = list(keys)
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            shown = _TRAILING_CONTROL.sub(b"", output)
            if pending and (shown.endswith(b"ciip> ") or shown.endswith(b"next time): ")):
                os.write(fd, pending.pop(0))
    finally:
        os.close(fd)
        os.waitpid(pid, 0)
    return output.decode("utf-8", "replace").replace("\r\n", "\n")


@own_database
def test_a_terminal_session_asks_the_name_wraps_and_edits_lines(tmp_path: Path) -> None:
    # "qz", Left, "ui", Right: readline's editing makes it "quiz"; Up twice recalls it.
    keys = [b"Ana\n", b"qz\x1b[Dui\x1b[C\n", b"A\n", b"\x1b[A\x1b[A\n", b"\x04"]
    out = _talk(tmp_path, keys, columns=60)
    assert "Your name for the leaderboard" in out and "playing as Ana" in out
    assert out.count("New question") == 2  # the edited line and the recalled one both quizzed
    assert "I don't know the command" not in out
    replies = out.split("playing as Ana", 1)[1].split("\n")
    body = [line for line in replies if "ciip> " not in line and "https://" not in line]
    assert max(len(line) for line in body) <= 60
    assert (tmp_path / "ciip_tutor.db.console-user").read_text() == "Ana\n"
    again = _talk(tmp_path, [b"me\n", b"\x04"])
    assert "Your name" not in again and "playing as Ana" in again


@own_database
def test_piped_console_output_is_not_wrapped(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIIP_")}
    env.pop("DATABASE_URL", None)
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "adapters.cli"]
    result = subprocess.run(
        [*command, "console"],
        input="help\n",
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "40"},
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) > 40
    assert not (tmp_path / "ciip_tutor.db.console-user").exists()


@own_database
def test_today_moves_the_console_through_days(tmp_path: Path) -> None:
    """`--today` lets a newcomer see a streak grow without waiting a day (and refuses junk)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIIP_")}
    env.pop("DATABASE_URL", None)
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "adapters.cli"]

    def day(date: str, script: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*command, "console", "--user", "ana", "--today", date],
            input=script,
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )

    assert day("2030-03-04", "quiz\nA\n").returncode == 0
    second = day("2030-03-05", "quiz\nA\nstreak\n")
    assert "2 days in a row" in second.stdout, second.stdout[-500:]
    bad = day("5 March", "")
    assert bad.returncode == 2 and bad.stderr.strip() == (
        "error: --today 5 March: use a date as YYYY-MM-DD"
    )


async def test_console_daily_status_says_who_posts(services) -> None:  # type: ignore[no-untyped-def]
    """Found in the fresh-clone trial: the console blamed 'another instance' for not posting."""
    from adapters.console.runner import ConsoleSession

    session = ConsoleSession(services, "ana")
    await session.line("daily here 09:00")
    status = (await session.line("daily status")).text
    assert status == (
        "Daily question at 09:00 UTC, every day. The Slack, Discord or Teams bot posts it; "
        "the console does not."
    )


@own_database
def test_ctrl_c_at_the_prompt_leaves_without_a_traceback(tmp_path: Path) -> None:
    out = _talk(tmp_path, [b"Ana\n", b"\x03"])
    assert "playing as Ana" in out
    assert "Traceback" not in out and "KeyboardInterrupt" not in out


@own_database
def test_line_history_survives_a_restart(tmp_path: Path) -> None:
    (tmp_path / "ciip_tutor.db.console-user").write_text("Ana\n")
    first = _talk(tmp_path, [b"streak\n", b"\x04"])
    assert "Your streak" in first
    assert "streak" in (tmp_path / "ciip_tutor.db.console-history").read_text()
    second = _talk(tmp_path, [b"\x1b[A\n", b"\x04"])  # Up, Enter: the last session's line
    assert "Your streak" in second
