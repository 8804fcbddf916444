"""The personal overview: Slack's App Home, and `/ciip me` on every adapter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import actions
from bot.boards import BoardPage
from bot.ce_book import next_deadlines
from bot.ce_calendar import CeStatus
from bot.learner import DomainSkill
from bot.learner_views import Streak
from bot.messages import Bullets, Button, ButtonStyle, Field, Message, code, rich
from bot.plans import PlanView
from bot.readiness import Readiness
from bot.render import count_noun, streak_message
from bot.render_ce import ce_status_message, deadlines_message
from bot.render_ready import DISCLAIMER, readiness_summary
from question_bank.blueprint import DOMAIN_BY_KEY

__all__ = ["Overview", "overview_messages"]


@dataclass(frozen=True, slots=True)
class Overview:
    streak: Streak
    skills: list[DomainSkill]
    weakest: list[DomainSkill]
    week: BoardPage
    ce: CeStatus | None
    readiness: Readiness | None = None
    exam_date: date | None = None
    plan: PlanView | None = None


def _readiness_part(data: Overview) -> Message | None:
    """Readiness and the plan's day, recomputed on every open (`bot.readiness_views`)."""
    if data.readiness is None:
        return None
    r = data.readiness
    fields = [Field("Readiness", readiness_summary(r, data.exam_date))]
    if data.plan is not None:
        p = data.plan
        fields.append(Field("Today's plan", f"{p.answered_today} of {p.target} questions"))
        fields.append(Field("Days to exam", str(p.plan.days_left)))
    if r.actions:
        a = r.actions[0]
        fields.append(
            Field("Biggest gain", f"{DOMAIN_BY_KEY[a.domain].name}: +{a.gain:.1f} points")
        )
    return Message(
        title="Exam readiness",
        fields=tuple(fields),
        footer=rich(DISCLAIMER, " Details: ", code("/ciip ready"), "."),
    )


def overview_messages(data: Overview) -> list[Message]:
    answered = sum(k.answered for k in data.skills)
    correct = sum(k.correct for k in data.skills)
    me = data.week.board.me
    intro = Message(
        title="Your CIIP study",
        body=rich(
            "Practice with ",
            code("/ciip quiz"),
            ", or press the button for a question. ",
            code("/ciip help"),
            " lists every command.",
        ),
        buttons=(Button("Quiz me", actions.next_question(), ButtonStyle.PRIMARY),),
    )
    progress = Message(
        title="Progress",
        fields=(
            Field("Streak", f"{count_noun(data.streak.current, 'day')} (best {data.streak.best})"),
            Field("Answered", f"{correct} of {answered} correct" if answered else "none yet"),
            Field(
                "This week",
                f"#{me.rank} of {data.week.board.total} ({me.points} pts)"
                if me is not None
                else "not on the board yet",
            ),
        ),
        footer=streak_message(data.streak).body_text,
    )
    if data.weakest:
        weak = Message(
            title="Weakest domains",
            body=(
                Bullets(
                    tuple(
                        rich(f"{k.domain.letter} {k.domain.name}: {k.correct} of {k.answered}")
                        for k in data.weakest
                    )
                ),
            ),
            buttons=tuple(
                Button(f"Practice {k.domain.name}", actions.next_question(f"d.{k.domain.key}"))
                for k in data.weakest
            ),
        )
    else:
        weak = Message(
            title="Weakest domains",
            body="Answer a few questions (and miss one) and your weak spots show here.",
        )
    parts = [intro, progress]
    ready = _readiness_part(data)
    if ready is not None:
        parts.append(ready)
    parts += [weak, ce_status_message(data.ce)]
    if data.ce is not None:
        deadlines = next_deadlines(data.ce)
        if deadlines:
            parts.append(deadlines_message(deadlines))
    return parts
