"""Console start-up as a person meets it: time to the first prompt, then to the first question.

A benchmark, not a test (nothing fails for being slow). Each run starts `ciip-tutor console
--user bench` on a pseudo-terminal in a fresh folder, so the terminal, readline and the SQLite
file are the real ones: the first run of a folder creates and migrates the database (a
newcomer's `make demo`), later runs open it again (every later start).

    .venv/bin/python -m benchmarks.startup              # 7 runs each, writes RESULTS.md
    .venv/bin/python -m benchmarks.startup --runs 3 --no-write

Times are wall-clock from spawning the process to the prompt `ciip> ` appearing, and from
sending `quiz` to the question's last line appearing. Goals: prompt < 1.0 s, question < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import select
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["main", "measure_once"]

RESULTS_FILE = Path(__file__).resolve().parent / "RESULTS.md"
BEGIN = "<!-- startup: written by benchmarks/startup.py -->"
END = "<!-- /startup -->"
SCRIPT = Path(sys.executable).with_name("ciip-tutor")


def _read_until(fd: int, marker: bytes, seen: bytearray, start: int, limit_s: float = 120.0) -> int:
    """Read the terminal until `marker` appears at or after `start`; return the end of it."""
    while (found := seen.find(marker, start)) < 0:
        ready, _, _ = select.select([fd], [], [], limit_s)
        if not ready:
            raise TimeoutError(f"no {marker!r} within {limit_s} s")
        chunk = os.read(fd, 65536)
        if not chunk:
            raise EOFError(f"the console exited before {marker!r}")
        seen.extend(chunk)
    return found + len(marker)


def _drain(fd: int, limit_s: float = 120.0) -> None:
    """Read until the console exits (the pty reports EOF or an I/O error)."""
    while select.select([fd], [], [], limit_s)[0]:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def measure_once(folder: Path) -> tuple[float, float, float]:
    """(seconds to the prompt, seconds from `quiz` to the question, CPU seconds of the whole
    session) for one console start. CPU time barely moves with the machine's load."""
    import pty

    env = {k: v for k, v in os.environ.items() if not k.startswith("CIIP_")}
    env.pop("DATABASE_URL", None)
    env.update(TERM="xterm", COLUMNS="100", LINES="40")
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "adapters.cli"]
    began = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(folder)
        os.execvpe(command[0], [*command, "console", "--user", "bench"], env)
    seen = bytearray()
    try:
        at = _read_until(fd, b"ciip> ", seen, 0)
        prompt = time.perf_counter() - began
        asked = time.perf_counter()
        os.write(fd, b"quiz\n")
        at = _read_until(fd, b"Type A, B, C or D.", seen, at)
        question = time.perf_counter() - asked
        _read_until(fd, b"ciip> ", seen, at)  # readline owns the terminal again: Ctrl-D is EOF
        os.write(fd, b"\x04")
        _drain(fd)
    finally:
        os.close(fd)
        _, _, usage = os.wait4(pid, 0)
    return prompt, question, usage.ru_utime + usage.ru_stime


def _summary(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return f"{statistics.median(ms):.0f} | {ms[0]:.0f} | {ms[-1]:.0f}"


Run = tuple[float, float, float]


def _section(first: list[Run], later: list[Run]) -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        BEGIN,
        "## Console start-up",
        "",
        f"Written by `python -m benchmarks.startup` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"({platform.python_version()}, {os.cpu_count()} cores, load average {load}). "
        "Wall-clock milliseconds on a pseudo-terminal: median | min | max over "
        f"{len(first)} runs each. Goals: prompt < 1000 ms, first question < 100 ms after it.",
        "",
        "| start | runs | prompt p50 | min | max | question p50 | min | max "
        "| session CPU p50 | min | max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {label} | {len(runs)} | {_summary([r[0] for r in runs])} | "
            f"{_summary([r[1] for r in runs])} | {_summary([r[2] for r in runs])} |"
            for label, runs in (
                ("first (creates and migrates the SQLite file)", first),
                ("later (database exists)", later),
            )
        ),
        "",
        "Session CPU is user + system time of the whole console process (start, one question, "
        "exit), from `wait4`: what the prompt would cost on an idle core.",
        END,
    ]
    return "\n".join(lines)


def _write(section: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="starts of each kind (default 7)")
    parser.add_argument("--no-write", action="store_true", help="print only; keep RESULTS.md")
    args = parser.parse_args(argv)
    first, later = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="ciip-startup-") as folder:
            first.append(measure_once(Path(folder)))
            later.append(measure_once(Path(folder)))
    section = _section(first, later)
    print(section)
    if not args.no_write:
        _write(section, RESULTS_FILE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
