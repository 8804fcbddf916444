"""The benchmark data set: seeded, synthetic, written straight into the real schema.

Why not through `Tutor`: a million answers via `answer_issued` would take hours, and the data
only has to be what the Tutor *would* have written. So each member's history is simulated with
the Tutor's own rules (`bot.streaks` for streaks, `bot.scoring.PointsRule` for points, FSRS via
`bot.srs.Srs`, due reviews first and otherwise a new question by blueprint weight, score buckets
upserted exactly as `bot.leaderboard.add_points` does), and the rows are bulk-loaded into tables
created by the real migrations (`Database(url).upgrade()`): SQLAlchemy Core executemany on SQLite,
COPY on PostgreSQL. The questions go through the real `sync_questions`.

Contents (defaults): 1,000 questions over the ten blueprint domains; a study workspace with
10,000 members who answered 100 personal questions each in its study channel (1M answers and
issued rows, their FSRS cards, domain stats and workspace + channel score buckets for every
week and month they touched); and a leaderboard workspace of 100,000 members who all scored in
the current week, month and all time (300k score buckets, no answer history: a board reads only
buckets).

Caches: `benchmarks/data/bench-<fingerprint>.db` for SQLite and the PostgreSQL database
`ciip_bench` (its COMMENT holds the fingerprint); both are rebuilt when the spec changes.

    python -m benchmarks.generate [--sqlite-only] [--force] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fsrs import Card
from sqlalchemy import Engine, create_engine, event, insert, make_url, text

from bot import streaks
from bot.bank import sync_questions
from bot.leaderboard import scope_for
from bot.scoring import ALL_TIME_START, PERIODS, PointsRule, period_start
from bot.srs import Srs
from bot.storage.database import Database, normalise_url
from bot.storage.models import Base
from question_bank.blueprint import DOMAINS
from question_bank.loader import load_taxonomy
from question_bank.schema import LETTERS, Question

__all__ = [
    "CHANNEL",
    "DATA_DIR",
    "DEFAULT_PG_URL",
    "NOW",
    "PLATFORM",
    "Spec",
    "board_user",
    "ensure_postgres",
    "ensure_sqlite",
    "study_user",
    "synth_questions",
]

GENERATOR_VERSION = 1
DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/ciip_bench"

# The benchmark's "now": a Thursday afternoon, so the current week holds four days of activity
# and the current month most of a month. The runner's FixedClock starts here.
NOW = datetime(2026, 3, 26, 18, 0, tzinfo=UTC)

PLATFORM = "bench"
STUDY_WORKSPACE = "W-STUDY"
BOARD_WORKSPACE = "W-BOARD"
CHANNEL = "C-STUDY"
STUDY_WORKSPACE_ID, BOARD_WORKSPACE_ID, STUDY_CHANNEL_ID = 1, 2, 1

# Members' zones (streak days are local days); weights roughly a North American / European mix.
TIMEZONES = (
    ("America/New_York", 30),
    ("America/Chicago", 15),
    ("America/Los_Angeles", 15),
    ("Europe/London", 10),
    ("Europe/Berlin", 10),
    ("UTC", 10),
    ("Asia/Kolkata", 5),
    ("Australia/Sydney", 5),
)

MEMBER_BATCH = 250  # members simulated and loaded per transaction


def study_user(index: int) -> str:
    """External id of study-workspace member `index` (0-based)."""
    return f"U{index:06d}"


def board_user(index: int) -> str:
    """External id of leaderboard-workspace member `index` (0-based)."""
    return f"L{index:06d}"


@dataclass(frozen=True)
class Spec:
    seed: int = 20260326
    questions: int = 1000
    members: int = 10_000
    answers_per_member: int = 100
    board_members: int = 100_000
    history_days: int = 120

    @property
    def fingerprint(self) -> str:
        """Changes whenever the data would: spec, generator version or the benchmark's now."""
        raw = f"v{GENERATOR_VERSION} {NOW.isoformat()} {self}"
        return hashlib.sha256(raw.encode()).hexdigest()[:12]

    @property
    def description(self) -> str:
        return (
            f"ciip-bench {self.fingerprint}: {self.questions} questions, "
            f"{self.members} members x {self.answers_per_member} answers, "
            f"{self.board_members} board members, seed {self.seed}"
        )


