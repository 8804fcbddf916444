"""The simulated learner and the selection policies the learning benchmark compares.

Learner model (the "truth" the policies cannot see):

* Memory per question: an FSRS-6 card (the `fsrs` package's default parameters, fitted on
  hundreds of millions of real reviews) updated on each answer, Good if right and Again if
  wrong; the chance of recalling a studied question at time t is its retrievability R(t).
* Ability per domain on the logit scale, grown by *retained* practice with diminishing
  returns: theta(t) = theta0 + GROWTH x (1 - exp(-K(t) / TAU)), where K(t) is the sum of R(t)
  over the domain's studied questions. Knowledge that is forgotten stops counting, so both
  meeting new material and keeping it count, with diminishing returns per domain.
* A question is right with R + (1 - R) x p_fresh if studied, p_fresh if not, where
  p_fresh = g + (1 - g) sigmoid(theta - b), g = 1/4 (four options).
* Exam: 130 fresh items by the blueprint, each right with p_fresh(theta(exam day), b) for a
  difficulty b drawn like the bank's items in its domain.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from fsrs import Card, Rating, Scheduler

from bot.difficulty import ability_of, prior_rating, updated_rating
from bot.exam_selection import DayCounts, ExamCard, SelectionRules, exam_week, pick_for_exam
from bot.learner import domain_weights
from bot.selection import CardView, draw_domain, pick_personal
from bot.srs import Srs
from bot.study_plan import build_plan, new_quota
from question_bank.blueprint import DOMAINS

GUESS = 0.25
GROWTH = 2.0
TAU = 25.0
REVIEW_SHARE = 0.1
"""As `CIIP_REVIEW_SHARE`'s default."""
TRUTH = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


@dataclass(frozen=True, slots=True)
class Item:
    qid: str
    domain: str
    declared: int
    b: float


def fresh_p(theta: float, b: float) -> float:
    return GUESS + (1 - GUESS) / (1 + math.exp(b - theta))


@dataclass
class Learner:
    theta0: dict[str, float]
    truth: dict[str, Card] = field(default_factory=dict)
    app: dict[str, dict] = field(default_factory=dict)
    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    n: Counter = field(default_factory=Counter)
    history: list[tuple[str, datetime]] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def ability(self, domain: str, at: datetime, items: dict[str, Item]) -> float:
        k = sum(
            TRUTH.get_card_retrievability(c, at)
            for q, c in self.truth.items()
            if items[q].domain == domain
        )
        return self.theta0[domain] + GROWTH * (1 - math.exp(-k / TAU))

    def answer(
        self, item: Item, at: datetime, rng: random.Random, srs: Srs, items: dict[str, Item]
    ) -> bool:
        p0 = fresh_p(self.ability(item.domain, at, items), item.b)
        card = self.truth.get(item.qid)
        if card is not None:
            r = TRUTH.get_card_retrievability(card, at)
            p = r + (1 - r) * p0
        else:
            card = Card(card_id=len(self.truth) + 1, due=at)
            p = p0
        correct = rng.random() < p
        self.truth[item.qid], _ = TRUTH.review_card(
            card, Rating.Good if correct else Rating.Again, at
        )
        self.app[item.qid] = srs.review(self.app.get(item.qid), correct, at).card
        self.counts[item.domain][0] += 1
        self.counts[item.domain][1] += int(correct)
        self.history.append((item.qid, at))
        return correct


def domain_p(learner: Learner, items: list[Item], domain: str, at: datetime, theta=None) -> float:  # type: ignore[no-untyped-def]
    """Chance of a fresh exam item in `domain` at `at`; with `theta`, for that ability."""
    pool = [i for i in items if i.domain == domain]
    by_id = {i.qid: i for i in items}
    th = theta[domain] if theta is not None else learner.ability(domain, at, by_id)
    return sum(fresh_p(th, i.b) for i in pool) / len(pool)


# ------------------------------------------------------------------------------ policies
Policy = Callable[[Learner, "World", datetime], str]


@dataclass
class World:
    items: list[Item]
    by_id: dict[str, Item]
    by_domain: dict[str, list[str]]
    srs: Srs
    rng: random.Random
    start: date
    exam: date
    exam_at: datetime
    ratings: dict[str, tuple[float, int]] = field(default_factory=dict)


def _today_ids(learner: Learner, now: datetime) -> set[str]:
    return {q for q, t in learner.history if t.date() == now.date()}


def random_policy(learner: Learner, w: World, now: datetime) -> str:
    today = _today_ids(learner, now)
    return w.rng.choice([i.qid for i in w.items if i.qid not in today])


def blueprint_random(learner: Learner, w: World, now: datetime) -> str:
    today = _today_ids(learner, now)
    domain = draw_domain({d.key: d.weight for d in DOMAINS}, w.rng)
    assert domain is not None
    ids = [q for q in w.by_domain[domain] if q not in today]
    return w.rng.choice(ids)


