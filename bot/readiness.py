"""Readiness: the predicted percentage correct on a fresh 130-item exam built to the blueprint,
with an 80% band, per-domain contributions and the three actions that would move it most.

This is an estimate of percent correct, not a pass prediction: ABII reports a scaled pass/fail
result and publishes no percent-correct cut score, so the tutor never says "you will pass".

Model, per domain d (published ingredients, kept small so it can be recomputed after every
answer from one read of the learner state):

* first-attempt accuracy a: reviews are answered from memory (right with about the target
  retention R*), so they are taken out: a = (correct - R* x reviews) / (met + (1 - R*) x
  reviews), with a Beta prior worth PRIOR_WEIGHT answers at PRIOR_MEAN;
* knowledge k = (a - g) / (1 - g), with g = 1/4 the chance of guessing one of four options
  (the usual correction for guessing);
* forgetting: k shrinks by FADE_WEIGHT x the relative drop of the domain's mean FSRS recall
  from now to exam day (ability rests on more than the reviewed cards, hence not the full drop),
  so a domain crammed early and never reviewed fades;
* coverage: a fresh exam item is on a topic the member has met with probability c (share of
  the domain's bank met); on unmet topics slightly less of the knowledge transfers (TRANSFER);
* p = g + (1 - g) k_eff; expected score = sum of blueprint items x p over 130.

The band adds three variances: the Beta posterior's (how little we know about each domain), the
exam's own binomial sampling of 130 items, and a model-error term sized by the learning
benchmark's calibration run (`benchmarks/learning.py`) so the 80% band holds ~80% of simulated
true scores.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from question_bank.blueprint import DOMAINS, EXAM

__all__ = [
    "GUESS",
    "Action",
    "DomainEvidence",
    "DomainReadiness",
    "Readiness",
    "estimate",
]

GUESS = 0.25
TRANSFER = 0.95
FADE_WEIGHT = 0.5
"""Share of a domain's knowledge that carries to exam items on topics not yet met."""
PRIOR_MEAN = 0.55
PRIOR_WEIGHT = 4.0
MODEL_SD = 0.085
"""Model error (fraction of the exam), from the benchmark's calibration run."""
Z80 = 1.2815515655446004
PRACTICE = 20
"""An action is "about 20 questions" of one domain: a day or two of the plan."""
LEARN_RATE = 0.12
"""Knowledge gained per practised question, as a share of what is left to learn, before
diminishing returns (the benchmark's learner model uses the same form)."""


@dataclass(frozen=True, slots=True)
class DomainEvidence:
    key: str
    answered: int
    correct: int
    met: int
    bank: int
    recalls_at_exam: Sequence[float] = ()
    recalls_now: Sequence[float] = ()


@dataclass(frozen=True, slots=True)
class DomainReadiness:
    key: str
    items: int
    p: float
    points: float
    """This domain's share of the predicted percentage (they add up to it)."""
    coverage: float


@dataclass(frozen=True, slots=True)
class Action:
    domain: str
    questions: int
    gain: float
    review: bool = False


@dataclass(frozen=True, slots=True)
class Readiness:
    percent: float
    low: float
    high: float
    domains: tuple[DomainReadiness, ...]
    actions: tuple[Action, ...]
    answered: int


def _first_attempts(ev: DomainEvidence, retention: float) -> tuple[float, float]:
    """(answers, correct) as if every answer had been a first attempt (reviews taken out)."""
    reviews = max(0, ev.answered - ev.met) if ev.met else 0
    if not reviews:
        return float(ev.answered), float(ev.correct)
    n = ev.met + (1 - retention) * reviews
    right = min(n, max(0.0, ev.correct - retention * reviews))
    return n, right


def _posterior(answered: float, correct: float) -> tuple[float, float]:
    a = correct + PRIOR_MEAN * PRIOR_WEIGHT
    b = answered - correct + (1 - PRIOR_MEAN) * PRIOR_WEIGHT
    mean = a / (a + b)
    return mean, a * b / ((a + b) ** 2 * (a + b + 1))


