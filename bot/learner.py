"""The learner model: how strong a member (or a channel) is in each exam domain.

Accuracy alone misleads on three answers, so each domain gets a Beta(1, 1) posterior mean and a
95% Wilson score interval; the "weakest" ranking uses the Wilson upper bound, so a domain is only
called weak once the evidence says it is. Selection weights use the posterior mean.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from question_bank.blueprint import DOMAINS, Domain

__all__ = ["DomainSkill", "domain_weights", "wilson_interval"]

Z95 = 1.959963984540054


def wilson_interval(correct: int, answered: int, z: float = Z95) -> tuple[float, float]:
    if answered <= 0:
        return 0.0, 1.0
    p = correct / answered
    denom = 1 + z * z / answered
    centre = (p + z * z / (2 * answered)) / denom
    half = z * math.sqrt(p * (1 - p) / answered + z * z / (4 * answered * answered)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, slots=True)
class DomainSkill:
    domain: Domain
    answered: int
    correct: int
    mean_retrievability: float | None = None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    @property
    def posterior_mean(self) -> float:
        return (self.correct + 1) / (self.answered + 2)

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.correct, self.answered)

    @property
    def weakness_factor(self) -> float:
        """0.5 (mastered) to 1.5 (always wrong); 1.0 for a domain never tried."""
        return 0.5 + (1.0 - self.posterior_mean)


def domain_weights(
    counts: Mapping[str, tuple[int, int]], only: Domain | None = None
) -> dict[str, float]:
    """Blueprint weight times weakness factor, per domain key; `counts` maps key -> (answered,
    correct). With `only`, every other domain weighs zero."""
    weights = {}
    for d in DOMAINS:
        if only is not None and d.key != only.key:
            continue
        answered, correct = counts.get(d.key, (0, 0))
        weights[d.key] = d.weight * DomainSkill(d, answered, correct).weakness_factor
    return weights
