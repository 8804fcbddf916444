"""The App Home tab: a member's streak, weak domains, leaderboard place, CE status and deadlines.

Data is read in a worker thread (`load_home`) and rendered as neutral `Message`s, then as
Block Kit through `adapters.slack.blocks`, so the wording style matches every other reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from adapters.services import Services
from adapters.slack.blocks import reply_blocks
from bot import actions, render
from bot.ce_calendar import CeStatus
from bot.identity import Actor
from bot.learner import DomainSkill
from bot.messages import Button, ButtonStyle, Field, Message

__all__ = ["HomeData", "home_view", "load_home", "next_deadlines"]

HOME_BLOCK_LIMIT = 100


@dataclass(frozen=True, slots=True)
class HomeData:
    streak: int
    best_streak: int
    answered: int
    correct: int
    weakest: list[DomainSkill]
    rank: int | None
    board_total: int
    points: int
    ce: CeStatus | None


def load_home(services: Services, actor: Actor) -> HomeData:
    """Everything the tab shows, read at once (call it in a worker thread)."""
    tutor = services.tutor
    current, best, _ = tutor.streak(actor)
    skills = tutor.skills(actor)
    board = tutor.leaderboard(actor, "week")
    me = board.me
    return HomeData(
        streak=current,
        best_streak=best,
        answered=sum(k.answered for k in skills),
        correct=sum(k.correct for k in skills),
        weakest=tutor.weakest(skills),
        rank=me.rank if me is not None else None,
        board_total=board.total,
        points=me.points if me is not None else 0,
        ce=services.dispatcher.ce.status(actor),
    )


def next_deadlines(status: CeStatus, limit: int = 3) -> list[tuple[date, str]]:
    """The coming CE and renewal dates, soonest first."""
    found: list[tuple[date, str]] = [
        (status.fee_due, f"annual renewal fee (${status.fee_usd})"),
        (status.ten_year_due, "ten-year requirements"),
    ]
    if status.period_started:
        found.append((status.period.end, f"{status.remaining:g} CE credits for this period"))
    if status.in_late_window and status.late_window_end is not None:
        found.append((status.late_window_end, "late window closes"))
    upcoming = sorted((d, what) for d, what in found if d >= status.today)
    return upcoming[:limit]


def _messages(data: HomeData) -> list[Message]:
    intro = Message(
        title="Your CIIP study",
        body="Practise with `/ciip quiz` in any channel, or press the button for a question in "
        "a direct message. `/ciip help` lists every command.",
        buttons=(Button("Quiz me", actions.next_question(), ButtonStyle.PRIMARY),),
    )
    streak = render.streak_message(data.streak, data.best_streak)
    progress = Message(
        title="Progress",
        fields=(
            Field("Streak", f"{data.streak} days (best {data.best_streak})"),
            Field(
                "Answered",
                f"{data.correct}/{data.answered} correct" if data.answered else "none yet",
            ),
            Field(
                "This week",
                f"#{data.rank} of {data.board_total} ({data.points} pts)"
                if data.rank is not None
                else "not on the board yet",
            ),
        ),
        footer=streak.body,
    )
    if data.weakest:
        weak = Message(
            title="Weakest domains",
            body="\n".join(
                f"{k.domain.letter} {k.domain.name}: {k.correct}/{k.answered}" for k in data.weakest
            ),
            buttons=tuple(
                Button(f"Practise {k.domain.name}", actions.next_question(k.domain.key))
                for k in data.weakest
            ),
        )
    else:
        weak = Message(
            title="Weakest domains", body="Answer a few questions and your weak spots show here."
        )
    ce = render.ce_status_message(data.ce)
    parts = [intro, progress, weak, ce]
    if data.ce is not None:
        deadlines = next_deadlines(data.ce)
        if deadlines:
            parts.append(
                Message(
                    title="Next deadlines",
                    body="\n".join(f"{d.isoformat()}: {what}" for d, what in deadlines),
                )
            )
    return parts


def home_view(data: HomeData) -> dict[str, Any]:
    """The `view` argument for views.publish."""
    return {"type": "home", "blocks": reply_blocks(_messages(data), HOME_BLOCK_LIMIT)}
