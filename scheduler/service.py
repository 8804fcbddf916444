"""`DailyScheduler`: turns time into ticks for the core, on the leader instance only.

It holds APScheduler and the leader lock (both from the core's ports: it opens no database
session and knows no rule). Jobs are rebuilt from the schedules the core reports; each job
does one thing: `await core.handle(Tick(...))`. It implements `bot.ports.DailyControl` so the
admin `daily` commands can tell it a schedule changed.
"""

from __future__ import annotations

import logging
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.core import Core
from bot.daily import DailySchedule
from bot.events import Tick, TickKind
from bot.identity import ChannelKey
from scheduler.triggers import daily_trigger, digest_trigger

__all__ = ["DailyScheduler"]

log = logging.getLogger(__name__)

LEADER_POLL_SECONDS = 30
REVEAL_POLL_SECONDS = 60
MEMBER_JOBS_MINUTES = 15
EXAM_POLL_SECONDS = 60


class DailyScheduler:
    def __init__(
        self,
        core: Core,
        *,
        platform: str | None = None,
        scheduler: AsyncIOScheduler | None = None,
    ) -> None:
        self.core = core
        self.platform = platform
        self.instance = core.instance
        self.leader = core.leader_lock()
        self.aps = scheduler or AsyncIOScheduler(timezone=UTC)
        self.is_leader = False
        core.attach(daily_control=self)

    async def tick(self, kind: TickKind, channel_id: int | None = None) -> None:
        await self.core.handle(Tick(kind, channel_id=channel_id, platform=self.platform))

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        self.aps.start()
        self.aps.add_job(
            self.poll_leadership,
            IntervalTrigger(seconds=LEADER_POLL_SECONDS),
            id="leader",
            next_run_time=self.core.now(),
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

    async def become_leader(self) -> None:
        self.rebuild()
        sweeps = (
            ("reveal", TickKind.REVEAL_SWEEP, IntervalTrigger(seconds=REVEAL_POLL_SECONDS)),
            ("reminders", TickKind.REMINDER_SWEEP, IntervalTrigger(minutes=MEMBER_JOBS_MINUTES)),
            ("nudges", TickKind.NUDGE_SWEEP, IntervalTrigger(minutes=MEMBER_JOBS_MINUTES)),
            ("exams", TickKind.EXAM_SWEEP, IntervalTrigger(seconds=EXAM_POLL_SECONDS)),
        )
        for job_id, kind, trigger in sweeps:
            self.aps.add_job(self.tick, trigger, args=[kind], id=job_id, replace_existing=True)
        await self.tick(TickKind.CATCH_UP)

    # ------------------------------------------------------------------ jobs from the core
    def schedules(self) -> list[DailySchedule]:
        return self.core.schedules(self.platform)

    def rebuild(self) -> None:
        """Replace every daily and digest job with what the core says now."""
        for job in self.aps.get_jobs():
            if job.id.startswith(("daily:", "digest:")):
                job.remove()
        for schedule in self.schedules():
            self._add_jobs(schedule)

    def _add_jobs(self, schedule: DailySchedule) -> None:
        cid = schedule.channel.channel_id
        grace = self.core.posting.grace.total_seconds()
        self.aps.add_job(
            self.tick,
            daily_trigger(schedule),
            args=[TickKind.DAILY_DUE, cid],
            id=f"daily:{cid}",
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=int(grace) or None,
        )
        if schedule.digest_enabled:
            self.aps.add_job(
                self.tick,
                digest_trigger(schedule),
                args=[TickKind.DIGEST_DUE, cid],
                id=f"digest:{cid}",
                replace_existing=True,
                coalesce=True,
            )

    # ------------------------------------------------------------------ DailyControl port
    async def schedule_changed(self, channel: ChannelKey) -> None:
        for prefix in ("daily:", "digest:"):
            job = self.aps.get_job(f"{prefix}{channel.channel_id}")
            if job is not None:
                job.remove()
        schedule = self.core.schedule(channel.channel_id)
        if schedule is not None and self.is_leader:
            self._add_jobs(schedule)

    def next_run(self, channel: ChannelKey) -> str | None:
        job = self.aps.get_job(f"daily:{channel.channel_id}") if self.aps.running else None
        if job is None or job.next_run_time is None:
            return None
        return str(job.next_run_time.isoformat(timespec="minutes"))