# --------------------------------------------------------------------------- questions
_VOCABULARY = """
archive modality worklist study series instance accession order report reading radiologist
technologist interface broker gateway router retention migration downtime recovery
backup vendor contract service uptime display calibration luminance protocol hanging
compression transfer syntax storage commitment reconciliation merge split identifier
patient encounter enterprise viewer workstation network latency bandwidth firewall
certificate directory audit privacy security governance stakeholder training competency
budget schedule risk escalation notification dashboard turnaround metric quality control
validation verification
"""
_WORDS = tuple(_VOCABULARY.split())


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(_WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Largest-remainder split of `total` by `weights` (sums to `total` exactly)."""
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(shares)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def synth_questions(spec: Spec) -> list[Question]:
    """`spec.questions` valid questions, spread over the domains by blueprint weight, with
    realistic text lengths (the real bank averages ~1.4 kB of JSON per question)."""
    rng = random.Random(f"{spec.seed}:questions")
    taxonomy = load_taxonomy()
    counts = _apportion(spec.questions, [d.items for d in DOMAINS])
    out: list[Question] = []
    for domain, count in zip(DOMAINS, counts, strict=True):
        subtopics = sorted(taxonomy[domain.key])
        for n in range(1, count + 1):
            key = rng.choice(LETTERS)
            out.append(
                Question(
                    id=f"B{domain.letter}-{n:04d}",
                    domain=domain.key,
                    subtopic=rng.choice(subtopics),
                    difficulty=rng.choice((1, 2, 2, 3)),
                    stem=_sentence(rng, 24, 36) + "?",
                    options={
                        letter: f"{_sentence(rng, 5, 10)} ({letter}{n})" for letter in LETTERS
                    },
                    key=key,
                    explanation=_sentence(rng, 32, 48) + ".",
                    why_wrong={
                        letter: _sentence(rng, 10, 16) + "." for letter in LETTERS if letter != key
                    },
                    references=[f"Synthetic reference {domain.letter}.{n}"],
                    tags=["bench", domain.key],
                )
            )
    return out


# --------------------------------------------------------------------------- FSRS
_FSRS_BASE = datetime(2000, 1, 1, 12, 0, tzinfo=UTC)


class FirstReviews:
    """A new card's first review, computed by `bot.srs.Srs` once per rating and shifted in time.

    Exact, not an approximation: with no learning steps and no fuzz (as `bot.srs` configures
    the scheduler) a first review's stability, difficulty, state and interval depend only on
    the rating; only the times (and the card id, its creation in epoch ms) move.
    """

    def __init__(self, srs: Srs) -> None:
        self._templates: dict[bool, tuple[float, float, int, timedelta]] = {}
        for correct in (True, False):
            review = srs.review(Card(card_id=1, due=_FSRS_BASE).to_dict(), correct, _FSRS_BASE)
            assert review.stability is not None and review.difficulty is not None
            self._templates[correct] = (
                review.stability,
                review.difficulty,
                int(review.card["state"]),
                review.due - _FSRS_BASE,
            )

    def row(self, member_id: int, question_id: str, at: datetime, correct: bool) -> tuple[Any, ...]:
        """An `srs_cards` row, its `card` column in the fsrs package's own dict form."""
        stability, difficulty, state, interval = self._templates[correct]
        due = at + interval
        card = {
            "card_id": int(at.timestamp() * 1000),
            "state": state,
            "step": None,
            "stability": stability,
            "difficulty": difficulty,
            "due": due.isoformat(),
            "last_review": at.isoformat(),
        }
        return (member_id, question_id, due, at, stability, difficulty, card)


# --------------------------------------------------------------------------- rows
MEMBER_COLUMNS = (
    "id",
    "workspace_id",
    "external_id",
    "display_name",
    "timezone",
    "streak_current",
    "streak_best",
    "streak_last_date",
    "ce_passed_on",
    "ce_reminders",
    "nudges_enabled",
    "nudge_time",
    "quiet_start",
    "quiet_end",
    "created_at",
)
ISSUED_COLUMNS = ("id", "member_id", "question_id", "source", "issued_at", "answered_at")
ANSWER_COLUMNS = (
    "id",
    "member_id",
    "question_id",
    "question_hash",
    "choice",
    "correct",
    "answered_at",
    "source",
    "channel_id",
    "daily_post_id",
    "points",
    "idempotency_key",
)
CARD_COLUMNS = (
    "member_id",
    "question_id",
    "due",
    "last_review",
    "stability",
    "difficulty",
    "card",
)
STAT_COLUMNS = ("member_id", "domain", "answered", "correct")
BUCKET_COLUMNS = (
    "scope",
    "period",
    "period_start",
    "member_id",
    "points",
    "correct",
    "answered",
    "reached_at",
)
COLUMNS = {
    "members": MEMBER_COLUMNS,
    "issued": ISSUED_COLUMNS,
    "answers": ANSWER_COLUMNS,
    "srs_cards": CARD_COLUMNS,
    "domain_stats": STAT_COLUMNS,
    "score_buckets": BUCKET_COLUMNS,
}
LOAD_ORDER = tuple(COLUMNS)

Batch = dict[str, list[tuple[Any, ...]]]


def _member_row(
    member_id: int,
    workspace_id: int,
    external_id: str,
    zone: str,
    streak: streaks.StreakState,
    created: datetime,
) -> tuple[Any, ...]:
    return (
        member_id,
        workspace_id,
        external_id,
        f"Bench {external_id}",
        zone,
        streak.current,
        streak.best,
        streak.last_day,
        None,
        True,
        False,
        None,
        "21:00",
        "08:00",
        created,
    )


class Simulator:
    """Members' histories, simulated with the Tutor's own rules; deterministic per member."""

    def __init__(self, spec: Spec, questions: list[Question]) -> None:
        self.spec = spec
        self.first_reviews = FirstReviews(Srs())
        self.rule = PointsRule()
        self.by_domain: dict[str, list[Question]] = {d.key: [] for d in DOMAINS}
        for q in questions:
            self.by_domain[q.domain].append(q)
        self.hashes = {q.id: q.hash for q in questions}
        self.domain_keys = [d.key for d in DOMAINS]
        self.domain_weights = [d.weight for d in DOMAINS]
        self.zones = [z for z, _ in TIMEZONES]
        self.zone_weights = [w for _, w in TIMEZONES]
        self.scopes = (
            scope_for(STUDY_WORKSPACE_ID),
            scope_for(STUDY_WORKSPACE_ID, STUDY_CHANNEL_ID),
        )

    # ------------------------------------------------------------ study workspace
    def _session_times(self, rng: random.Random) -> list[datetime]:
        """When this member answered: `answers_per_member` instants in sessions on distinct
        days, the last day today for about half the members (so this week's boards fill)."""
        n = self.spec.answers_per_member
        today = NOW.date()
        span = rng.randint(21, self.spec.history_days)
        end = today - timedelta(days=0 if rng.random() < 0.55 else rng.randint(1, 45))
        sessions = rng.randint(min(12, n), min(span, 45, n))
        offsets = sorted({0, *rng.sample(range(1, span), sessions - 1)}, reverse=True)
        cuts = sorted(rng.sample(range(1, n), len(offsets) - 1))
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
        hour = rng.randint(6, 21)
        times: list[datetime] = []
        for offset, size in zip(offsets, sizes, strict=True):
            day = end - timedelta(days=offset)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
                hours=hour, minutes=rng.randint(0, 59), seconds=rng.randint(0, 59)
            )
            start = min(start, NOW - timedelta(minutes=20, seconds=100 * size))
            at = start
            for _ in range(size):
                times.append(at)
                at += timedelta(seconds=rng.randint(15, 90))
        return times

    def _new_question(self, rng: random.Random, seen: dict[str, Any]) -> Question:
        for _ in range(50):
            domain = rng.choices(self.domain_keys, self.domain_weights)[0]
            q = rng.choice(self.by_domain[domain])
            if q.id not in seen:
                return q
        return next(q for qs in self.by_domain.values() for q in qs if q.id not in seen)

    def study_member(self, index: int) -> Batch:
        """Rows for study member `index`: what `Tutor.next_question` + `answer_issued` would have
        left behind for its answers (personal quizzes answered in the study channel).

        Every answer is a first answer to a new question (drawn by blueprint weight), so 100
        answers leave 100 FSRS cards: the most a 100-answer history can leave, and so the
        heaviest personal selection for it. (Replaying the due-first rule instead leaves ~28
        cards per member, as wrong answers come back the next day.)"""
        spec = self.spec
        rng = random.Random(f"{spec.seed}:member:{index}")
        member_id = index + 1
        zone = rng.choices(self.zones, self.zone_weights)[0]
        ability = rng.uniform(0.45, 0.92)
        times = self._session_times(rng)

        cards: dict[str, tuple[Any, ...]] = {}
        reviews: list[tuple[str, datetime, bool]] = []
        streak = streaks.StreakState()
        stats: dict[str, list[int]] = {}
        buckets: dict[tuple[str, date], list[Any]] = {}
        issued_rows: list[tuple[Any, ...]] = []
        answer_rows: list[tuple[Any, ...]] = []
        base_id = index * spec.answers_per_member

        for j, at in enumerate(times):
            q = self._new_question(rng, cards)
            correct = rng.random() < ability - 0.08 * (q.difficulty - 2)
            choice = q.key if correct else rng.choice([x for x in LETTERS if x != q.key])

            before = streak
            streak = streaks.advance(before, streaks.local_date(at, zone))
            points = self.rule.points(correct, streak is not before, streak.current)

            cards[q.id] = self.first_reviews.row(member_id, q.id, at, correct)
            reviews.append((q.id, at, correct))

            stat = stats.setdefault(q.domain, [0, 0])
            stat[0] += 1
            stat[1] += int(correct)
            for period in PERIODS:
                key = (period, period_start(period, at))
                bucket = buckets.get(key)
                if bucket is None:  # insert: reached_at is the answer's time
                    buckets[key] = [points, int(correct), 1, at]
                else:  # on conflict: add, and move reached_at only when points were scored
                    bucket[0] += points
                    bucket[1] += int(correct)
                    bucket[2] += 1
                    if points:
                        bucket[3] = at

            row_id = base_id + j + 1
            issued_rows.append(
                (row_id, member_id, q.id, "quiz", at - timedelta(seconds=rng.randint(4, 40)), at)
            )
            answer_rows.append(
                (
                    row_id,
                    member_id,
                    q.id,
                    self.hashes[q.id],
                    choice,
                    correct,
                    at,
                    "quiz",
                    STUDY_CHANNEL_ID,
                    None,
                    points,
                    f"issued:{row_id}",
                )
            )

        created = times[0] - timedelta(hours=rng.randint(1, 72))
        return {
            "members": [
                _member_row(member_id, STUDY_WORKSPACE_ID, study_user(index), zone, streak, created)
            ],
            "issued": issued_rows,
            "answers": answer_rows,
            "srs_cards": list(cards.values()),
            "domain_stats": [(member_id, d, a, c) for d, (a, c) in stats.items()],
            "score_buckets": [
                (scope, period, start, member_id, *values)
                for scope in self.scopes
                for (period, start), values in buckets.items()
            ],
            "_reviews": reviews,
        }

    # ------------------------------------------------------------ leaderboard workspace
    def board_members(self, first: int, count: int) -> Batch:
        """Leaderboard members `first`..: everyone scored this week (the worst case for a rank
        count), with month and all-time buckets that include the week's."""
        rows: Batch = {"members": [], "score_buckets": []}
        week, month = period_start("week", NOW), period_start("month", NOW)
        scope = scope_for(BOARD_WORKSPACE_ID)
        week_seconds = int((NOW - datetime.combine(week, datetime.min.time(), UTC)).total_seconds())
        days_this_week = (NOW.date() - week).days + 1
        for index in range(first, first + count):
            rng = random.Random(f"{self.spec.seed}:board:{index}")
            member_id = self.spec.members + index + 1
            skill = rng.uniform(0.4, 0.95)
            counts = []
            for scale in (10, 25, 120):  # this week, earlier this month, before this month
                answered = int(rng.expovariate(1 / scale))
                counts.append(answered)
            counts[0] += 1
            totals = []
            running = [0, 0, 0]  # points, correct, answered
            for n, days in zip(counts, (days_this_week, 21, 200), strict=True):
                correct = sum(rng.random() < skill for _ in range(n))
                active = min(n, rng.randint(1, days))
                bonus = sum(rng.randint(1, 7) for _ in range(active))
                running = [running[0] + 10 * correct + bonus, running[1] + correct, running[2] + n]
                totals.append(tuple(running))
            reached = datetime.combine(week, datetime.min.time(), UTC) + timedelta(
                seconds=rng.randint(0, week_seconds - 60)
            )
            zone = rng.choices(self.zones, self.zone_weights)[0]
            streak = streaks.StreakState(
                rng.randint(1, days_this_week), rng.randint(days_this_week, 40), reached.date()
            )
            rows["members"].append(
                _member_row(
                    member_id,
                    BOARD_WORKSPACE_ID,
                    board_user(index),
                    zone,
                    streak,
                    reached - timedelta(days=rng.randint(10, 400)),
                )
            )
            for period, start, (points, correct, answered) in zip(
                PERIODS, (week, month, ALL_TIME_START), totals, strict=True
            ):
                rows["score_buckets"].append(
                    (scope, period, start, member_id, points, correct, answered, reached)
                )
        return rows


