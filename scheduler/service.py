"""`DailyScheduler`: APScheduler jobs rebuilt from the database, run by the leader only.

It implements `bot.ports.DailyControl` for the admin `daily` commands and is handed a
`bot.ports.Messenger` by the composition root; it never imports an adapter. Job bodies live in
`DailyRunner` and `MemberJobs`, which take time from the injected clock, so tests drive them
directly without APScheduler or sleeping.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import UTC, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.daily import DailyBook, DailySchedule
from bot.identity import ChannelKey
from bot.leaderboard import read_board, scope_for
from bot.messages import Message
from bot.ports import Messenger
from bot.render import board_message
from bot.tutor import Tutor
from scheduler.daily_jobs import DailyRunner, PostResult
from scheduler.leader import LeaderLock
from scheduler.member_jobs import MemberJobs
from scheduler.triggers import daily_trigger, last_fire_before

__all__ = ["DailyScheduler"]

log = logging.getLogger(__name__)

LEADER_POLL_SECONDS = 30
REVEAL_POLL_SECONDS = 60
MEMBER_JOBS_MINUTES = 15


class DailyScheduler:
    def __init__(
        self,
        tutor: Tutor,
        messenger: Messenger,
        *,
        platform: str | None = None,
        instance: str | None = None,
        scheduler: AsyncIOScheduler | None = None,
    ) -> None:
        self.tutor = tutor
        self.book = DailyBook(self.tutor)
        self.platform = platform
        self.instance = instance or f"{socket.gethostname()}:{os.getpid()}"
        self.runner = DailyRunner(self.tutor, messenger, self.instance)
        self.members = MemberJobs(self.tutor, messenger, platform)
        self.messenger = messenger
        self.leader = LeaderLock(self.tutor.db)
        self.aps = scheduler or AsyncIOScheduler(timezone=UTC)
        self.is_leader = False

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        self.aps.start()
        self.aps.add_job(
            self.poll_leadership,
            IntervalTrigger(seconds=LEADER_POLL_SECONDS),
            id="leader",
            next_run_time=self.tutor.now(),
            replace_existing=True,
        )

    async def shutdown(self) -> None:
        if self.aps.running:
            self.aps.shutdown(wait=False)
        self.leader.release()
        self.is_leader = False

    async def poll_leadership(self) -> None:
        leader = self.leader.try_acquire()
        if leader and not self.is_leader:
            log.info("instance %s is now the scheduler leader", self.instance)
            self.is_leader = True
            await self.become_leader()
        elif not leader and self.is_leader:
            log.warning("instance %s lost leadership; stopping jobs", self.instance)
            self.is_leader = False
            for job in self.aps.get_jobs():
                if job.id != "leader":
                    job.remove()

    async def become_leader(self) -> list[PostResult]:
        self.rebuild()
        self.aps.add_job(
            self.runner.reveal_due,
            IntervalTrigger(seconds=REVEAL_POLL_SECONDS),
            id="reveal",
            replace_existing=True,
        )
        self.aps.add_job(
            self.member_jobs,
            IntervalTrigger(minutes=MEMBER_JOBS_MINUTES),
            id="members",
            replace_existing=True,
        )
        return await self.runner.catch_up(self.schedules())

    async def member_jobs(self) -> None:
        await self.members.ce_reminders()
        await self.members.study_nudges()

    # ------------------------------------------------------------------ jobs from the database
    def schedules(self) -> list[DailySchedule]:
        return self.book.schedules(self.platform)

    def rebuild(self) -> None:
        """Replace every daily and digest job with what the database says now."""
        for job in self.aps.get_jobs():
            if job.id.startswith(("daily:", "digest:")):
                job.remove()
        for schedule in self.schedules():
            self._add_jobs(schedule)

    def _add_jobs(self, schedule: DailySchedule) -> None:
        cid = schedule.channel.channel_id
        self.aps.add_job(
            self.fire_channel,
            daily_trigger(schedule),
            args=[cid],
            id=f"daily:{cid}",
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=int(self.runner.grace.total_seconds()) or None,
        )
        if schedule.digest_enabled:
            hour, minute = schedule.time.split(":")
            self.aps.add_job(
                self.post_digest,
                CronTrigger(
                    day_of_week="mon",
                    hour=int(hour),
                    minute=int(minute),
                    timezone=daily_trigger(schedule).timezone,
                ),
                args=[cid],
                id=f"digest:{cid}",
                replace_existing=True,
                coalesce=True,
            )

    async def fire_channel(self, channel_id: int) -> PostResult | None:
        schedule = self.book.schedule(channel_id)
        if schedule is None:
            return None
        fire_time = last_fire_before(schedule, self.tutor.now()) or self.tutor.now()
        return await self.runner.fire(schedule, fire_time)

    async def post_digest(self, channel_id: int) -> None:
        """Weekly leaderboard digest: last week's board for the channel."""
        channel = self.book.channel_key(channel_id)
        if channel is None:
            return
        last_week = self.tutor.now() - timedelta(days=7)
        with self.tutor.db.session() as s:
            board = read_board(
                s, scope_for(channel.workspace_id, channel.channel_id), "week", last_week, None
            )
        message = board_message(board, "this channel")
        await self.messenger.post(
            channel,
            Message(title="Weekly digest: " + message.title, body=message.body, private=False),
        )

    # ------------------------------------------------------------------ DailyControl port
    async def schedule_changed(self, channel: ChannelKey) -> None:
        for prefix in ("daily:", "digest:"):
            job = self.aps.get_job(f"{prefix}{channel.channel_id}")
            if job is not None:
                job.remove()
        schedule = self.book.schedule(channel.channel_id)
        if schedule is not None and self.is_leader:
            self._add_jobs(schedule)

    async def post_now(self, channel: ChannelKey) -> str:
        schedule = self.book.schedule(channel.channel_id) or DailySchedule(
            channel, "00:00", "UTC", False, self.tutor.settings.daily_reveal_minutes, False
        )
        result = await self.runner.fire(schedule, self.tutor.now())
        return {
            "posted": "Posted today's question here.",
            "exists": "Today's question is already posted here.",
            "failed": "I couldn't post the question (the platform refused); I'll retry later.",
            "empty": "There is no question left to ask.",
            "skipped": "Too late for today's question.",
        }[result.status]

    def describe(self, channel: ChannelKey) -> str:
        job = self.aps.get_job(f"daily:{channel.channel_id}") if self.aps.running else None
        if job is None or job.next_run_time is None:
            return "Not scheduled on this instance (another instance may be the leader)."
        return f"Next post: {job.next_run_time.isoformat(timespec='minutes')}."
