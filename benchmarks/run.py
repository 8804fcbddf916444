"""Latency of the core's hot paths through the public `Tutor` API, on SQLite and PostgreSQL.

A benchmark, not a test: it reports numbers and whether the issue's goals are met, and never
fails on time. Each sample is one real call, timed with `time.perf_counter_ns`:

* selection  - `Tutor.next_question(actor)` for a random member of the 10k-member workspace
               (member lookup, loading their 100 FSRS cards, picking, recording the issued row);
* submission - `Tutor.answer_issued(actor, issued_id, letter)` for the question just issued
               (idempotency check, streak, FSRS review, domain stats, six score-bucket upserts);
* leaderboard - `Tutor.leaderboard(actor, "week")` for a random member of the 100k-member
               workspace (top 10, board size, and that member's own rank).

Every run works on a fresh copy of the cached data set (`benchmarks.generate`), so runs are
comparable; the clock is a `FixedClock` that moves a few seconds per sample.

    python -m benchmarks.run [--sqlite-only] [--samples N] [--pg-url URL] [--no-write]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import re
import socket
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import create_engine, func, make_url, select, text

from benchmarks.generate import (
    BOARD_WORKSPACE,
    CHANNEL,
    DATA_DIR,
    DEFAULT_PG_URL,
    NOW,
    PLATFORM,
    STUDY_WORKSPACE,
    Spec,
    board_user,
    copy_sqlite,
    ensure_postgres,
    ensure_sqlite,
    pg_drop,
    pg_run_copy,
    study_user,
    synth_questions,
)
from bot.clock import FixedClock
from bot.identity import Actor
from bot.scoring import period_start
from bot.storage.models import Base
from bot.tutor import Tutor
from question_bank.schema import LETTERS

__all__ = ["GOALS_MS", "OPERATIONS", "main", "percentile"]

OPERATIONS = ("selection", "submission", "leaderboard")
GOALS_MS = {"selection": 5.0, "submission": 5.0, "leaderboard": 50.0}  # p99, on PostgreSQL
QUANTILES = (50, 90, 99)
RESULTS_FILE = Path(__file__).resolve().parent / "RESULTS.md"
COUNTED_TABLES = (
    "workspaces",
    "members",
    "questions",
    "issued",
    "answers",
    "srs_cards",
    "domain_stats",
    "score_buckets",
)


def percentile(sorted_values: list[int], p: float) -> int:
    """Nearest-rank percentile: the smallest sample with at least p% of samples at or below."""
    if not sorted_values:
        raise ValueError("no samples")
    rank = max(1, -(-len(sorted_values) * p // 100))  # ceil without floats
    return sorted_values[int(rank) - 1]


def reference_loop_ms(rounds: int = 5) -> float:
    """Median time of a fixed pure-Python loop: how fast this machine was at that moment, so
    runs on a shared or throttled machine can be compared (it varies by tens of percent)."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter_ns()
        total = 0
        for i in range(1_000_000):
            total += i
        times.append(time.perf_counter_ns() - started)
    return sorted(times)[rounds // 2] / 1e6


@dataclass
class BackendResult:
    name: str
    version: str
    timings: dict[str, list[int]] = field(default_factory=lambda: {op: [] for op in OPERATIONS})
    reasons: Counter[str] = field(default_factory=Counter)
    sizes: dict[str, int] = field(default_factory=dict)
    reference_ms: tuple[float, float] = (0.0, 0.0)  # the reference loop before and after
    note: str = ""

    def ms(self, operation: str, p: float) -> float:
        return percentile(sorted(self.timings[operation]), p) / 1e6


@dataclass
class Skipped:
    name: str
    reason: str


# --------------------------------------------------------------------------- measuring
def _table_sizes(tutor: Tutor) -> dict[str, int]:
    with tutor.db.session() as s:
        return {
            name: s.scalar(select(func.count()).select_from(Base.metadata.tables[name])) or 0
            for name in COUNTED_TABLES
        }


def measure(
    name: str, version_text: str, url: str, spec: Spec, samples: int, warmup: int, seed: int
) -> BackendResult:
    """Interleave the three operations over random members; time each call alone."""
    result = BackendResult(name, version_text)
    before = reference_loop_ms()
    clock = FixedClock(NOW)
    tutor = Tutor.open(url, clock, questions=synth_questions(spec), rng=random.Random(seed))
    try:
        result.sizes = _table_sizes(tutor)
        rng = random.Random(seed)
        clock_ns = time.perf_counter_ns

        def sample(record: bool) -> None:
            clock.advance(seconds=rng.randint(1, 5))
            member = Actor(
                PLATFORM, STUDY_WORKSPACE, study_user(rng.randrange(spec.members)), channel=CHANNEL
            )
            t0 = clock_ns()
            issued = tutor.next_question(member)
            t1 = clock_ns()
            if issued is None:  # 900 questions stay unseen: this cannot happen on this data
                raise RuntimeError(f"{member.user}: no question to ask")
            letter = issued.question.key if rng.random() < 0.7 else rng.choice(LETTERS)
            t2 = clock_ns()
            outcome = tutor.answer_issued(member, issued.issued_id, letter)
            t3 = clock_ns()
            if outcome.duplicate or outcome.correct != (letter == issued.question.key):
                raise RuntimeError(f"{member.user}: unexpected outcome {outcome}")
            reader = Actor(PLATFORM, BOARD_WORKSPACE, board_user(rng.randrange(spec.board_members)))
            t4 = clock_ns()
            board = tutor.leaderboard(reader, "week")
            t5 = clock_ns()
            if board.me is None or board.total != spec.board_members or len(board.rows) != 10:
                raise RuntimeError(f"{reader.user}: incomplete board {board.total} {board.me}")
            if record:
                result.timings["selection"].append(t1 - t0)
                result.timings["submission"].append(t3 - t2)
                result.timings["leaderboard"].append(t5 - t4)
                result.reasons[issued.reason] += 1

        for _ in range(warmup):
            sample(False)
        gc.collect()
        for i in range(samples):
            sample(True)
            if (i + 1) % max(1, samples // 5) == 0:
                print(f"    {i + 1}/{samples}", flush=True)
    finally:
        tutor.close()
    result.reference_ms = (before, reference_loop_ms())
    return result


def run_sqlite(spec: Spec, samples: int, warmup: int, seed: int) -> BackendResult:
    cached = ensure_sqlite(spec)
    work = copy_sqlite(cached, DATA_DIR / "run.db")
    print(
        f"SQLite {sqlite3.sqlite_version}: measuring {samples} samples on a copy of {cached.name}"
    )
    try:
        return measure(
            "SQLite", sqlite3.sqlite_version, f"sqlite:///{work}", spec, samples, warmup, seed
        )
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)


def postgres_answers(url: str) -> str | None:
    """None when something listens at the URL's host and port, else why not."""
    parsed = make_url(url)
    host, port = parsed.host or "127.0.0.1", parsed.port or 5432
    try:
        with socket.create_connection((host, port), timeout=2):
            return None
    except OSError as exc:
        return f"nothing answers on {host}:{port} ({exc.strerror or exc})"


def run_postgres(
    spec: Spec, url: str, samples: int, warmup: int, seed: int
) -> BackendResult | Skipped:
    why_not = postgres_answers(url)
    if why_not:
        return Skipped("PostgreSQL", why_not)
    url = ensure_postgres(spec, url)
    work, is_copy = pg_run_copy(url)
    try:
        tutor_version = _pg_version(work)
        where = f"a fresh copy ({make_url(work).database})" if is_copy else "the data set itself"
        print(f"PostgreSQL {tutor_version}: measuring {samples} samples on {where}")
        result = measure("PostgreSQL", tutor_version, work, spec, samples, warmup, seed)
        if not is_copy:
            result.note = "measured in place (the role may not create a fresh copy)"
        return result
    finally:
        if is_copy:
            pg_drop(work)


def _pg_version(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SHOW server_version")).scalar()).split()[0]
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- reporting
def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def machine_info() -> dict[str, str]:
    return {
        "Platform": platform.platform(),
        "CPU": _cpu_model(),
        "Cores": str(os.cpu_count()),
        "Memory": _memory(),
        "Python": platform.python_version(),
        "SQLAlchemy / psycopg / fsrs": (
            f"{version('sqlalchemy')} / {version('psycopg')} / {version('fsrs')}"
        ),
    }


def table_rows(results: list[BackendResult]) -> list[list[str]]:
    rows = []
    for operation in OPERATIONS:
        for r in results:
            times = sorted(r.timings[operation])
            rows.append(
                [
                    operation,
                    r.name,
                    str(len(times)),
                    *(f"{percentile(times, q) / 1e6:.2f}" for q in QUANTILES),
                    f"{times[-1] / 1e6:.2f}",
                ]
            )
    return rows


HEADER = ["operation", "database", "samples", "p50 ms", "p90 ms", "p99 ms", "max ms"]


def print_table(results: list[BackendResult]) -> None:
    rows = [HEADER, *table_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    for n, row in enumerate(rows):
        print(
            "  ".join(
                cell.rjust(w) if i > 1 else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))


def goal_lines(results: list[BackendResult]) -> list[str]:
    lines = []
    for r in results:
        for operation in OPERATIONS:
            goal, p99 = GOALS_MS[operation], r.ms(operation, 99)
            verdict = "met" if p99 <= goal else "NOT met"
            scope = "" if r.name == "PostgreSQL" else " (the goals are set for PostgreSQL)"
            lines.append(
                f"{r.name} {operation}: p99 {p99:.2f} ms vs goal <= {goal:g} ms: "
                f"**{verdict}**{scope}"
            )
    return lines


def write_results(
    path: Path,
    *,
    spec: Spec,
    results: list[BackendResult],
    skipped: list[Skipped],
    machine: dict[str, str],
    started: datetime,
    load_before: str,
    load_after: str,
    command: str,
) -> None:
    out = [
        "# Benchmark results",
        "",
        f"Written by `{command}` on {started:%Y-%m-%d %H:%M} UTC; rerun it to refresh this file "
        "(see README.md for what is measured). Latencies are wall-clock times of single calls "
        "to the public `Tutor` API, in milliseconds.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in machine.items()),
        *(f"- {r.name}: {r.version}" for r in results),
        f"- Load average (1/5/15 min) before / after: {load_before} / {load_after}",
        *(
            f"- Reference loop (1M additions in pure Python) before / after {r.name}: "
            f"{r.reference_ms[0]:.0f} / {r.reference_ms[1]:.0f} ms"
            for r in results
        ),
        "",
        "## Data set",
        "",
        f"- {spec.description}",
        f"- Benchmark clock starts at {NOW:%Y-%m-%d %H:%M} UTC (a Thursday); weekly board "
        f"period starts Monday {period_start('week', NOW)}",
    ]
    if results:
        sizes = results[0].sizes
        out.append("- Rows at start: " + ", ".join(f"{name} {n:,}" for name, n in sizes.items()))
    out += ["", "## Latency", ""]
    if results:
        out.append("| " + " | ".join(HEADER) + " |")
        out.append("|" + "|".join(["---"] * 2 + ["---:"] * (len(HEADER) - 2)) + "|")
        out += ["| " + " | ".join(row) + " |" for row in table_rows(results)]
        for r in results:
            mix = ", ".join(f"{k} {v}" for k, v in sorted(r.reasons.items()))
            out.append("")
            out.append(f"{r.name}: selections by reason: {mix}.{' ' + r.note if r.note else ''}")
    for s in skipped:
        out += ["", f"{s.name}: **skipped**, {s.reason}."]
    if results and all(set(r.reasons) == {"due"} for r in results):
        out += [
            "",
            "Every selection was a due review (these members always have some), so selection "
            "measured the due-review path and submission reviewed an existing card.",
        ]
    out += [
        "",
        "## Goals",
        "",
        "p99 on PostgreSQL: selection and submission <= 5 ms, weekly leaderboard <= 50 ms.",
        "",
    ]
    out += [f"- {line}" for line in goal_lines(results)]
    out += [
        "",
        "Where the time goes, what the benchmark changed in the core, and what is left: README.md.",
    ]
    out += _kept_sections(path)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _kept_sections(path: Path) -> list[str]:
    """Sections other scripts own survive a rewrite of the file: `<!-- name: ... -->` to
    `<!-- /name -->` (the console start-up, benchmarks/startup.py) and `<!-- name:start -->` to
    `<!-- name:end -->` (charts.py, learning.py)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    pattern = r"(<!-- ([\w-]+):(?:start | .*?)-->.*?<!-- (?:/\2|\2:end) -->)"
    found = re.findall(pattern, text, re.S)
    return [line for section, _ in found for line in ("", *section.split("\n"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--samples", type=int, default=1000, help="samples per operation")
    parser.add_argument("--warmup", type=int, default=100, help="untimed rounds first")
    parser.add_argument("--seed", type=int, default=7, help="which members are sampled")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("CIIP_BENCH_PG_URL", DEFAULT_PG_URL),
        help="PostgreSQL URL naming the data set's database (env CIIP_BENCH_PG_URL)",
    )
    parser.add_argument("--no-write", action="store_true", help="print only; keep RESULTS.md")
    parser.add_argument("--output", type=Path, default=RESULTS_FILE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.samples < 1:
        parser.error("--samples must be at least 1")

    spec = Spec()
    started = datetime.now(UTC)
    load_before = _load()
    print(spec.description)
    results: list[BackendResult] = []
    skipped: list[Skipped] = []
    backends: list[Callable[[], BackendResult | Skipped]] = [
        lambda: run_sqlite(spec, args.samples, args.warmup, args.seed)
    ]
    if args.sqlite_only:
        skipped.append(Skipped("PostgreSQL", "not measured (--sqlite-only)"))
    else:
        backends.append(
            lambda: run_postgres(spec, args.pg_url, args.samples, args.warmup, args.seed)
        )
    for backend in backends:
        outcome = backend()
        if isinstance(outcome, Skipped):
            print(f"{outcome.name}: SKIPPED, {outcome.reason}")
            skipped.append(outcome)
        else:
            results.append(outcome)

    print()
    print_table(results)
    print()
    for line in goal_lines(results):
        print(line.replace("**", ""))
    if not args.no_write:
        command = "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:])
        write_results(
            args.output,
            spec=spec,
            results=results,
            skipped=skipped,
            machine=machine_info(),
            started=started,
            load_before=load_before,
            load_after=_load(),
            command=command.strip(),
        )
        print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
