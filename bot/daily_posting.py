"""Posting, catching up on and revealing daily questions, driven by ticks the scheduler sends.

Exactly once: a post is claimed in the database (unique channel + local date) before anything
is sent, then taken CLAIMED -> SENDING by a compare-and-set so only one instance sends it. A post
left CLAIMED (restart between claim and send) is sent on recovery; one left SENDING (the process
died mid-send) is never re-sent, because the message may already be in the channel: a missed day
is better than a duplicate. Failed sends go back to CLAIMED after retries with exponential
backoff (tenacity). Sends go through the `Messenger` port because the post's state depends on
the platform's answer (its message reference).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential
from tenacity.wait import wait_base

from bot import render_daily
from bot.daily import DailyBook, DailySchedule, DailyState
from bot.ports import Messenger

__all__ = ["DailyPosting", "PostResult", "PostStatus", "last_fire_before", "local_day"]

log = logging.getLogger(__name__)


class PostStatus(StrEnum):
    POSTED = "posted"
    EXISTS = "exists"
    SKIPPED = "skipped"
    FAILED = "failed"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class PostResult:
    status: PostStatus
    post_id: int | None = None
    detail: str = ""


def local_day(schedule: DailySchedule, instant: datetime) -> date:
    return instant.astimezone(ZoneInfo(schedule.timezone)).date()


def last_fire_before(schedule: DailySchedule, now: datetime) -> datetime | None:
    """The most recent scheduled instant at or before `now` (within the past 8 days), in the
    schedule's own timezone (DST-safe: each local date's wall time is converted on its own)."""
    zone = ZoneInfo(schedule.timezone)
    hour, minute = (int(x) for x in schedule.time.split(":"))
    today = now.astimezone(zone).date()
    for back in range(9):
        day = today - timedelta(days=back)
        if schedule.weekdays_only and day.weekday() >= 5:
            continue
        fire = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
        if fire <= now:
            return fire
    return None


class DailyPosting:
    def __init__(
        self,
        book: DailyBook,
        messenger: Messenger,
        instance: str,
        *,
        grace: timedelta,
        attempts: int = 4,
        wait: wait_base | None = None,
    ) -> None:
        self.book = book
        self.ctx = book.ctx
        self.messenger = messenger
        self.instance = instance
        self.grace = grace
        self.attempts = attempts
        self.wait = wait or wait_exponential(multiplier=2, min=2, max=60)

    async def fire(self, schedule: DailySchedule, fire_time: datetime) -> PostResult:
        """A scheduled fire (or `daily now`): claim the channel's post for that local date."""
        now = self.ctx.now()
        if now - fire_time > self.grace:
            log.info(
                "daily post for channel %s at %s skipped: %s late (grace %s)",
                schedule.channel.channel_id,
                fire_time,
                now - fire_time,
                self.grace,
            )
            return PostResult(PostStatus.SKIPPED, detail="outside the grace window")
        day = local_day(schedule, fire_time)
        post = self.book.claim(schedule.channel.channel_id, day, now, self.instance)
        if post is None:
            existing = self.book.post_for(schedule.channel.channel_id, day)
            if existing is None:
                return PostResult(PostStatus.EMPTY, detail="the bank has no question to ask")
            return PostResult(PostStatus.EXISTS, existing.id, f"already {existing.status}")
        return await self.send(schedule, post.id)

    async def send(self, schedule: DailySchedule, post_id: int) -> PostResult:
        if not self.book.take_for_sending(post_id, self.instance):
            return PostResult(PostStatus.EXISTS, post_id, "another instance is sending it")
        post = self.book.get(post_id)
        assert post is not None
        question = self.ctx.catalog.bank.by_id[post.question_id]
        message = render_daily.question_message(post.id, question, self.book.tally(post_id))
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self.attempts),
                wait=self.wait,
                retry=retry_if_exception_type(Exception),
                reraise=True,
            ):
                with attempt:
                    ref = await self.messenger.post(schedule.channel, message)
        except Exception as exc:
            log.warning("daily post %s failed after %d attempts: %s", post_id, self.attempts, exc)
            self.book.release_after_failure(post_id)
            return PostResult(PostStatus.FAILED, post_id, str(exc)[:200])
        self.book.mark_posted(post_id, ref, timedelta(minutes=schedule.reveal_after_minutes))
        return PostResult(PostStatus.POSTED, post_id, ref)

    async def catch_up(self, schedules: list[DailySchedule]) -> list[PostResult]:
        """At start: send posts claimed but never sent, and missed fires within the grace."""
        results = []
        by_channel = {s.channel.channel_id: s for s in schedules}
        for post in self.book.unsent():
            schedule = by_channel.get(post.channel_id)
            if post.status == DailyState.CLAIMED and schedule is not None:
                if self.ctx.now() - post.claimed_at <= self.grace:
                    results.append(await self.send(schedule, post.id))
                else:
                    self.book.expire(post.id)
            elif post.status == DailyState.SENDING:
                log.warning("daily post %s was mid-send at a crash; not re-sent", post.id)
        for schedule in schedules:
            last = last_fire_before(schedule, self.ctx.now())
            if (
                last is not None
                and self.book.post_for(schedule.channel.channel_id, local_day(schedule, last))
                is None
            ):
                results.append(await self.fire(schedule, last))
        return results

    async def reveal_due(self) -> int:
        """Close every posted question whose reveal time has come, then post the answer in its
        thread. Closing first means the tally read afterwards holds every answer that counted."""
        revealed = 0
        for post in self.book.reveal_due(self.ctx.now()):
            channel = self.book.channel_key(post.channel_id)
            question = self.ctx.catalog.bank.by_id.get(post.question_id)
            if channel is None or question is None or post.message_ref is None:
                continue
            self.book.close(post.id)
            tally = self.book.tally(post.id)
            try:
                await self.messenger.reply_in_thread(
                    channel, post.message_ref, render_daily.reveal_message(question, tally)
                )
                await self.messenger.update(
                    channel, post.message_ref, render_daily.closed_message(question, tally)
                )
            except Exception as exc:
                log.warning("reveal of daily post %s failed: %s", post.id, exc)
                self.book.reopen(post.id)
                continue
            revealed += 1
        return revealed
