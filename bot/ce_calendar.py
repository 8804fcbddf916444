"""The CE and renewal calendar, computed from ABII's rules in `bot.abii_rules`.

Pure functions of dates: what period a day falls in, what is due and when. Storage of entries
and reminders live elsewhere; this module is where ABII's example is checked
(passed April 2016 -> first period 2017-01-01 to 2018-12-31).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.abii_rules import CE_RULES, CERules

__all__ = ["CePeriod", "CeStatus", "add_years", "ce_status", "first_period", "period_for"]


@dataclass(frozen=True, slots=True)
class CePeriod:
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def add_years(day: date, years: int) -> date:
    """Same month and day `years` later; Feb 29 becomes Feb 28 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def first_period(passed_on: date, rules: CERules = CE_RULES) -> CePeriod:
    """The first CE period starts January 1 of the first full calendar year after passing."""
    start_year = passed_on.year + 1
    return CePeriod(date(start_year, 1, 1), date(start_year + rules.period_years - 1, 12, 31))


def period_for(day: date, passed_on: date, rules: CERules = CE_RULES) -> CePeriod | None:
    """The CE period containing `day`, or None before the first period has begun."""
    first = first_period(passed_on, rules)
    if day < first.start:
        return None
    index = (day.year - first.start.year) // rules.period_years
    start_year = first.start.year + index * rules.period_years
    return CePeriod(date(start_year, 1, 1), date(start_year + rules.period_years - 1, 12, 31))


@dataclass(frozen=True, slots=True)
class CeStatus:
    today: date
    passed_on: date
    period: CePeriod
    period_started: bool
    credits: float
    required: float
    days_left: int
    fee_due: date
    fee_usd: int
    late_fee_usd: int
    in_late_window: bool
    late_window_end: date | None
    previous_period: CePeriod | None
    previous_credits: float | None
    ten_year_due: date

    @property
    def remaining(self) -> float:
        return max(0.0, self.required - self.credits)

    @property
    def previous_short(self) -> float:
        if self.previous_period is None or self.previous_credits is None:
            return 0.0
        return max(0.0, self.required - self.previous_credits)


def ce_status(
    today: date,
    passed_on: date,
    entries: Iterable[tuple[date, float]],
    rules: CERules = CE_RULES,
) -> CeStatus:
    """Everything a member needs to know today: credits in the period, fees and the late window."""
    entries = list(entries)
    current = period_for(today, passed_on, rules)
    started = current is not None
    period = current or first_period(passed_on, rules)
    credits = sum(c for d, c in entries if period.contains(d))
    in_late = (
        date(today.year, 1, 1)
        <= today
        <= date(today.year, rules.late_window_end_month, rules.late_window_end_day)
        and today.year > passed_on.year  # a fee fell due last Dec 31
    )
    previous = None
    previous_credits = None
    if in_late and started and period.start.year == today.year:
        previous = period_for(date(today.year - 1, 12, 31), passed_on, rules)
        if previous is not None:
            previous_credits = sum(c for d, c in entries if previous.contains(d))
    return CeStatus(
        today=today,
        passed_on=passed_on,
        period=period,
        period_started=started,
        credits=credits,
        required=rules.credits_per_period,
        days_left=(period.end - today).days,
        fee_due=date(today.year, rules.fee_due_month, rules.fee_due_day),
        fee_usd=rules.annual_fee_usd,
        late_fee_usd=rules.late_fee_usd,
        in_late_window=in_late,
        late_window_end=(
            date(today.year, rules.late_window_end_month, rules.late_window_end_day)
            if in_late
            else None
        ),
        previous_period=previous,
        previous_credits=previous_credits,
        ten_year_due=add_years(passed_on, rules.certification_years),
    )
