import random
from datetime import UTC, date, datetime, timedelta

from bot.streaks import StreakState, advance, current_length, from_days, local_date


def test_consecutive_days_extend_and_gaps_reset() -> None:
    s = StreakState()
    for day in (date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)):
        s = advance(s, day)
    assert (s.current, s.best) == (3, 3)
    s = advance(s, date(2026, 1, 5))
    assert (s.current, s.best) == (1, 3)
    assert advance(s, date(2026, 1, 5)) is s  # same day: nothing changes


def test_current_length_expires_after_a_missed_day() -> None:
    s = from_days([date(2026, 1, 1), date(2026, 1, 2)])
    assert current_length(s, date(2026, 1, 3)) == 2
    assert current_length(s, date(2026, 1, 4)) == 0


def test_dst_spring_forward_in_new_york_keeps_the_streak() -> None:
    # 2026-03-08 has 23 hours in America/New_York; answers at 23:30 local each night.
    tz = "America/New_York"
    instants = [
        datetime(2026, 3, 8, 4, 30, tzinfo=UTC),  # 2026-03-07 23:30 EST
        datetime(2026, 3, 9, 3, 30, tzinfo=UTC),  # 2026-03-08 23:30 EDT
        datetime(2026, 3, 10, 3, 30, tzinfo=UTC),  # 2026-03-09 23:30 EDT
    ]
    days = [local_date(i, tz) for i in instants]
    assert days == [date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9)]
    assert from_days(days).current == 3


def test_dst_fall_back_in_berlin_does_not_double_count() -> None:
    # 2026-10-25 has 25 hours in Europe/Berlin: 00:30 and 23:30 local are the same day.
    tz = "Europe/Berlin"
    a = local_date(datetime(2026, 10, 24, 22, 30, tzinfo=UTC), tz)  # 00:30 CEST on the 25th
    b = local_date(datetime(2026, 10, 25, 22, 30, tzinfo=UTC), tz)  # 23:30 CET on the 25th
    assert a == b == date(2026, 10, 25)
    assert from_days([a, b]).current == 1


def test_timezone_change_westwards_never_breaks_or_inflates() -> None:
    s = advance(StreakState(), date(2026, 5, 2))  # answered in Tokyo on the 2nd
    # moved to Los Angeles: the next answer's local date is still the 1st -> already counted
    s2 = advance(s, date(2026, 5, 1))
    assert s2 == s
    s3 = advance(s2, date(2026, 5, 3))
    assert s3.current == 2


def test_incremental_rule_matches_recomputation() -> None:
    rng = random.Random(7)
    start = date(2026, 1, 1)
    for _ in range(200):
        days = sorted(
            {start + timedelta(days=rng.randrange(40)) for _ in range(rng.randrange(1, 30))}
        )
        s = StreakState()
        for d in days:
            s = advance(s, d)
        assert s == from_days(days)
        # brute-force best run
        best = run = 0
        prev = None
        for d in days:
            run = run + 1 if prev is not None and (d - prev).days == 1 else 1
            best = max(best, run)
            prev = d
        assert s.best == best
