"""Learning benchmark: which selection gets a simulated cohort furthest in six weeks?

    .venv/bin/python -m benchmarks.learning                 # default: 5 seeds x 20 learners
    .venv/bin/python -m benchmarks.learning --seeds 2 --cohort 6 --no-write   # a quick look

For each seed a cohort (ability per domain drawn around a novice's) studies for 42 days at 2
and at 5 questions a day under each policy: random, blueprint-weighted random, fixed intervals
1/4/10/17/30/60 days, Leitner boxes 1/2/4/8/16, the previous selection and the new one. The
learner model is in `benchmarks/learning_sim.py`. Reported per policy and load: the expected
exam score gain (percentage points on a fresh 130-item blueprint exam, exam day vs. no study),
its mean and standard deviation over seeds, bank coverage by exam day, the most times any
question was asked in seven days, and how often `/ciip ready`'s 80% band (computed from what
the tutor can see) held the learner's simulated true score. Numbers go to RESULTS.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.learning_sim import (
    REVIEW_SHARE,
    Item,
    Learner,
    World,
    blueprint_random,
    domain_p,
    interval_policy,
    new_policy,
    previous_policy,
    random_policy,
    rate,
)
from bot.difficulty import prior_rating
from bot.exam_selection import exam_week, share_for
from bot.readiness import DomainEvidence, estimate
from bot.srs import Srs
from bot.study_plan import daily_target, new_quota
from question_bank.blueprint import DOMAINS, EXAM
from question_bank.loader import load_bank

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START = date(2026, 3, 2)
DAYS = 42
POLICIES = {
    "random": random_policy,
    "blueprint-weighted random": blueprint_random,
    "fixed 1/4/10/17/30/60": interval_policy((1, 4, 10, 17, 30, 60), leitner=False),
    "Leitner 1/2/4/8/16": interval_policy((1, 2, 4, 8, 16), leitner=True),
    "previous selection": previous_policy,
    "new selection": new_policy,
}
MARK = ("<!-- learning-benchmark:start -->", "<!-- learning-benchmark:end -->")


@dataclass
class Run:
    gain: float
    coverage: float
    max_week: int
    in_band: bool


def _items(seed: int) -> list[Item]:
    rng = random.Random(seed)
    bank = load_bank().questions
    return [
        Item(q.id, q.domain, q.difficulty, prior_rating(q.difficulty) + rng.gauss(0, 0.6))
        for q in bank
    ]


def _cohort(seed: int, size: int) -> list[dict[str, float]]:
    rng = random.Random(seed * 7919)
    out = []
    for _ in range(size):
        offset = rng.gauss(-0.3, 0.5)
        out.append({d.key: offset + rng.gauss(0, 0.4) for d in DOMAINS})
    return out


def _max_week(learner: Learner) -> int:
    times: dict[str, list[datetime]] = defaultdict(list)
    for q, t in learner.history:
        times[q].append(t)
    worst = 0
    for ts in times.values():
        for i, t in enumerate(ts):
            worst = max(worst, sum(1 for u in ts[i:] if u - t < timedelta(days=7)))
    return worst


def _percent(learner: Learner, items: list[Item], at: datetime, theta=None) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {d.key: domain_p(learner, items, d.key, at, theta) for d in DOMAINS}


def _when(card: dict) -> datetime:
    return datetime.fromisoformat(card["last_review"])


def _readiness_holds(
    learner: Learner, w: World, ps: dict[str, float], rng: random.Random, now: datetime
) -> bool:
    """The tutor's 80% band, from what it can see, against one simulated sitting."""
    recall = w.srs.retrievability_of
    ev = {}
    for d in DOMAINS:
        ids = w.by_domain[d.key]
        cards = [learner.app[q] for q in ids if q in learner.app]
        a, c = learner.counts.get(d.key, (0, 0))
        ev[d.key] = DomainEvidence(
            d.key,
            a,
            c,
            len(cards),
            len(ids),
            tuple(recall(x.get("stability"), _when(x), w.exam_at) for x in cards),
            tuple(recall(x.get("stability"), _when(x), now) for x in cards),
        )
    r = estimate(ev, 0.9)
    right = sum(sum(rng.random() < ps[d.key] for _ in range(d.items)) for d in DOMAINS)
    return r.low <= 100 * right / EXAM.scored_items <= r.high