def check_first_reviews(batch: Batch) -> None:
    """Replay a member's answers through the real `Srs.review`: the templated cards must be
    identical (guards `FirstReviews` if py-fsrs or bot.srs ever change)."""
    srs = Srs()
    stored = {row[1]: row[6] for row in batch["srs_cards"]}
    for question_id, at, correct in batch["_reviews"]:
        new = Card(card_id=int(at.timestamp() * 1000), due=at).to_dict()
        card = srs.review(new, correct, at).card
        if card != stored[question_id]:
            raise RuntimeError(f"templated FSRS card {stored[question_id]} != bot.srs {card}")


def batches(spec: Spec, questions: list[Question]) -> Iterator[tuple[str, Batch]]:
    sim = Simulator(spec, questions)
    for first in range(0, spec.members, MEMBER_BATCH):
        merged: Batch = {name: [] for name in LOAD_ORDER}
        for index in range(first, min(first + MEMBER_BATCH, spec.members)):
            member = sim.study_member(index)
            if index == 0:
                check_first_reviews(member)
            for name in LOAD_ORDER:
                merged[name].extend(member[name])
        yield f"study members {first + len(merged['members'])}/{spec.members}", merged
    step = MEMBER_BATCH * 20
    for first in range(0, spec.board_members, step):
        count = min(step, spec.board_members - first)
        yield (
            f"board members {first + count}/{spec.board_members}",
            sim.board_members(first, count),
        )


