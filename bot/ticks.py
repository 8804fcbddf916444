"""What each `Tick` means: the scheduler only says the time has come; this decides the rest."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.daily import DailySchedule
from bot.daily_posting import PostResult, PostStatus, last_fire_before
from bot.effects import Result
from bot.events import Tick, TickKind
from bot.identity import ChannelKey
from bot.leaderboard import read_board, scope_for
from bot.render_boards import digest_message
from bot.render_charts import group_message
from bot.render_exam import report_messages

if TYPE_CHECKING:
    from bot.core import Core

__all__ = ["TickRunner"]

log = logging.getLogger(__name__)


class TickRunner:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def run(self, tick: Tick) -> Result:
        """Runs the tick; `Result.ok` is False when something was due and not done."""
        kind = tick.kind
        if kind is TickKind.DAILY_DUE:
            assert tick.channel_id is not None
            result = await self.fire_channel(tick.channel_id, tick)
            return Result(ok=result is None or result.status is not PostStatus.FAILED)
        if kind is TickKind.CATCH_UP:
            schedules = await asyncio.to_thread(self.core.daily.schedules, tick.platform)
            await self.core.posting.catch_up(schedules)
        elif kind is TickKind.REVEAL_SWEEP:
            await self.core.posting.reveal_due()
        elif kind is TickKind.REMINDER_SWEEP:
            await self.core.sweeps.ce_reminders(tick.platform)
        elif kind is TickKind.NUDGE_SWEEP:
            await self.core.sweeps.study_nudges(tick.platform)
        elif kind is TickKind.DIGEST_DUE:
            assert tick.channel_id is not None
            await self.digest(tick.channel_id)
        elif kind is TickKind.EXAM_SWEEP:
            await self.close_expired_exams()
        return Result()

    async def close_expired_exams(self) -> int:
        """Close and score every exam whose time ran out; send each report by DM where a
        messenger can. The exam is closed either way: the member sees the report on
        `/ciip exam report` if the DM could not go."""
        closed = 0
        for exam_id in await asyncio.to_thread(self.core.exams.expired_ids):
            done = await asyncio.to_thread(self.core.exams.expire, exam_id)
            if done is None:
                continue
            closed += 1
            address, report = done
            if not self.core.can_post:
                continue
            for message in await asyncio.to_thread(report_messages, report):
                try:
                    await self.core.messenger.send_dm(address, message)
                except Exception:
                    log.warning("could not DM the report of mock exam %s", exam_id, exc_info=True)
                    break
        return closed

    async def fire_channel(self, channel_id: int, tick: Tick) -> PostResult | None:
        schedule = await asyncio.to_thread(self.core.daily.schedule, channel_id)
        if schedule is None:
            return None
        now = self.core.ctx.now()
        fire_time = tick.fire_time or last_fire_before(schedule, now) or now
        return await self.core.posting.fire(schedule, fire_time)

    async def post_now(self, channel: ChannelKey) -> PostResult:
        """`daily now`: today's post, claimed like a scheduled one (never twice a day)."""
        schedule = await asyncio.to_thread(self.core.daily.schedule, channel.channel_id)
        schedule = schedule or DailySchedule(
            channel, "00:00", "UTC", False, self.core.ctx.settings.daily_reveal_minutes, False
        )
        return await self.core.posting.fire(schedule, self.core.ctx.now())

    async def digest(self, channel_id: int) -> None:
        """Weekly leaderboard digest: last week's board for the channel."""
        channel = await asyncio.to_thread(self.core.daily.channel_key, channel_id)
        if channel is None:
            return
        last_week = self.core.ctx.now() - timedelta(days=7)

        def board():  # type: ignore[no-untyped-def]
            with self.core.ctx.read() as s:
                return read_board(
                    s, scope_for(channel.workspace_id, channel.channel_id), "week", last_week, None
                )

        await self.core.messenger.post(channel, digest_message(await asyncio.to_thread(board)))
        weeks, weak = await asyncio.to_thread(self.core.progress.group, channel.channel_id)
        if any(w.answers for w in weeks):
            picture = await asyncio.to_thread(group_message, "", weeks, weak)
            await self.core.messenger.post(channel, picture)