def simulate(policy_name: str, load: int, seed: int, cohort: int) -> list[Run]:
    items = _items(seed)
    policy = POLICIES[policy_name]
    srs = Srs(0.9)
    exam = START + timedelta(days=DAYS)
    by_domain = {d.key: [i.qid for i in items if i.domain == d.key] for d in DOMAINS}
    w = World(
        items,
        {i.qid: i for i in items},
        by_domain,
        srs,
        random.Random(zlib.crc32(f"{seed}/{load}/{policy_name}".encode())),
        START,
        exam,
        datetime(exam.year, exam.month, exam.day, 9, tzinfo=UTC),
    )
    runs = []
    for n, theta0 in enumerate(_cohort(seed, cohort)):
        rng = random.Random(seed * 100_003 + n)
        learner = Learner(dict(theta0))
        for day in range(DAYS):
            for k in range(load):
                now = datetime(START.year, START.month, START.day, 19, tzinfo=UTC) + timedelta(
                    days=day, minutes=2 * k
                )
                item = w.by_id[policy(learner, w, now)]
                correct = learner.answer(item, now, rng, srs, w.by_id)
                after = getattr(policy, "after", None)
                if after is not None:
                    after(learner, item.qid, correct, now)
                rate(w, learner, item, correct)
        ps = _percent(learner, items, w.exam_at)
        base = _percent(learner, items, w.exam_at, theta=theta0)
        weight = {d.key: d.items / EXAM.scored_items for d in DOMAINS}
        gain = 100 * sum(weight[d] * (ps[d] - base[d]) for d in ps)
        runs.append(
            Run(
                gain,
                len(learner.truth) / len(items),
                _max_week(learner),
                _readiness_holds(learner, w, ps, rng, now),
            )
        )
    return runs


def plan_target_run(seed: int) -> tuple[float, int, int]:
    """One learner who does exactly the plan's daily target every day with the new selection:
    (share of the bank met by exam day, most asks of a question in 7 days, largest target)."""
    items = _items(seed)
    exam = START + timedelta(days=DAYS)
    by_domain = {d.key: [i.qid for i in items if i.domain == d.key] for d in DOMAINS}
    w = World(
        items,
        {i.qid: i for i in items},
        by_domain,
        Srs(0.9),
        random.Random(seed),
        START,
        exam,
        datetime(exam.year, exam.month, exam.day, 9, tzinfo=UTC),
    )
    rng = random.Random(seed)
    learner = Learner(dict(_cohort(seed, 1)[0]))
    biggest = 0
    for day in range(DAYS):
        today = START + timedelta(days=day)
        unseen = sum(1 for i in items if i.qid not in learner.app)
        pace = sum(1 for _, t in learner.history if (today - t.date()).days <= 7) / 7
        days_left = (exam - today).days
        share = share_for(REVIEW_SHARE, exam_week(days_left))
        target = daily_target(new_quota(unseen, days_left), share, 25, pace)
        biggest = max(biggest, target)
        for k in range(target):
            now = datetime(today.year, today.month, today.day, 7, tzinfo=UTC) + timedelta(
                minutes=2 * k
            )
            item = w.by_id[new_policy(learner, w, now)]
            correct = learner.answer(item, now, rng, w.srs, w.by_id)
            rate(w, learner, item, correct)
    return len(learner.app) / len(items), _max_week(learner), biggest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--cohort", type=int, default=20)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    began = time.perf_counter()
    gains: dict[tuple[int, str], list[float]] = {}
    rows = []
    band: list[bool] = []
    for load in (2, 5):
        for name in POLICIES:
            per_seed, coverage, worst = [], [], 0
            for seed in range(1, args.seeds + 1):
                runs = simulate(name, load, seed, args.cohort)
                per_seed.append(statistics.fmean(r.gain for r in runs))
                coverage.append(statistics.fmean(r.coverage for r in runs))
                worst = max(worst, *(r.max_week for r in runs))
                band += [r.in_band for r in runs]
            gains[load, name] = per_seed
            rows.append([load, name, per_seed, statistics.fmean(coverage), worst])
            print(
                f"{load}/day {name:28s} gain {statistics.fmean(per_seed):5.2f} ± "
                f"{_sd(per_seed):4.2f}  coverage {rows[-1][3]:5.1%}  max/7d {worst}",
                flush=True,
            )
    for row in rows:
        new = gains[row[0], "new selection"]
        row.append([a - b for a, b in zip(new, row[2], strict=True)])
    calibration = sum(band) / len(band)
    target_run = plan_target_run(1)
    print(
        f"plan target every day: met {target_run[0]:.1%} of the bank, max/7d {target_run[1]}, "
        f"largest daily target {target_run[2]}"
    )
    elapsed = time.perf_counter() - began
    print(f"readiness 80% band held the true score in {calibration:.1%} of {len(band)} learners")
    if not args.no_write:
        write(rows, calibration, len(band), args, elapsed, target_run)


