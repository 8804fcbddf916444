"""Readiness: the predicted percentage correct on a fresh 130-item exam built to the blueprint,
with an 80% band, per-domain contributions and the three actions that would move it most.

This is an estimate of percent correct, not a pass prediction: ABII reports a scaled pass/fail
result and publishes no percent-correct cut score, so the tutor never says "you will pass".

Model, per domain d (published ingredients, kept small so it can be recomputed after every
answer from one read of the learner state):

* knowledge k = (a - g) / (1 - g) from the Beta(1, 1) posterior accuracy a, with g = 1/4 the
  chance of guessing one of four options (the usual correction for guessing);
* forgetting: k is scaled by the mean FSRS recall of the domain's cards *on exam day* relative
  to the retention they were practised at, so a domain crammed early and never reviewed fades;
* coverage: a fresh exam item is on a topic the member has met with probability c (share of
  the domain's bank met); on unmet topics only part of the knowledge transfers (TRANSFER);
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
TRANSFER = 0.6
"""Share of a domain's knowledge that carries to exam items on topics not yet met."""
MODEL_SD = 0.045
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


def _posterior(answered: int, correct: int) -> tuple[float, float]:
    a, b = correct + 1, answered - correct + 1
    mean = a / (a + b)
    return mean, a * b / ((a + b) ** 2 * (a + b + 1))


def _scale(ev: DomainEvidence, retention: float, extra_met: int = 0, fresh: bool = False) -> float:
    """What multiplies knowledge on exam day: forgetting by then times topic coverage."""
    recalls = [1.0] * len(ev.recalls_at_exam) if fresh else list(ev.recalls_at_exam)
    fade = min(1.0, (sum(recalls) / len(recalls)) / retention) if recalls else 1.0
    coverage = min(1.0, (ev.met + extra_met) / ev.bank) if ev.bank else 0.0
    return fade * (coverage + (1 - coverage) * TRANSFER)


def _p(ev: DomainEvidence, retention: float, extra_met: int = 0, fresh: bool = False) -> float:
    mean, _ = _posterior(ev.answered, ev.correct)
    k = max(0.0, (mean - GUESS) / (1 - GUESS))
    return GUESS + (1 - GUESS) * k * _scale(ev, retention, extra_met, fresh)


def _learned(ev: DomainEvidence, n: int) -> DomainEvidence:
    """The evidence after `n` more questions with diminishing returns: accuracy moves toward
    one by LEARN_RATE of what is left per question (geometrically fewer gains)."""
    mean, _ = _posterior(ev.answered, ev.correct)
    after = 1 - (1 - mean) * (1 - LEARN_RATE) ** (n / 4)
    total = ev.answered + n
    return DomainEvidence(
        ev.key, total, round(after * (total + 2) - 1), ev.met, ev.bank, ev.recalls_at_exam
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
        _, var_acc = _posterior(e.answered, e.correct)
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
