"""Chart rendering benchmark: latency per chart kind and memory after many renders.

Each sample builds the whole chart message (PNG and alt text) the way a handler does, from
fixed, realistic data: ten domains, twelve weeks, a 130-item mock exam, an eight-week group.
Goals: p99 under 300 ms per chart; no lasting memory growth after 1,000 renders (resident set
and Python heap measured after a warm-up and again at the end, after a garbage collection).

    python -m benchmarks.charts [--samples 200] [--memory-renders 1000] [--write]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.charts import GroupWeek, WeekPoint
from bot.exam_report import ExamState, ItemResult, build_report
from bot.learner import DomainSkill
from bot.render_charts import exam_attachment, group_message, mastery_message, progress_message
from question_bank.blueprint import DOMAINS
from question_bank.loader import load_bank

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MARK_START = "<!-- charts:start -->"
MARK_END = "<!-- charts:end -->"
WARM_UP = 200


def _data() -> dict[str, Callable[[], object]]:
    rng = random.Random(14)
    skills = [
        DomainSkill(d, n, rng.randint(n // 3, n), rng.uniform(0.5, 0.95))
        for d in DOMAINS
        for n in [rng.randint(5, 80)]
    ]
    monday = date(2026, 9, 7)
    weeks = [
        WeekPoint(monday + timedelta(weeks=i), a, rng.randint(a // 2, a))
        for i in range(12)
        for a in [rng.randint(5, 60)]
    ]
    group_weeks = [GroupWeek(monday + timedelta(weeks=i), rng.randint(2, 14), 80) for i in range(8)]
    bank = load_bank().questions
    by_domain: dict[str, list] = {}
    for q in bank:
        by_domain.setdefault(q.domain, []).append(q)
    items = []
    for d in DOMAINS:
        for q in by_domain[d.key][: d.items]:
            choice = q.key if rng.random() < 0.7 else ("A" if q.key != "A" else "B")
            items.append(ItemResult(len(items), q, choice))
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    report = build_report(
        exam_id=1,
        kind="full",
        state=ExamState.FINISHED,
        started_at=start,
        ended_at=start + timedelta(minutes=118),
        deadline_at=start + timedelta(minutes=130),
        items=items,
    )
    return {
        "mastery": lambda: mastery_message(skills),
        "progress": lambda: progress_message(weeks),
        "mock exam report": lambda: exam_attachment(report),
        "study group": lambda: group_message("ciip-study", group_weeks, skills[:3]),
    }


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--memory-renders", type=int, default=1000)
    parser.add_argument("--write", action="store_true", help="update RESULTS.md")
    args = parser.parse_args()
    charts = _data()
    load_before = os.getloadavg()[0]
    rows = []
    for name, render in charts.items():
        for _ in range(5):
            render()
        times, cpu = [], []
        for _ in range(args.samples):
            t0, c0 = time.perf_counter(), time.thread_time()
            render()
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
        rows.append(
            (
                name,
                len(times),
                statistics.median(times),
                _pct(times, 0.99),
                max(times),
                statistics.median(cpu),
                _pct(cpu, 0.99),
            )
        )
        print(
            f"{name}: p50 {rows[-1][2]:.1f}, p99 {rows[-1][3]:.1f}, cpu p99 {rows[-1][6]:.1f} ms",
            flush=True,
        )
    kinds = list(charts.values())
    for i in range(WARM_UP):  # fills matplotlib's bounded caches (fonts, text layout)
        kinds[i % len(kinds)]()
    checkpoints = []
    for i in range(args.memory_renders + 1):
        if i % (args.memory_renders // 4) == 0:
            gc.collect()
            checkpoints.append((i, _rss_mib(), len(gc.get_objects())))
        if i < args.memory_renders:
            kinds[i % len(kinds)]()
    steps = "; ".join(f"{i:,}: {rss:.1f} MiB, {objs:,} objects" for i, rss, objs in checkpoints)
    first, last = checkpoints[0], checkpoints[-1]
    memory = (
        f"Memory, after a {WARM_UP}-render warm-up, then every {args.memory_renders // 4:,} "
        f"renders of {args.memory_renders:,} (the four kinds in turn; resident set, live Python "
        f"objects after a collection): {steps}. Change over the {args.memory_renders:,}: "
        f"{last[1] - first[1]:+.1f} MiB, {last[2] - first[2]:+,} objects."
    )
    print(memory, flush=True)
    table = "\n".join(
        f"| {name} | {n} | {p50:.1f} | {p99:.1f} | {mx:.1f} | {c50:.1f} | {c99:.1f} |"
        for name, n, p50, p99, mx, c50, c99 in rows
    )
    section = f"""{MARK_START}
## Charts (`python -m benchmarks.charts --write`)

Each sample builds the full chart message (PNG at 640 px wide plus alt text) in one thread,
matplotlib Agg; measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} with
{os.cpu_count()} cores shared with other work (load average {load_before:.1f} before,
{os.getloadavg()[0]:.1f} after).
Goal: p99 under 300 ms each. Wall time includes waiting for a core the other processes hold;
CPU time (`time.thread_time`) is the chart's own cost.

| chart | samples | p50 ms | p99 ms | max ms | CPU p50 ms | CPU p99 ms |
|---|---:|---:|---:|---:|---:|---:|
{table}

{memory}
{MARK_END}"""
    if args.write:
        text = RESULTS.read_text(encoding="utf-8")
        if MARK_START in text:
            head, _, rest = text.partition(MARK_START)
            text = head + section + rest.partition(MARK_END)[2]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