# --------------------------------------------------------------------------- loading
def _setup(db: Database, spec: Spec, questions: list[Question]) -> None:
    """Schema by the real migrations, the two workspaces and the channel, the question bank by
    the real `sync_questions`."""
    db.upgrade()
    created = NOW - timedelta(days=spec.history_days + 30)
    with db.transaction() as s:
        s.execute(
            insert(Base.metadata.tables["workspaces"]),
            [
                {
                    "id": STUDY_WORKSPACE_ID,
                    "platform": PLATFORM,
                    "external_id": STUDY_WORKSPACE,
                    "name": "Benchmark study workspace",
                    "admin_ids": "",
                    "created_at": created,
                },
                {
                    "id": BOARD_WORKSPACE_ID,
                    "platform": PLATFORM,
                    "external_id": BOARD_WORKSPACE,
                    "name": "Benchmark leaderboard workspace",
                    "admin_ids": "",
                    "created_at": created,
                },
            ],
        )
        s.execute(
            insert(Base.metadata.tables["channels"]),
            [
                {
                    "id": STUDY_CHANNEL_ID,
                    "workspace_id": STUDY_WORKSPACE_ID,
                    "external_id": CHANNEL,
                    "name": "ciip-study",
                    "daily_enabled": False,
                    "daily_time": None,
                    "daily_timezone": None,
                    "daily_weekdays_only": False,
                    "reveal_after_minutes": 480,
                    "digest_enabled": False,
                    "is_study_group": True,
                    "group_role_id": None,
                    "created_at": created,
                }
            ],
        )
        sync_questions(s, questions, created)


