"""Cron triggers that always carry the channel's own timezone, never the host's."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.daily import DailySchedule

__all__ = ["daily_trigger", "last_fire_before", "local_day"]


def daily_trigger(schedule: DailySchedule) -> CronTrigger:
    hour, minute = (int(x) for x in schedule.time.split(":"))
    return CronTrigger(
        day_of_week="mon-fri" if schedule.weekdays_only else "*",
        hour=hour,
        minute=minute,
        timezone=ZoneInfo(schedule.timezone),
    )


def local_day(schedule: DailySchedule, instant: datetime) -> date:
    return instant.astimezone(ZoneInfo(schedule.timezone)).date()


def last_fire_before(schedule: DailySchedule, now: datetime) -> datetime | None:
    """The most recent scheduled instant at or before `now` (within the past 8 days)."""
    trigger = daily_trigger(schedule)
    fire = trigger.get_next_fire_time(None, now - timedelta(days=8))
    last = None
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return last