def _scale(ev: DomainEvidence, retention: float, extra_met: int = 0, fresh: bool = False) -> float:
    """What multiplies knowledge on exam day: forgetting by then times topic coverage."""
    recalls = [1.0] * len(ev.recalls_at_exam) if fresh else list(ev.recalls_at_exam)
    now = list(ev.recalls_now) or [retention] * len(recalls)
    drop = max(0.0, 1 - sum(recalls) / max(sum(now), 1e-9)) if recalls else 0.0
    fade = 1 - FADE_WEIGHT * drop
    coverage = min(1.0, (ev.met + extra_met) / ev.bank) if ev.bank else 0.0
    return fade * (coverage + (1 - coverage) * TRANSFER)


def _p(ev: DomainEvidence, retention: float, extra_met: int = 0, fresh: bool = False) -> float:
    mean, _ = _posterior(*_first_attempts(ev, retention))
    k = max(0.0, (mean - GUESS) / (1 - GUESS))
    return GUESS + (1 - GUESS) * k * _scale(ev, retention, extra_met, fresh)


def _learned(ev: DomainEvidence, n: int) -> DomainEvidence:
    """The evidence after `n` more questions with diminishing returns: accuracy moves toward
    one by LEARN_RATE of what is left per question (geometrically fewer gains)."""
    mean, _ = _posterior(ev.answered, ev.correct)
    after = 1 - (1 - mean) * (1 - LEARN_RATE) ** (n / 4)
    total = ev.answered + n
    correct = round(after * (total + PRIOR_WEIGHT) - PRIOR_MEAN * PRIOR_WEIGHT)
    return DomainEvidence(
        ev.key,
        total,
        min(total, max(0, correct)),
        ev.met,
        ev.bank,
        ev.recalls_at_exam,
        ev.recalls_now,
    )


def _percent(ps: Mapping[str, float]) -> float:
    return 100 * sum(d.items * ps[d.key] for d in DOMAINS) / EXAM.scored_items


def estimate(evidence: Mapping[str, DomainEvidence], retention: float) -> Readiness:
    """The estimate from per-domain evidence (every blueprint domain; missing ones untried)."""
    ev = {d.key: evidence.get(d.key, DomainEvidence(d.key, 0, 0, 0, 0)) for d in DOMAINS}
    ps = {k: _p(e, retention) for k, e in ev.items()}
    percent = _percent(ps)
    items = EXAM.scored_items
    var = (MODEL_SD * items) ** 2
    for d in DOMAINS:
        e, p = ev[d.key], ps[d.key]
        _, var_acc = _posterior(*_first_attempts(e, retention))
        dp = _scale(e, retention)  # dp / d(accuracy)
        var += d.items**2 * var_acc * dp**2 + d.items * p * (1 - p)
    half = 100 * Z80 * math.sqrt(var) / items
    actions = []
    for d in DOMAINS:
        e = ev[d.key]
        unmet = max(0, e.bank - e.met)
        n = min(PRACTICE, unmet) if unmet else PRACTICE
        better = dict(ps)
        better[d.key] = _p(_learned(e, n), retention, extra_met=min(n, unmet))
        actions.append(Action(d.key, n, _percent(better) - percent))
        if e.recalls_at_exam and any(r < retention for r in e.recalls_at_exam):
            fading = sum(1 for r in e.recalls_at_exam if r < retention)
            refreshed = dict(ps)
            refreshed[d.key] = _p(e, retention, fresh=True)
            actions.append(Action(d.key, fading, _percent(refreshed) - percent, review=True))
    actions.sort(key=lambda a: (-a.gain, a.domain))
    return Readiness(
        percent=percent,
        low=max(0.0, percent - half),
        high=min(100.0, percent + half),
        domains=tuple(
            DomainReadiness(
                d.key,
                d.items,
                ps[d.key],
                100 * d.items * ps[d.key] / items,
                min(1.0, ev[d.key].met / ev[d.key].bank) if ev[d.key].bank else 0.0,
            )
            for d in DOMAINS
        ),
        actions=tuple(actions[:3]),
        answered=sum(e.answered for e in ev.values()),
    )
