"""A closed mock exam's score report, computed from its items (pure: no database, no wording).

Unanswered items count as wrong, as on the real exam. Domains are reported beside their
blueprint weight; the weakest are the lowest scores among domains the exam asked about
(ties: the heavier domain first, since it costs more points on exam day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from question_bank.blueprint import DOMAINS, Domain
from question_bank.schema import Question

__all__ = ["DomainScore", "ExamReport", "ExamState", "ExamSummary", "ItemResult", "build_report"]


class ExamState(StrEnum):
    """An exam's life: open until finished, timed out (expired) or abandoned (stopped)."""

    OPEN = "open"
    FINISHED = "finished"
    EXPIRED = "expired"
    ABANDONED = "abandoned"


@dataclass(frozen=True, slots=True)
class ItemResult:
    position: int
    question: Question
    choice: str | None

    @property
    def correct(self) -> bool:
        return self.choice == self.question.key


@dataclass(frozen=True, slots=True)
class DomainScore:
    domain: Domain
    asked: int
    correct: int

    @property
    def percent(self) -> float:
        return self.correct / self.asked if self.asked else 0.0


@dataclass(frozen=True, slots=True)
class ExamReport:
    exam_id: int
    kind: str
    state: ExamState
    started_at: datetime
    time_used: timedelta
    time_allowed: timedelta
    items: tuple[ItemResult, ...]
    domains: tuple[DomainScore, ...]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def correct(self) -> int:
        return sum(1 for i in self.items if i.correct)

    @property
    def unanswered(self) -> int:
        return sum(1 for i in self.items if i.choice is None)

    @property
    def percent(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def misses(self) -> tuple[ItemResult, ...]:
        return tuple(i for i in self.items if not i.correct)

    def weakest(self, n: int = 3) -> list[DomainScore]:
        scored = [d for d in self.domains if d.asked and d.correct < d.asked]
        return sorted(scored, key=lambda d: (d.percent, -d.domain.items, d.domain.letter))[:n]


@dataclass(frozen=True, slots=True)
class ExamSummary:
    """One past attempt, for `exam history`."""

    exam_id: int
    kind: str
    state: ExamState
    started_at: datetime
    total: int
    correct: int
    time_used: timedelta

    @property
    def percent(self) -> float:
        return self.correct / self.total if self.total else 0.0


def build_report(
    *,
    exam_id: int,
    kind: str,
    state: ExamState,
    started_at: datetime,
    ended_at: datetime,
    deadline_at: datetime,
    items: Sequence[ItemResult],
) -> ExamReport:
    asked: dict[str, list[ItemResult]] = {}
    for item in items:
        asked.setdefault(item.question.domain, []).append(item)
    domains = tuple(
        DomainScore(d, len(asked.get(d.key, ())), sum(1 for i in asked.get(d.key, ()) if i.correct))
        for d in DOMAINS
        if d.key in asked
    )
    return ExamReport(
        exam_id=exam_id,
        kind=kind,
        state=state,
        started_at=started_at,
        time_used=min(ended_at, deadline_at) - started_at,
        time_allowed=deadline_at - started_at,
        items=tuple(sorted(items, key=lambda i: i.position)),
        domains=domains,
    )
