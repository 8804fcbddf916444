from datetime import date

import pytest

from bot.abii_rules import CE_RULES
from bot.ce_calendar import add_years, ce_status, first_period, period_for


def test_abii_example_passed_april_2016() -> None:
    period = first_period(date(2016, 4, 15))
    assert (period.start, period.end) == (date(2017, 1, 1), date(2018, 12, 31))
    nxt = period_for(date(2019, 6, 1), date(2016, 4, 15))
    assert nxt is not None and (nxt.start, nxt.end) == (date(2019, 1, 1), date(2020, 12, 31))


@pytest.mark.parametrize(
    ("passed", "day", "expected"),
    [
        (date(2016, 12, 31), date(2017, 1, 1), (2017, 2018)),
        (date(2016, 1, 1), date(2018, 12, 31), (2017, 2018)),
        (date(2016, 4, 1), date(2026, 11, 25), (2025, 2026)),
        (date(2020, 7, 7), date(2023, 1, 1), (2023, 2024)),
    ],
)
def test_periods_are_two_calendar_years(passed: date, day: date, expected: tuple) -> None:
    period = period_for(day, passed)
    assert period is not None
    assert (period.start.year, period.end.year) == expected
    assert period.start == date(expected[0], 1, 1) and period.end == date(expected[1], 12, 31)


def test_no_period_before_first_full_year() -> None:
    assert period_for(date(2016, 12, 31), date(2016, 4, 1)) is None


def test_status_counts_only_current_period_and_fees() -> None:
    entries = [(date(2025, 3, 1), 10.0), (date(2026, 2, 1), 4.5), (date(2024, 12, 31), 9.0)]
    status = ce_status(date(2026, 11, 25), date(2016, 4, 1), entries)
    assert status.credits == 14.5
    assert status.remaining == CE_RULES.credits_per_period - 14.5
    assert status.days_left == 36
    assert status.fee_due == date(2026, 12, 31) and status.fee_usd == 70
    assert not status.in_late_window
    assert status.ten_year_due == date(2026, 4, 1)


@pytest.mark.parametrize(
    ("today", "late"),
    [
        (date(2027, 1, 1), True),
        (date(2027, 3, 31), True),
        (date(2027, 4, 1), False),
        (date(2026, 12, 31), False),
    ],
)
def test_late_fee_window_edges(today: date, late: bool) -> None:
    status = ce_status(today, date(2016, 4, 1), [])
    assert status.in_late_window is late
    assert status.late_fee_usd == 20
    if late:
        assert status.late_window_end == date(today.year, 3, 31)


def test_previous_period_shortfall_is_reported_in_late_window() -> None:
    # passed 2016 -> periods 2017-18, ..., 2025-26; on 2027-02-01 the 2025-26 period just ended.
    status = ce_status(date(2027, 2, 1), date(2016, 4, 1), [(date(2026, 5, 5), 20.0)])
    assert status.previous_period is not None
    assert status.previous_period.end == date(2026, 12, 31)
    assert status.previous_short == 4.0


def test_add_years_handles_leap_day() -> None:
    assert add_years(date(2016, 2, 29), 10) == date(2026, 2, 28)
    assert add_years(date(2016, 2, 29), 8) == date(2024, 2, 29)
