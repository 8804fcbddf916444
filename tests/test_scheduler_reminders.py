"""CE and renewal reminders: dates per ABII's rules, sent once, opt-outs and quiet hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from adapters.services import Services
from bot.ce_calendar import ce_status
from bot.reminders import ReminderSweeps, in_quiet_hours, owed_reminders
from tests.helpers import RecordingMessenger, make_actor


def kinds(today: date, passed: date, credits: float = 0.0) -> set[tuple[str, str]]:
    status = ce_status(today, passed, [(date(today.year, 1, 2), credits)] if credits else [])
    return {(r.kind, r.occasion) for r in owed_reminders(status)}


@pytest.mark.parametrize(
    ("today", "passed", "credits", "expected"),
    [
        # passed April 2016: periods 2017-18 ... 2025-26; 90/30/7 days before 2026-12-31
        (date(2026, 10, 1), date(2016, 4, 1), 10, set()),
        (date(2026, 10, 2), date(2016, 4, 1), 10, {("ce-90", "2025-2026")}),
        (date(2026, 12, 1), date(2016, 4, 1), 10, {("ce-30", "2025-2026"), ("renewal", "2026")}),
        (date(2026, 12, 24), date(2016, 4, 1), 10, {("ce-7", "2025-2026"), ("renewal", "2026")}),
        # enough credits: no CE reminder, only the renewal
        (date(2026, 12, 24), date(2016, 4, 1), 24, {("renewal", "2026")}),
        # passed June 2025: first period 2026-27, so no CE deadline at the end of 2026
        (date(2026, 12, 24), date(2025, 6, 15), 0, {("renewal", "2026")}),
        (date(2027, 10, 2), date(2025, 6, 15), 0, {("ce-90", "2026-2027")}),
        # the late-fee window January 1 - March 31
        (date(2027, 1, 1), date(2025, 6, 15), 0, {("late-window", "2027")}),
        (date(2027, 3, 31), date(2025, 6, 15), 0, {("late-window", "2027")}),
        (date(2027, 4, 1), date(2025, 6, 15), 0, set()),
        # ten-year requirements a year ahead: passed 2017-05-01 -> due 2027-05-01
        (date(2026, 4, 30), date(2017, 5, 1), 24, set()),
        (date(2026, 5, 1), date(2017, 5, 1), 24, {("ten-year", "2027-05-01")}),
    ],
)
def test_reminder_dates(today: date, passed: date, credits: float, expected: set) -> None:
    assert kinds(today, passed, credits) == expected


def test_reminder_says_exactly_what_is_missing() -> None:
    status = ce_status(date(2026, 12, 1), date(2016, 4, 1), [(date(2026, 2, 1), 17.5)])
    [ce] = [r for r in owed_reminders(status) if r.kind.startswith("ce-")]
    assert "17.5 of 24" in ce.text and "6.5 still missing" in ce.text and "2026-12-31" in ce.text


def test_quiet_hours_wrap_midnight() -> None:
    assert in_quiet_hours(time(22, 0), "21:00", "08:00")
    assert in_quiet_hours(time(7, 59), "21:00", "08:00")
    assert not in_quiet_hours(time(8, 0), "21:00", "08:00")
    assert in_quiet_hours(time(13, 0), "12:00", "14:00")


async def test_reminders_are_sent_once_respect_opt_out_and_quiet_hours(
    services: Services, clock
) -> None:
    ce = services.core.ce
    ana, bo, cy = make_actor("U1"), make_actor("U2"), make_actor("U3")
    for person in (ana, bo, cy):
        ce.setup(person, date(2016, 4, 1))
    services.tutor.set_timezone(cy, "Asia/Tokyo")
    ce.set_reminders(bo, False)
    clock.set(datetime(2026, 12, 1, 15, 0, tzinfo=UTC))  # 00:00 in Tokyo: quiet
    messenger = RecordingMessenger()
    jobs = ReminderSweeps(services.core.ctx, services.core.ce, messenger)
    assert await jobs.ce_reminders() == 2  # ana: ce-30 + renewal; bo opted out; cy asleep
    assert {dm[2] for dm in messenger.dms} == {"U1"}
    assert await jobs.ce_reminders() == 0  # never twice
    clock.set(datetime(2026, 12, 2, 1, 0, tzinfo=UTC))  # 10:00 in Tokyo
    assert await jobs.ce_reminders() == 2
    assert sorted(dm[2] for dm in messenger.dms) == ["U1", "U1", "U3", "U3"]


async def test_a_failed_dm_is_retried_next_run(services: Services, clock) -> None:
    services.core.ce.setup(make_actor("U1"), date(2016, 4, 1))
    clock.set(datetime(2026, 12, 24, 12, tzinfo=UTC))
    messenger = RecordingMessenger()
    messenger.fail_next = 5
    jobs = ReminderSweeps(services.core.ctx, services.core.ce, messenger)
    assert await jobs.ce_reminders() == 0
    messenger.fail_next = 0
    assert await jobs.ce_reminders() == 2


async def test_study_nudge_only_when_streak_at_risk_and_reviews_due(
    services: Services, clock
) -> None:
    ana = make_actor("U1")
    tutor = services.tutor
    clock.set(datetime(2026, 3, 2, 10, tzinfo=UTC))
    item = tutor.next_question(ana)
    assert item is not None
    wrong = next(x for x in "ABCD" if x != item.question.key)
    tutor.answer_issued(ana, item.issued_id, wrong)  # due again tomorrow
    reply = await services.core.handle_text(ana, "nudges on 18:00")
    assert reply.ok
    messenger = RecordingMessenger()
    jobs = ReminderSweeps(services.core.ctx, services.core.ce, messenger)
    clock.set(datetime(2026, 3, 3, 17, tzinfo=UTC))  # before 18:00
    assert await jobs.study_nudges() == 0
    clock.set(datetime(2026, 3, 3, 18, 5, tzinfo=UTC))
    assert await jobs.study_nudges() == 1
    assert "1 day streak" in messenger.dms[0][3].body_text
    assert await jobs.study_nudges() == 0
    off = await services.core.handle_text(ana, "nudges off")
    assert off.ok and tutor.member_row(ana).nudges_enabled is False


async def test_plan_nudge_when_behind_by_evening_never_when_on_target(
    services: Services, clock
) -> None:
    """With an exam plan: behind the daily target after the evening hour (local time, quiet
    hours respected) -> one nudge; on target -> none."""
    ana, bo = make_actor("U1"), make_actor("U2")
    tutor = services.tutor
    clock.set(datetime(2026, 3, 2, 8, tzinfo=UTC))
    for person in (ana, bo):
        reply = await services.core.handle_text(person, "plan 2026-04-13")
        assert reply.ok
    services.tutor.set_timezone(bo, "America/New_York")
    target = services.core.plans.member_view(ana).target
    for _ in range(target):  # ana does the whole day's target in the morning
        item = tutor.next_question(ana)
        assert item is not None
        tutor.answer_issued(ana, item.issued_id, item.question.key)
    messenger = RecordingMessenger()
    jobs = ReminderSweeps(services.core.ctx, services.core.ce, messenger, services.core.plans)
    clock.set(datetime(2026, 3, 2, 19, 30, tzinfo=UTC))  # 19:30 UTC, 14:30 in New York
    assert await jobs.study_nudges() == 0  # ana on target; bo's evening hasn't come
    clock.set(datetime(2026, 3, 3, 0, 30, tzinfo=UTC))  # 19:30 New York: bo is behind
    assert await jobs.study_nudges() == 1
    [(_, _, user, message)] = messenger.dms
    assert user == "U2" and "0 questions of today's" in message.body_text
    assert "2026-04-13" in message.body_text
    assert await jobs.study_nudges() == 0  # once a day
    clock.set(datetime(2026, 3, 4, 2, 30, tzinfo=UTC))  # 21:30 New York: quiet hours
    assert await jobs.study_nudges() == 0
