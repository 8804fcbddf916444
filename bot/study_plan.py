"""The study plan as pure arithmetic: weeks to the exam date, what each week focuses on, and
how many questions a day get a member through the bank in time.

The shape is the one CIIP candidates' own prep guides use for six weeks: the heavy domains
first (Image Management and Systems Management in weeks 1-2, Medical Imaging Informatics and
Information Technology in weeks 3-4, Operations and Clinical Engineering in week 5) and the four
light domains plus timed practice in week 6. Other lengths scale the same shares (2/6, 2/6, 1/6,
1/6 of the days), from two weeks to six months. Within a phase the member's weaker domains come
first, and a domain the evidence calls weak is pulled into the first phase as well, because the
plan's job is the biggest gain per day and weak heavy domains are where it is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.exam_selection import reviews_allowed
from question_bank.blueprint import DOMAIN_BY_KEY

__all__ = [
    "MAX_DAYS",
    "MIN_DAYS",
    "PHASES",
    "DateProblem",
    "Phase",
    "PlanWeek",
    "StudyPlan",
    "build_plan",
    "check_exam_date",
    "daily_target",
    "new_quota",
]

MIN_DAYS = 14
"""A plan needs two weeks; closer than that the plan is simply "everything, now"."""
MAX_DAYS = 183
"""Six months: beyond it the weeks are scaled as for six months and the rest is a head start."""
MAX_AHEAD_DAYS = 730
"""Dates more than two years out are refused as typos."""
WEAK_POSTERIOR = 0.55
WEAK_MIN_ANSWERS = 6


@dataclass(frozen=True, slots=True)
class Phase:
    """One block of the six-week shape: its share of the days and its domains (heavy first)."""

    share: float
    domains: tuple[str, ...]
    timed_practice: bool = False


PHASES: tuple[Phase, ...] = (
    Phase(2 / 6, ("image_management", "systems_management")),
    Phase(2 / 6, ("medical_imaging_informatics", "information_technology")),
    Phase(1 / 6, ("operations", "clinical_engineering")),
    Phase(
        1 / 6,
        ("procurement", "project_management", "communications", "training_education"),
        timed_practice=True,
    ),
)


class DateProblem(StrEnum):
    PAST = "past"
    TODAY = "today"
    TOO_FAR = "too-far"


def check_exam_date(exam: date, today: date) -> DateProblem | None:
    """None when `exam` can carry a plan; otherwise what is wrong with it. A date under two
    weeks away is accepted (the plan is compressed), only past, today and > 2 years are not."""
    if exam < today:
        return DateProblem.PAST
    if exam == today:
        return DateProblem.TODAY
    if (exam - today).days > MAX_AHEAD_DAYS:
        return DateProblem.TOO_FAR
    return None


@dataclass(frozen=True, slots=True)
class PlanWeek:
    number: int
    start: date
    end: date  # inclusive
    domains: tuple[str, ...]
    timed_practice: bool
    current: bool


@dataclass(frozen=True, slots=True)
class StudyPlan:
    exam_date: date
    started_on: date
    today: date
    weeks: tuple[PlanWeek, ...]
    focus: tuple[str, ...] = ()
    """Today's phase's domains: where new questions come from (a week may span two phases)."""

    @property
    def days_left(self) -> int:
        """Study days left including today (the exam day itself is not one)."""
        return max(0, (self.exam_date - self.today).days)

    @property
    def current(self) -> PlanWeek | None:
        return next((w for w in self.weeks if w.current), None)


def _weak(counts: Mapping[str, tuple[int, int]]) -> list[str]:
    """Domains with enough answers whose posterior accuracy is low, weakest first."""
    weak = []
    for key, (answered, correct) in counts.items():
        mean = (correct + 1) / (answered + 2)
        if answered >= WEAK_MIN_ANSWERS and mean < WEAK_POSTERIOR:
            weak.append((mean, key))
    return [k for _, k in sorted(weak)]


def _ordered(domains: Sequence[str], counts: Mapping[str, tuple[int, int]]) -> tuple[str, ...]:
    def key(d: str) -> tuple[float, int]:
        answered, correct = counts.get(d, (0, 0))
        return ((correct + 1) / (answered + 2), -DOMAIN_BY_KEY[d].items)

    return tuple(sorted(domains, key=key))


def build_plan(
    exam: date,
    started_on: date,
    today: date,
    counts: Mapping[str, tuple[int, int]] | None = None,
) -> StudyPlan:
    """Weeks from `started_on` to the day before `exam`, each with its phase's domains.

    `counts` (domain -> (answered, correct)) orders each phase weakest first and pulls weak
    domains into the first phase."""
    counts = counts or {}
    start = min(started_on, today)
    total = max(1, (exam - start).days)
    scaled = min(total, MAX_DAYS)
    head_start = total - scaled  # beyond six months: the early days cover the whole bank
    bounds: list[tuple[int, Phase]] = []
    edge = head_start
    for phase in PHASES:
        edge += phase.share * scaled
        bounds.append((math.ceil(edge - 1e-9), phase))
    weak = _weak(counts)

    def phase_domains(index: int) -> tuple[str, ...]:
        domains = _ordered(PHASES[index].domains, counts)
        if index == 0:
            domains = (*[d for d in weak if d not in domains], *domains)
        return domains

    def phase_at(day: int) -> int | None:
        """Index of the phase holding day `day` (None in a long plan's head start)."""
        if day < head_start:
            return None
        return next((i for i, (end, _) in enumerate(bounds) if day < end), len(PHASES) - 1)

    everything = _ordered(list(DOMAIN_BY_KEY), counts)
    weeks = []
    for n in range(math.ceil(total / 7)):
        first = start + timedelta(days=7 * n)
        last = min(first + timedelta(days=6), exam - timedelta(days=1))
        indexes = list(dict.fromkeys(phase_at(d) for d in range(7 * n, 7 * n + 7) if d < total))
        domains: tuple[str, ...] = ()
        for index in indexes:
            part = everything if index is None else phase_domains(index)
            domains += tuple(d for d in part if d not in domains)
        timed = any(i is not None and PHASES[i].timed_practice for i in indexes)
        weeks.append(PlanWeek(n + 1, first, last, domains, timed, first <= today <= last))
    today_index = phase_at((today - start).days) if today < exam else None
    focus = (
        () if today >= exam else (everything if today_index is None else phase_domains(today_index))
    )
    return StudyPlan(exam, start, today, tuple(weeks), focus)


def new_quota(unseen: int, days_left: int) -> int:
    """New questions a day so every unseen question is met by exam day (days_left includes
    today): ceil, so meeting it every day always finishes in time."""
    if unseen <= 0:
        return 0
    return math.ceil(unseen / max(1, days_left))


def daily_target(quota: int, review_share: float, review_cap: int, pace: float) -> int:
    """Questions a day: the fewest picks in which selection still serves `quota` new questions
    while reviews take their share (`bot.exam_selection.reviews_allowed`, never beyond the
    daily cap), raised toward the member's own recent pace when that is higher: a member who
    already does more should not be told to do less."""
    target = quota
    while target - min(review_cap, reviews_allowed(target, review_share)) < quota:
        target += 1
    return max(target, min(quota + review_cap, round(pace)), 1)
