"""The admin `daily` commands: schedule, stop, post now, status, weekly digest."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

from bot import render, render_daily, render_plan
from bot.commands import UsageError
from bot.effects import Respond, Result
from bot.errors import TutorError
from bot.identity import Actor
from bot.members import parse_clock_time, validate_timezone

if TYPE_CHECKING:
    from bot.core import Core

__all__ = ["DailyCommands", "parse_daily_args"]

_TIME_SHAPE = re.compile(r"^\d{1,2}:\d{2}$")


def parse_daily_args(args: tuple[str, ...]) -> tuple[str, str | None, bool | None]:
    """`here HH:MM [TZ] [weekdays|everyday]` -> (HH:MM, timezone or None, weekdays-only or None)."""
    usage = "Usage: `/ciip daily here HH:MM [IANA timezone] [weekdays|everyday]`"
    if not args:
        raise UsageError(usage)
    if not _TIME_SHAPE.match(args[0]):
        raise UsageError(usage)
    at = parse_clock_time(args[0])
    zone: str | None = None
    weekdays: bool | None = None
    for arg in args[1:]:
        if arg.lower() in ("weekdays", "everyday", "daily"):
            weekdays = arg.lower() == "weekdays"
        elif zone is None:
            zone = validate_timezone(arg)
        else:
            raise UsageError(usage)
    return at, zone, weekdays


def _say(text: str, public: bool = False) -> Result:
    return Result([Respond(render.text_message(text, private=not public))])


class DailyCommands:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def run(self, actor: Actor, args: tuple[str, ...]) -> Result:
        if not actor.channel:
            raise UsageError("Run `/ciip daily ...` in the channel that should get the question.")
        sub, rest = args[0], args[1:]
        daily = self.core.daily
        control = self.core.daily_control
        if sub == "here":
            at, zone, weekdays = parse_daily_args(rest)
            schedule = await asyncio.to_thread(daily.configure, actor, at, zone, weekdays)
            if control is not None:
                await control.schedule_changed(schedule.channel)
            text = render_daily.schedule_text(schedule)
            if not actor.proactive:
                text += " The Slack, Discord or Teams bot posts it; the console does not."
            return _say(text, public=True)
        if sub == "off":
            key = await asyncio.to_thread(daily.disable, actor)
            if control is not None:
                await control.schedule_changed(key)
            return _say("Daily questions are off for this channel.")
        if sub == "digest":
            if len(rest) != 1 or rest[0].lower() not in ("on", "off"):
                raise UsageError("Usage: `/ciip daily digest on|off`")
            key = await asyncio.to_thread(daily.set_digest, actor, rest[0].lower() == "on")
            if control is not None:
                await control.schedule_changed(key)
            return _say(f"Weekly leaderboard digest {rest[0].lower()}.")
        if sub == "plan":
            if len(rest) != 1:
                raise UsageError("Usage: `/ciip daily plan YYYY-MM-DD` or `/ciip daily plan off`")
            date_text = None if rest[0].lower() == "off" else rest[0]
            exam, plan = await asyncio.to_thread(self.core.plans.set_channel, actor, date_text)
            return _say(render_plan.channel_plan_text(exam, plan), public=exam is not None)
        key = await asyncio.to_thread(self._channel_key, actor)
        if sub == "now":
            if not self.core.can_post:
                raise TutorError(
                    "Posting needs the Slack, Discord or Teams bot running; it is not running here."
                )
            result = await self.core.ticks.post_now(key)
            return _say(render_daily.POST_NOW_TEXT[result.status])
        schedule = await asyncio.to_thread(daily.schedule, key.channel_id)
        next_run = control.next_run(key) if control is not None else None
        text = render_daily.status_text(schedule, next_run)
        exam, plan = await asyncio.to_thread(self.core.plans.channel_plan, key.channel_id)
        if exam is not None:
            text += " " + render_plan.channel_plan_status(exam, plan)
        return _say(text)

    def _channel_key(self, actor: Actor):  # type: ignore[no-untyped-def]
        with self.core.ctx.work() as u:
            return u.directory.channel_key(u.session, actor)