def _load_sqlite(engine: Engine, batch: Batch) -> None:
    with engine.begin() as conn:
        for name in LOAD_ORDER:
            rows = batch.get(name)
            if rows:
                cols = COLUMNS[name]
                conn.execute(
                    insert(Base.metadata.tables[name]),
                    [dict(zip(cols, r, strict=True)) for r in rows],
                )


def _load_postgres(raw: Any, batch: Batch) -> None:
    """COPY each table; the card JSON goes as text into the `json` column."""
    with raw.cursor() as cur:
        for name in LOAD_ORDER:
            rows = batch.get(name)
            if not rows:
                continue
            cols = COLUMNS[name]
            json_at = cols.index("card") if name == "srs_cards" else -1
            with cur.copy(f"COPY {name} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in rows:
                    if json_at >= 0:
                        row = (*row[:json_at], json.dumps(row[json_at]), *row[json_at + 1 :])
                    copy.write_row(row)
    raw.commit()


def _progress(label: str, started: float, step: int) -> None:
    if step % 8 == 0:
        print(f"  {label} ({time.monotonic() - started:.0f}s)", flush=True)


def sqlite_path(spec: Spec) -> Path:
    return DATA_DIR / f"bench-{spec.fingerprint}.db"


def ensure_sqlite(spec: Spec, *, force: bool = False) -> Path:
    """The cached SQLite data set for `spec`, generated when missing; migrated to head."""
    path = sqlite_path(spec)
    if path.exists() and not force:
        _finish_sqlite(path)
        return path
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for old in DATA_DIR.glob("bench-*.db*"):
        old.unlink()
    partial = path.with_suffix(".partial")
    for leftover in DATA_DIR.glob(partial.name + "*"):
        leftover.unlink()
    print(f"generating SQLite data set -> {path}")
    started = time.monotonic()
    questions = synth_questions(spec)
    db = Database(f"sqlite:///{partial}")
    _setup(db, spec, questions)
    db.dispose()
    engine = create_engine(f"sqlite:///{partial}")

    @event.listens_for(engine, "connect")
    def _fast(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Bulk load only: no fsync, big page cache. Foreign keys stay ON, so SQLite checks
        # that every generated row points at a real member, question and channel.
        for pragma in ("foreign_keys=ON", "synchronous=OFF", "cache_size=-262144"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    for step, (label, batch) in enumerate(batches(spec, questions), 1):
        _load_sqlite(engine, batch)
        _progress(label, started, step)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)
    print(f"  done in {time.monotonic() - started:.0f}s, {path.stat().st_size / 1e6:.0f} MB")
    return path


def _finish_sqlite(path: Path) -> None:
    """Apply any newer migration to the cache (as a deploy would) and checkpoint the WAL."""
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()


def copy_sqlite(path: Path, target: Path) -> Path:
    """A fresh working copy, so every run starts from the same data."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(path, target)
    return target


# --------------------------------------------------------------------------- PostgreSQL
def pg_admin(url: str) -> tuple[Engine, str]:
    """An AUTOCOMMIT engine on the server's `postgres` database, and the target's name."""
    parsed = make_url(normalise_url(url))
    if not parsed.database:
        raise ValueError(f"{url}: the PostgreSQL URL must name a database")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    return admin, parsed.database


def pg_comment(admin: Engine, name: str) -> str | None:
    """The database's comment ('' when it exists without one), None when it does not exist."""
    with admin.connect() as conn:
        row = conn.execute(
            text(
                "SELECT coalesce(shobj_description(oid, 'pg_database'), '') "
                "FROM pg_database WHERE datname = :name"
            ),
            {"name": name},
        ).first()
    return None if row is None else row[0]


def ensure_postgres(spec: Spec, url: str = DEFAULT_PG_URL, *, force: bool = False) -> str:
    """The PostgreSQL data set for `spec` (database named in `url`), generated when its
    fingerprint is missing or stale; migrated to head and analysed."""
    url = normalise_url(url)
    admin, name = pg_admin(url)
    try:
        comment = pg_comment(admin, name)
        if (
            comment is not None
            and comment.startswith(f"ciip-bench {spec.fingerprint}:")
            and not force
        ):
            _finish_postgres(url)
            return url
        print(f"generating PostgreSQL data set -> database {name}")
        started = time.monotonic()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        questions = synth_questions(spec)
        db = Database(url)
        _setup(db, spec, questions)
        with db.engine.connect() as conn:
            raw = conn.connection.driver_connection
            raw.execute("SET synchronous_commit = off")
            raw.commit()
            for step, (label, batch) in enumerate(batches(spec, questions), 1):
                _load_postgres(raw, batch)
                _progress(label, started, step)
            for table in ("workspaces", "channels", "members", "issued", "answers"):
                raw.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            raw.commit()
        db.dispose()
        print(f"  loaded in {time.monotonic() - started:.0f}s; VACUUM ANALYZE")
        _vacuum(url)
        with admin.connect() as conn:
            conn.exec_driver_sql(f"COMMENT ON DATABASE \"{name}\" IS '{spec.description}'")
        print(f"  done in {time.monotonic() - started:.0f}s")
        return url
    finally:
        admin.dispose()


def _vacuum(url: str) -> None:
    """What autovacuum would have done to a live database: statistics and visibility maps."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()


def _finish_postgres(url: str) -> None:
    db = Database(url)
    with db.engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    db.upgrade()
    with db.engine.connect() as conn:
        after = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    db.dispose()
    if before != after:
        print(f"  migrated the PostgreSQL data set {before} -> {after}; VACUUM ANALYZE")
        _vacuum(url)


def pg_run_copy(url: str) -> tuple[str, bool]:
    """A fresh copy of the data set (`CREATE DATABASE ... TEMPLATE`) for one run, and whether
    it is a copy; falls back to the data set itself when the role may not create databases."""
    admin, name = pg_admin(url)
    copy = f"{name}_run"
    try:
        with admin.connect() as conn:
            major = int(conn.exec_driver_sql("SHOW server_version_num").scalar() or 0) // 10000
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
            strategy = " STRATEGY FILE_COPY" if major >= 15 else ""
            conn.exec_driver_sql(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"{strategy}')
    except Exception as exc:  # any refusal means "measure in place"
        print(f"  (no fresh copy of {name}: {str(exc).splitlines()[0]}; measuring in place)")
        return url, False
    finally:
        admin.dispose()
    return make_url(url).set(database=copy).render_as_string(hide_password=False), True


def pg_drop(url: str) -> None:
    admin, name = pg_admin(url)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--force", action="store_true", help="regenerate even when cached")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("CIIP_BENCH_PG_URL", DEFAULT_PG_URL),
        help="PostgreSQL URL naming the data set's database (env CIIP_BENCH_PG_URL)",
    )
    args = parser.parse_args(argv)
    spec = Spec()
    print(spec.description)
    print(f"SQLite: {ensure_sqlite(spec, force=args.force)}")
    if not args.sqlite_only:
        print(f"PostgreSQL: {ensure_postgres(spec, args.pg_url, force=args.force)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