def _sd(values: list[float]) -> float:
    return statistics.stdev(values) if len(values) > 1 else 0.0


def write(rows, calibration: float, n: int, args, elapsed: float, target_run) -> None:  # type: ignore[no-untyped-def]
    lines = [
        MARK[0],
        "## Learning: selection policies over six simulated weeks",
        "",
        f"Written by `python -m benchmarks.learning` ({args.seeds} seeds x {args.cohort} "
        f"learners per policy and load, {elapsed:.0f} s). Learner model: FSRS-6 memory per "
        "question, per-domain ability grown by retained practice with diminishing returns, a "
        "fresh 130-item blueprint exam (see `benchmarks/learning_sim.py`). Gain: expected exam "
        "score on exam day minus with no study, in percentage points; ± is the standard "
        "deviation of the cohort mean over seeds; the paired column is the new selection's gain "
        "minus the policy's on the same seeds (same learners, same items).",
        "",
        "| load | policy | score gain (pts) | ± over seeds | new minus it (pts, paired) "
        "| bank met by exam day | most asks of a question in 7 days |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for load, name, per_seed, coverage, worst, diff in rows:
        paired = (
            "" if name == "new selection" else f"{statistics.fmean(diff):+.2f} ± {_sd(diff):.2f}"
        )
        lines.append(
            f"| {load}/day | {name} | {statistics.fmean(per_seed):.2f} | {_sd(per_seed):.2f} "
            f"| {paired} | {coverage:.1%} | {worst} |"
        )
    lines += [
        "",
        "Reading it: the review-first schedules (fixed intervals, Leitner, the previous "
        "selection) spend most picks re-asking a few questions and meet 2-8% of the bank; under "
        "FSRS-6's slow power-law forgetting, a question met once is still ~65% recalled six "
        "weeks later, so meeting new material is worth more than early reviews. That is why the "
        "new selection lets reviews take only 10% of a day's picks until the day's new quota "
        "is met (half in the last week), judges them by recall on exam day, and aims new "
        "questions at an 85% chance of success (a right first answer is what makes a question "
        "stick). Its edge over random "
        "draws is small (coverage, blueprint weighting, difficulty, no repeats): larger than "
        "the paired seed-to-seed spread at both loads, but at 2 a day not larger than the "
        "spread of the gains themselves. The last-week reviews cost about 0.3 points in this "
        "model (measured with and without); they stay because exam-day recall is their point, "
        "and a member who forgets faster than FSRS's default parameters assume gains more.",
        "",
        f"A learner who does exactly the plan's daily target each day (new selection, exam six "
        f"weeks out, largest daily target {target_run[2]}) met {target_run[0]:.1%} of the bank "
        f"by exam day, no question more than {target_run[1]} times in any seven days.",
        "",
        f"Readiness calibration: `/ciip ready`'s 80% band, computed from what the tutor sees, "
        f"held the simulated true score (one sitting) for {calibration:.1%} of {n} learners "
        "(aim 75-85%).",
        MARK[1],
    ]
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    block = "\n".join(lines)
    if MARK[0] in text:
        head, rest = text.split(MARK[0], 1)
        text = head + block + rest.split(MARK[1], 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
