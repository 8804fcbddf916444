"""Daily posts exactly once, catch-up, retries, reveals: driven by the injected clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import func, select
from tenacity import wait_none

from adapters.services import Services
from bot.clock import FixedClock
from bot.daily import DailySchedule
from bot.daily_posting import DailyPosting, last_fire_before, local_day
from bot.effects import Update
from bot.events import TickKind
from bot.messages import plain
from bot.storage.models import DailyPost
from scheduler.service import DailyScheduler
from scheduler.triggers import daily_trigger
from tests.helpers import RecordingMessenger, make_actor

ADMIN = make_actor("UADMIN", "Admin", is_admin=True)


def schedule_for(
    services: Services, at: str = "09:00", tz: str = "Europe/Berlin", weekdays: bool = False
) -> DailySchedule:
    return services.core.daily.configure(ADMIN, at, tz, weekdays)


def runner(services: Services, messenger: RecordingMessenger, name: str = "i1") -> DailyPosting:
    grace = timedelta(hours=services.settings.daily_grace_hours)
    return DailyPosting(services.core.daily, messenger, name, grace=grace, wait=wait_none())


def posts(services: Services) -> list[DailyPost]:
    with services.tutor.db.session() as s:
        return list(s.scalars(select(DailyPost)))


@pytest.mark.parametrize(
    ("tz", "before", "after"),
    [
        # America/New_York springs forward on 2026-03-08 and falls back on 2026-11-01
        (
            "America/New_York",
            datetime(2026, 3, 7, 14, tzinfo=UTC),
            datetime(2026, 3, 8, 13, tzinfo=UTC),
        ),
        (
            "America/New_York",
            datetime(2026, 10, 31, 13, tzinfo=UTC),
            datetime(2026, 11, 1, 14, tzinfo=UTC),
        ),
        # Europe/Berlin falls back on 2026-10-25
        (
            "Europe/Berlin",
            datetime(2026, 10, 24, 7, tzinfo=UTC),
            datetime(2026, 10, 25, 8, tzinfo=UTC),
        ),
    ],
)
def test_cron_trigger_keeps_local_time_across_dst(
    services: Services, tz: str, before: datetime, after: datetime
) -> None:
    schedule = schedule_for(services, "09:00", tz)
    trigger = daily_trigger(schedule)
    first = trigger.get_next_fire_time(None, before - timedelta(hours=1))
    second = trigger.get_next_fire_time(first, first + timedelta(seconds=1))
    assert first.astimezone(UTC) == before
    assert second.astimezone(UTC) == after
    assert first.hour == second.hour == 9  # 09:00 local both days


def test_weekdays_only_skips_the_weekend(services: Services) -> None:
    schedule = schedule_for(services, "08:30", "UTC", weekdays=True)
    trigger = daily_trigger(schedule)
    friday = datetime(2026, 3, 6, 9, tzinfo=UTC)
    nxt = trigger.get_next_fire_time(None, friday)
    assert nxt.date() == date(2026, 3, 9)  # Monday


async def test_fire_posts_once_per_local_day(services: Services, clock: FixedClock) -> None:
    messenger = RecordingMessenger()
    schedule = schedule_for(services, "09:00", "UTC")
    clock.set(datetime(2026, 3, 3, 9, 0, 5, tzinfo=UTC))
    fire = datetime(2026, 3, 3, 9, tzinfo=UTC)
    first = await runner(services, messenger).fire(schedule, fire)
    again = await runner(services, messenger).fire(schedule, fire)
    assert (first.status, again.status) == ("posted", "exists")
    assert len(messenger.posts) == 1
    message = messenger.posts[0][1]
    assert len(message.buttons) == 4 and message.buttons[0].action_id.startswith("ciip:d:")
    assert not message.private
    [post] = posts(services)
    assert post.status == "posted" and post.message_ref == "ref-1"
    assert post.reveal_at == clock.now() + timedelta(minutes=schedule.reveal_after_minutes)


async def test_two_instances_racing_post_exactly_once(
    services: Services, second_instance: Services, clock: FixedClock
) -> None:
    messenger = RecordingMessenger()
    schedule = schedule_for(services, "09:00", "UTC")
    clock.set(datetime(2026, 3, 3, 9, 0, 1, tzinfo=UTC))
    fire = datetime(2026, 3, 3, 9, tzinfo=UTC)
    results = await asyncio.gather(
        *(
            runner(s, messenger, f"i{n}").fire(schedule, fire)
            for n, s in enumerate([services, second_instance] * 3)
        )
    )
    assert sorted(r.status for r in results).count("posted") == 1
    assert len(messenger.posts) == 1
    assert len(posts(services)) == 1


async def test_restart_between_claim_and_send_sends_once(
    services: Services, clock: FixedClock
) -> None:
    schedule = schedule_for(services, "09:00", "UTC")
    clock.set(datetime(2026, 3, 3, 9, 0, 1, tzinfo=UTC))
    book = services.core.daily
    claimed = book.claim(schedule.channel.channel_id, date(2026, 3, 3), clock.now(), "dead")
    assert claimed is not None and claimed.status == "claimed"
    # the process died here; a new instance starts five minutes later
    clock.advance(minutes=5)
    messenger = RecordingMessenger()
    results = await runner(services, messenger, "new").catch_up([schedule])
    assert [r.status for r in results] == ["posted"]
    assert len(messenger.posts) == 1
    again = await runner(services, messenger, "newer").catch_up([schedule])
    assert again == [] and len(messenger.posts) == 1


async def test_crash_mid_send_is_never_resent(services: Services, clock: FixedClock) -> None:
    schedule = schedule_for(services, "09:00", "UTC")
    clock.set(datetime(2026, 3, 3, 9, 0, 1, tzinfo=UTC))
    book = services.core.daily
    claimed = book.claim(schedule.channel.channel_id, date(2026, 3, 3), clock.now(), "dead")
    assert claimed is not None
    assert book.take_for_sending(claimed.id, "dead")
    messenger = RecordingMessenger()
    await runner(services, messenger).catch_up([schedule])
    assert messenger.posts == []


@pytest.mark.parametrize(
    ("late", "status"), [(timedelta(hours=6), "posted"), (timedelta(hours=6, seconds=1), "skipped")]
)
async def test_catch_up_at_the_edges_of_the_grace_window(
    services: Services, clock: FixedClock, late: timedelta, status: str
) -> None:
    schedule = schedule_for(services, "09:00", "UTC")
    clock.set(datetime(2026, 3, 3, 9, tzinfo=UTC) + late)
    messenger = RecordingMessenger()
    results = await runner(services, messenger).catch_up([schedule])
    assert [r.status for r in results] == [status]
    assert len(messenger.posts) == (1 if status == "posted" else 0)


async def test_failed_send_is_retried_then_released(services: Services, clock: FixedClock) -> None:
    schedule = schedule_for(services, "09:00", "UTC")
    clock.set(datetime(2026, 3, 3, 9, 1, tzinfo=UTC))
    messenger = RecordingMessenger()
    messenger.fail_next = 2
    result = await runner(services, messenger).fire(schedule, datetime(2026, 3, 3, 9, tzinfo=UTC))
    assert result.status == "posted" and len(messenger.posts) == 1
    clock.set(datetime(2026, 3, 4, 9, 1, tzinfo=UTC))
    messenger.fail_next = 10
    failed = await runner(services, messenger).fire(schedule, datetime(2026, 3, 4, 9, tzinfo=UTC))
    assert failed.status == "failed"
    post = services.core.daily.post_for(schedule.channel.channel_id, date(2026, 3, 4))
    assert post is not None and post.status == "claimed" and post.attempts == 1
    messenger.fail_next = 0
    retried = await runner(services, messenger).catch_up([schedule])
    assert retried[0].status == "posted" and len(messenger.posts) == 2


async def test_answers_count_once_and_reveal_posts_percentage(
    services: Services, clock: FixedClock
) -> None:
    schedule = schedule_for(services, "09:00", "UTC")
    clock.set(datetime(2026, 3, 3, 9, 1, tzinfo=UTC))
    messenger = RecordingMessenger()
    run = runner(services, messenger)
    result = await run.fire(schedule, datetime(2026, 3, 3, 9, tzinfo=UTC))
    post_id = result.post_id
    assert post_id is not None
    post = services.core.daily.get(post_id)
    assert post is not None
    key = services.tutor.bank.by_id[post.question_id].key
    wrong = next(x for x in "ABCD" if x != key)
    d = services.core
    ana, bo, cy = make_actor("U1"), make_actor("U2"), make_actor("U3")
    assert (await d.handle_click(ana, f"ciip:d:{post_id}:{key}")).ok
    dup = await d.handle_click(ana, f"ciip:d:{post_id}:{wrong}")
    assert "already answered" in dup.text
    assert (await d.handle_click(bo, f"ciip:d:{post_id}:{wrong}")).ok
    assert (await d.handle_click(cy, f"ciip:d:{post_id}:{key}")).ok
    tally = services.core.daily.tally(post_id)
    assert (tally.answered, tally.correct, tally.percent_correct) == (3, 2, 67)
    last = await d.handle_click(cy, f"ciip:d:{post_id}:{wrong}")  # a double click: no edit
    assert last.of(Update) == []
    from bot.delivery import Deliverer

    await Deliverer(messenger).run(
        (await d.handle_click(make_actor("U5"), f"ciip:d:{post_id}:{key}")).effects
    )
    await asyncio.sleep(0)
    assert "4 answered" in plain(messenger.updates[-1][2].footer)
    assert await run.reveal_due() == 0  # not yet
    clock.advance(minutes=schedule.reveal_after_minutes)
    assert await run.reveal_due() == 1
    reveal = messenger.thread_replies[-1][2]
    assert "4 answered, 75% correct" in reveal.body_text and reveal.title.startswith(
        f"Answer: {key})"
    )
    assert messenger.updates[-1][2].buttons == ()
    late = await d.handle_click(make_actor("U4"), f"ciip:d:{post_id}:{key}")
    assert not late.ok and "closed" in late.text
    assert await run.reveal_due() == 0


async def test_daily_commands_drive_the_scheduler(services: Services, clock: FixedClock) -> None:
    messenger = RecordingMessenger()
    aps = AsyncIOScheduler(timezone=UTC)
    services.core.attach(messenger=messenger)
    sched = DailyScheduler(services.core, scheduler=aps)
    await sched.start()
    try:
        await sched.poll_leadership()
        assert sched.is_leader
        d = services.core
        reply = await d.handle_text(ADMIN, "daily here 07:30 America/New_York weekdays")
        assert reply.ok and "07:30 America/New_York" in reply.text
        channel = services.tutor.channel_key(ADMIN)
        job = aps.get_job(f"daily:{channel.channel_id}")
        assert job is not None and str(job.trigger.timezone) == "America/New_York"
        status = await d.handle_text(ADMIN, "daily status")
        assert "Next post" in status.text
        now = await d.handle_text(ADMIN, "daily now")
        assert now.text == "Posted today's question here." and len(messenger.posts) == 1
        again = await d.handle_text(ADMIN, "daily now")
        assert "already posted" in again.text and len(messenger.posts) == 1
        off = await d.handle_text(ADMIN, "daily off")
        assert off.ok and aps.get_job(f"daily:{channel.channel_id}") is None
        refused = await d.handle_text(make_actor("U5"), "daily now")
        assert not refused.ok and len(messenger.posts) == 1
    finally:
        await sched.shutdown()


async def test_jobs_are_rebuilt_from_the_database_at_start(
    services: Services, clock: FixedClock
) -> None:
    schedule = schedule_for(services, "09:00", "Europe/Berlin")
    clock.set(datetime(2026, 3, 3, 8, 30, tzinfo=UTC))  # 09:30 Berlin: today's fire was missed
    messenger = RecordingMessenger()
    services.core.attach(messenger=messenger)
    services.core.posting.wait = wait_none()
    sched = DailyScheduler(services.core, scheduler=AsyncIOScheduler(timezone=UTC))
    await sched.start()
    try:
        await sched.poll_leadership()
        assert sched.aps.get_job(f"daily:{schedule.channel.channel_id}") is not None
        assert len(messenger.posts) == 1  # caught up within the grace window
        assert local_day(schedule, last_fire_before(schedule, clock.now())) == date(2026, 3, 3)
    finally:
        await sched.shutdown()
    with services.tutor.db.session() as s:
        assert s.scalar(select(func.count()).select_from(DailyPost)) == 1


async def test_weekly_digest_posts_last_weeks_channel_board(
    services: Services, clock: FixedClock
) -> None:
    reply = await services.core.handle_text(ADMIN, "daily here 09:00 UTC")
    assert reply.ok
    assert (await services.core.handle_text(ADMIN, "daily digest on")).ok
    tutor = services.tutor
    clock.set(datetime(2026, 3, 4, 12, tzinfo=UTC))  # Wednesday of the week before
    for user, right in (("U1", True), ("U2", False)):
        person = make_actor(user, f"Member {user}")
        item = tutor.next_question(person)
        assert item is not None
        letter = item.question.key if right else next(x for x in "ABCD" if x != item.question.key)
        tutor.answer_issued(person, item.issued_id, letter)
    clock.set(datetime(2026, 3, 9, 9, tzinfo=UTC))  # the next Monday
    messenger = RecordingMessenger()
    services.core.attach(messenger=messenger)
    sched = DailyScheduler(services.core, scheduler=AsyncIOScheduler(timezone=UTC))
    await sched.start()
    try:
        await sched.poll_leadership()
        channel = services.tutor.channel_key(ADMIN)
        job = sched.aps.get_job(f"digest:{channel.channel_id}")
        assert job is not None
        await sched.tick(TickKind.DIGEST_DUE, channel.channel_id)
    finally:
        await sched.shutdown()
    digest = next(m for _, m in messenger.posts if m.title.startswith("Weekly digest"))
    lines = digest.body_text.splitlines()
    assert lines[0].startswith("• 🥇 Member U1: 11 points") and "Member U2" in lines[1]