def _new_by_blueprint(learner: Learner, w: World) -> str:
    open_ids = {d.key: [q for q in w.by_domain[d.key] if q not in learner.truth] for d in DOMAINS}
    domain = draw_domain({d.key: d.weight for d in DOMAINS if open_ids[d.key]}, w.rng)
    if domain is None:
        return w.rng.choice(w.items).qid
    return w.rng.choice(open_ids[domain])


def interval_policy(intervals: tuple[int, ...], leitner: bool) -> Policy:
    """Due first (most overdue), else new by blueprint. Fixed: the k-th review after k
    intervals whatever the answer. Leitner: right moves a box up, wrong back to box one."""

    def pick(learner: Learner, w: World, now: datetime) -> str:
        boxes: dict[str, tuple[int, datetime]] = learner.extra.setdefault("boxes", {})
        due = [(when, q) for q, (_, when) in boxes.items() if when <= now]
        if due:
            return min(due)[1]
        return _new_by_blueprint(learner, w)

    def after(learner: Learner, qid: str, correct: bool, now: datetime) -> None:
        boxes = learner.extra.setdefault("boxes", {})
        box = boxes.get(qid, (-1, now))[0]
        box = (box + 1 if correct else 0) if leitner else box + 1
        days = intervals[min(box, len(intervals) - 1)]
        boxes[qid] = (box, now + timedelta(days=days) - timedelta(hours=1))

    pick.after = after  # type: ignore[attr-defined]
    return pick


def previous_policy(learner: Learner, w: World, now: datetime) -> str:
    """The selection before this change (`bot.selection.pick_personal`), due reviews first."""
    recall = w.srs.retrievability_of
    views = [
        CardView(q, w.by_id[q].domain, _due(c), _last(c), recall(c.get("stability"), _last(c), now))
        for q, c in learner.app.items()
    ]
    gap = timedelta(days=7)
    pick = pick_personal(
        now=now,
        seen=set(learner.app),
        due=[v for v in views if v.due <= now],
        stale=lambda: [v for v in views if v.last_review <= now - gap],
        candidates_by_domain=w.by_domain,
        weights=domain_weights({d: tuple(v) for d, v in learner.counts.items()}),
        repeat_gap=gap,
        rng=w.rng,
    )
    return pick.question_id if pick else random_policy(learner, w, now)


def _due(card: dict) -> datetime:
    return datetime.fromisoformat(card["due"])


def _last(card: dict) -> datetime:
    return datetime.fromisoformat(card["last_review"])


def new_policy(learner: Learner, w: World, now: datetime) -> str:
    """The new selection, with the same glue as `bot.quiz.QuizService._pick`."""
    recall = w.srs.retrievability_of
    cards = [
        ExamCard(
            q,
            w.by_id[q].domain,
            _due(c),
            _last(c),
            recall(c.get("stability"), _last(c), now),
            recall(c.get("stability"), _last(c), max(now, w.exam_at)),
        )
        for q, c in learner.app.items()
    ]
    week_ago = now - timedelta(days=7)
    recent = Counter(q for q, t in learner.history if t >= week_ago)
    today = _today_ids(learner, now)
    new_today = sum(1 for q in today if _first_seen(learner, q).date() == now.date())
    counts = {d: (a, c) for d, (a, c) in learner.counts.items()}
    unseen = sum(1 for i in w.items if i.qid not in learner.app)
    days_left = (w.exam - now.date()).days
    plan = build_plan(w.exam, w.start, now.date(), counts)
    pick = pick_for_exam(
        now=now,
        cards=cards,
        recent_counts=recent,
        answered_today=frozenset(today),
        day=DayCounts(new_today, len(today) - new_today),
        rules=SelectionRules(
            quota=new_quota(unseen + new_today, days_left),
            review_cap=25,
            review_share=REVIEW_SHARE,
            retention=0.9,
            max_repeats=3,
            repeat_gap=timedelta(days=7),
        ),
        candidates_by_domain=w.by_domain,
        weights=domain_weights(counts),
        focus=plan.focus,
        ability=lambda d: ability_of(*counts.get(d, (0, 0))),
        difficulty=lambda q: w.ratings.get(q, (prior_rating(w.by_id[q].declared), 0))[0],
        rng=w.rng,
        exam_soon=exam_week(days_left),
    )
    return pick.question_id if pick else random_policy(learner, w, now)


def _first_seen(learner: Learner, qid: str) -> datetime:
    return next(t for q, t in learner.history if q == qid)


def rate(w: World, learner: Learner, item: Item, correct: bool) -> None:
    """The cohort's shared Elo ratings learn from every answer, as in `bot.difficulty`."""
    rating, n = w.ratings.get(item.qid, (prior_rating(item.declared), 0))
    a, c = learner.counts[item.domain]
    ability = ability_of(a - 1, c - int(correct))
    w.ratings[item.qid] = (updated_rating(rating, n, ability, correct), n + 1)
