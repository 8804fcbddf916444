"""Cron triggers that always carry the channel's own timezone, never the host's."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.daily import DailySchedule

__all__ = ["daily_trigger", "digest_trigger"]


def daily_trigger(schedule: DailySchedule) -> CronTrigger:
    hour, minute = (int(x) for x in schedule.time.split(":"))
    return CronTrigger(
        day_of_week="mon-fri" if schedule.weekdays_only else "*",
        hour=hour,
        minute=minute,
        timezone=ZoneInfo(schedule.timezone),
    )


def digest_trigger(schedule: DailySchedule) -> CronTrigger:
    """Mondays at the channel's daily time."""
    hour, minute = (int(x) for x in schedule.time.split(":"))
    return CronTrigger(
        day_of_week="mon", hour=hour, minute=minute, timezone=ZoneInfo(schedule.timezone)
    )
