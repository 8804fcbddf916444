"""Posting, catching up on and revealing daily questions, driven by time the caller passes in.

Exactly once: a post is claimed in the database (unique channel + local date) before anything
is sent, then moved `claimed -> sending` by a compare-and-set so only one instance sends it.
A post left `claimed` (restart between claim and send) is sent on recovery; one left `sending`
(the process died mid-send) is never re-sent, because the message may already be in the channel:
a missed day is better than a duplicate. Failed sends go back to `claimed` after retries with
exponential backoff (tenacity).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential
from tenacity.wait import wait_base

from bot.daily import DailyBook, DailySchedule
from bot.identity import ChannelKey
from bot.ports import Messenger
from bot.storage.models import DailyPost
from bot.tutor import Tutor
from scheduler.triggers import last_fire_before, local_day

__all__ = ["DailyRunner", "PostResult"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PostResult:
    status: str  # posted, exists, skipped, failed, empty
    post_id: int | None = None
    detail: str = ""


class DailyRunner:
    def __init__(
        self,
        tutor: Tutor,
        messenger: Messenger,
        instance: str,
        *,
        grace: timedelta | None = None,
        attempts: int = 4,
        wait: wait_base | None = None,
    ) -> None:
        self.tutor = tutor
        self.book = DailyBook(tutor)
        self.messenger = messenger
        self.instance = instance
        self.grace = (
            grace if grace is not None else timedelta(hours=tutor.settings.daily_grace_hours)
        )
        self.attempts = attempts
        self.wait = wait or wait_exponential(multiplier=2, min=2, max=60)

    # ------------------------------------------------------------------ posting
    async def fire(self, schedule: DailySchedule, fire_time: datetime) -> PostResult:
        """A scheduled fire (or `daily now`): claim the channel's post for that local date."""
        now = self.tutor.now()
        if now - fire_time > self.grace:
            log.info(
                "daily post for channel %s at %s skipped: %s late (grace %s)",
                schedule.channel.channel_id,
                fire_time,
                now - fire_time,
                self.grace,
            )
            return PostResult("skipped", detail="outside the grace window")
        day = local_day(schedule, fire_time)
        post = self.book.claim(schedule.channel.channel_id, day, now, self.instance)
        if post is None:
            existing = self.book.post_for(schedule.channel.channel_id, day)
            if existing is None:
                return PostResult("empty", detail="the bank has no question to ask")
            return PostResult("exists", existing.id, f"already {existing.status}")
        return await self.send(schedule, post.id)

    def _take(self, post_id: int) -> bool:
        """Compare-and-set `claimed -> sending`; True for the one caller that may send."""
        with self.tutor.db.transaction() as s:
            result = s.execute(
                update(DailyPost)
                .where(DailyPost.id == post_id, DailyPost.status == "claimed")
                .values(status="sending", claimed_by=self.instance, attempts=DailyPost.attempts + 1)
            )
            return result.rowcount == 1

    async def send(self, schedule: DailySchedule, post_id: int) -> PostResult:
        if not self._take(post_id):
            return PostResult("exists", post_id, "another instance is sending it")
        post = self.book.get(post_id)
        assert post is not None
        message = self.book.question_message(post, self.book.tally(post_id))
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
            self.book.mark(post_id, status="claimed")
            return PostResult("failed", post_id, str(exc)[:200])
        now = self.tutor.now()
        self.book.mark(
            post_id,
            status="posted",
            posted_at=now,
            message_ref=ref,
            reveal_at=now + timedelta(minutes=schedule.reveal_after_minutes),
        )
        return PostResult("posted", post_id, ref)

    async def catch_up(self, schedules: list[DailySchedule]) -> list[PostResult]:
        """At start: send posts claimed but never sent, and missed fires within the grace."""
        results = []
        by_channel = {s.channel.channel_id: s for s in schedules}
        for post in self.book.unsent():
            schedule = by_channel.get(post.channel_id)
            if post.status == "claimed" and schedule is not None:
                if self.tutor.now() - post.claimed_at <= self.grace:
                    results.append(await self.send(schedule, post.id))
                else:
                    self.book.mark(post.id, status="expired")
            elif post.status == "sending":
                log.warning("daily post %s was mid-send at a crash; not re-sent", post.id)
        for schedule in schedules:
            last = last_fire_before(schedule, self.tutor.now())
            if (
                last is not None
                and self.book.post_for(schedule.channel.channel_id, local_day(schedule, last))
                is None
            ):
                results.append(await self.fire(schedule, last))
        return results

    # ------------------------------------------------------------------ live count and reveal
    async def refresh_count(self, channel: ChannelKey, post_id: int) -> None:
        post = self.book.get(post_id)
        if post is None or post.message_ref is None or post.closed:
            return
        await self.messenger.update(
            channel, post.message_ref, self.book.question_message(post, self.book.tally(post_id))
        )

    async def reveal_due(self) -> int:
        """Post the answer in the thread of every posted question whose reveal time has come."""
        now = self.tutor.now()
        revealed = 0
        for post in self.book.unrevealed():
            if post.reveal_at is None or post.reveal_at > now or post.message_ref is None:
                continue
            channel = self.book.channel_key(post.channel_id)
            if channel is None:
                continue
            tally = self.book.tally(post.id)
            self.book.mark(post.id, revealed_at=now, closed=True)
            try:
                await self.messenger.reply_in_thread(
                    channel, post.message_ref, self.book.reveal_message(post, tally)
                )
                closed = self.book.get(post.id)
                assert closed is not None
                await self.messenger.update(
                    channel, post.message_ref, self.book.closed_message(closed, tally)
                )
            except Exception as exc:
                log.warning("reveal of daily post %s failed: %s", post.id, exc)
                self.book.mark(post.id, revealed_at=None, closed=False)
                continue
            revealed += 1
        return revealed
