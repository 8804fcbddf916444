"""Which question next: pure decisions over data the caller fetched.

Personal (previous rule, kept for the learning benchmark's comparison; the tutor now picks with
`bot.exam_selection`): the member's due reviews first (lowest FSRS retrievability first);
otherwise a new question from a domain drawn with probability proportional to blueprint weight x
the member's weakness factor; a question seen within the repeat gap never comes back unless due.

Channel (daily): a question the channel answered before returns once the group's weighted mean
retrievability (misses weigh double) drops below the target retention; otherwise a new question by
blueprint weight x the channel's weakness; new questions don't repeat until the bank is exhausted.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = [
    "CardView",
    "Pick",
    "draw_domain",
    "pick_daily",
    "pick_personal",
]


@dataclass(frozen=True, slots=True)
class CardView:
    question_id: str
    domain: str
    due: datetime
    last_review: datetime
    retrievability: float


@dataclass(frozen=True, slots=True)
class Pick:
    question_id: str
    reason: str  # "due", "new", "refresh"


def draw_domain(weights: Mapping[str, float], rng: random.Random) -> str | None:
    """One domain key with probability proportional to its weight (zero weights never)."""
    items = [(k, w) for k, w in weights.items() if w > 0]
    if not items:
        return None
    total = sum(w for _, w in items)
    point = rng.random() * total
    for key, weight in items:
        point -= weight
        if point < 0:
            return key
    return items[-1][0]


def pick_personal(
    *,
    now: datetime,
    seen: Set[str],
    due: Sequence[CardView],
    stale: Callable[[], Sequence[CardView]],
    candidates_by_domain: Mapping[str, Sequence[str]],
    weights: Mapping[str, float],
    repeat_gap: timedelta,
    rng: random.Random,
) -> Pick | None:
    """`seen`: ids the member has cards for; `due`: their cards due by `now`; `stale`: loads
    their cards not reviewed within the gap, only needed when nothing is due or new (so the
    common path never touches most cards); `candidates_by_domain`: every askable id."""
    allowed = {qid for ids in candidates_by_domain.values() for qid in ids}
    ready = [c for c in due if c.due <= now and c.question_id in allowed]
    if ready:
        best = min(ready, key=lambda c: (c.retrievability, c.due, c.question_id))
        return Pick(best.question_id, "due")
    unseen = {
        domain: [qid for qid in ids if qid not in seen]
        for domain, ids in candidates_by_domain.items()
    }
    open_weights = {d: w for d, w in weights.items() if unseen.get(d)}
    domain = draw_domain(open_weights, rng)
    if domain is not None:
        return Pick(rng.choice(unseen[domain]), "new")
    refreshable = [
        c for c in stale() if c.question_id in allowed and now - c.last_review >= repeat_gap
    ]
    if refreshable:
        best = min(refreshable, key=lambda c: (c.retrievability, c.due, c.question_id))
        return Pick(best.question_id, "refresh")
    return None


@dataclass(frozen=True, slots=True)
class GroupRecall:
    """A question the channel has had: members' retrievabilities and who missed it."""

    question_id: str
    recalls: Sequence[tuple[float, bool]]  # (retrievability now, answered correctly)

    @property
    def weighted_mean(self) -> float:
        if not self.recalls:
            return 1.0
        total = sum(1.0 if ok else 2.0 for _, ok in self.recalls)
        return sum(r * (1.0 if ok else 2.0) for r, ok in self.recalls) / total


def pick_daily(
    *,
    history: Sequence[GroupRecall],
    recent: set[str],
    candidates_by_domain: Mapping[str, Sequence[str]],
    weights: Mapping[str, float],
    target_retention: float,
    rng: random.Random,
) -> Pick | None:
    """`history`: questions the channel had; `recent`: ids that must not come back yet."""
    due = [h for h in history if h.question_id not in recent and h.weighted_mean < target_retention]
    if due:
        best = min(due, key=lambda h: (h.weighted_mean, h.question_id))
        return Pick(best.question_id, "due")
    had = {h.question_id for h in history} | recent
    unseen = {d: [q for q in ids if q not in had] for d, ids in candidates_by_domain.items()}
    domain = draw_domain({d: w for d, w in weights.items() if unseen.get(d)}, rng)
    if domain is not None:
        return Pick(rng.choice(unseen[domain]), "new")
    # Bank exhausted for this channel: start a new round over questions not posted recently.
    fresh = {d: [q for q in ids if q not in recent] for d, ids in candidates_by_domain.items()}
    domain = draw_domain({d: w for d, w in weights.items() if fresh.get(d)}, rng)
    if domain is not None:
        return Pick(rng.choice(fresh[domain]), "refresh")
    return None
