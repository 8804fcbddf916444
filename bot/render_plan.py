"""Wording for exam dates and study plans: `/ciip plan`, `/ciip daily plan`, plan nudges."""

from __future__ import annotations

from datetime import date

from bot import actions
from bot.messages import Bullets, Button, ButtonStyle, Field, Message, Paragraph, Tone, code, rich
from bot.plans import PlanView
from bot.render import count_noun
from bot.study_plan import PlanWeek, StudyPlan
from question_bank.blueprint import DOMAIN_BY_KEY

__all__ = [
    "NO_PLAN",
    "PLAN_PASSED",
    "channel_plan_status",
    "channel_plan_text",
    "plan_message",
    "plan_nudge_message",
    "plan_off_text",
]

NO_PLAN = (
    "You have no exam date yet. Set one with `/ciip plan YYYY-MM-DD` and I'll plan the weeks "
    "to it, heavy and weak domains first."
)
PLAN_PASSED = (
    "Your exam date {d} has passed; I hope it went well. Set a new date with "
    "`/ciip plan YYYY-MM-DD` (a retake), or clear it with `/ciip plan off`."
)
MAX_WEEKS_SHOWN = 8


def _day(d: date) -> str:
    return f"{d:%b} {d.day}"


def _names(keys: tuple[str, ...]) -> str:
    return ", ".join(DOMAIN_BY_KEY[k].name for k in keys)


def _week_line(week: PlanWeek):  # type: ignore[no-untyped-def]
    label = f"Week {week.number} ({_day(week.start)}-{_day(week.end)}): {_names(week.domains)}"
    parts: list = [f"{'▶ ' if week.current else ''}{label}"]
    if week.timed_practice:
        parts += [" + timed practice: mock exams with ", code("/ciip exam start")]
    return rich(*parts)


def _weeks(plan: StudyPlan) -> Bullets:
    weeks = list(plan.weeks)
    if len(weeks) > MAX_WEEKS_SHOWN:  # long plans: the current stretch and the final weeks
        now = next((i for i, w in enumerate(weeks) if w.current), 0)
        weeks = weeks[now : now + MAX_WEEKS_SHOWN - 2] + weeks[-2:]
        weeks = list(dict.fromkeys(weeks))
    return Bullets(tuple(_week_line(w) for w in weeks))


def plan_message(view: PlanView, *, just_set: bool = False) -> Message:
    plan = view.plan
    days = plan.days_left
    intro = (
        f"Exam day {plan.exam_date.isoformat()} is saved: {count_noun(days, 'day')} to go. "
        if just_set
        else f"Exam day {plan.exam_date.isoformat()}: {count_noun(days, 'day')} to go. "
    )
    body: list = [
        Paragraph(
            rich(
                intro, "Heavy and weak domains first, light domains and timed practice at the end."
            )
        )
    ]
    body.append(_weeks(plan))
    if view.unseen == 0:
        body.append(
            Paragraph(
                rich(
                    "You have met every question in the bank: the plan is now reviews only. Keep "
                    "answering to keep them fresh, and take mock exams with ",
                    code("/ciip exam start"),
                    ".",
                )
            )
        )
    progress = f"{view.answered_today} of {view.target} ({view.new_today} new)" + (
        " ✅" if view.on_target else ""
    )
    fields = (
        Field("Daily target", f"{count_noun(view.target, 'question')} a day"),
        Field("New a day", f"{view.quota} ({view.unseen} of {view.bank_size} not met yet)"),
        Field("Today", progress),
        Field("Your pace", f"{view.pace:.1f} a day this week"),
    )
    footer = rich(
        "The target gets you through every question by exam day. ",
        code("/ciip ready"),
        " estimates where you stand; ",
        code("/ciip plan off"),
        " clears the date.",
    )
    return Message(
        title="Your CIIP study plan",
        body=tuple(body),
        fields=fields,
        footer=footer,
        buttons=(Button("Quiz me", actions.next_question(), ButtonStyle.PRIMARY),),
        tone=Tone.SUCCESS if just_set else Tone.INFO,
    )


def plan_off_text(cleared: bool) -> str:
    if cleared:
        return "Exam date cleared: questions follow the usual rules again."
    return "You had no exam date set. `/ciip plan YYYY-MM-DD` sets one."


def channel_plan_text(exam: date | None, plan: StudyPlan | None) -> str:
    if exam is None or plan is None:
        return "This channel's daily question no longer follows an exam plan."
    focus = _names(plan.focus) if plan.focus else "every domain"
    return (
        f"This channel's daily question now follows a plan to {exam.isoformat()} "
        f"({count_noun(len(plan.weeks), 'week')}); this week's focus: {focus}. Members can set "
        f"the same date for themselves with `/ciip plan {exam.isoformat()}`."
    )


def channel_plan_status(exam: date, plan: StudyPlan | None) -> str:
    if plan is None:
        return f"Its exam plan ended on {exam.isoformat()} (`/ciip daily plan off` clears it)."
    focus = _names(plan.focus) if plan.focus else "every domain"
    return f"It follows an exam plan to {exam.isoformat()}; this week's focus: {focus}."


def plan_nudge_message(done: int, target: int, exam: date) -> Message:
    left = target - done
    return Message(
        title="ciip-tutor study plan",
        body=rich(
            f"📅 {count_noun(done, 'question')} of today's {target} so far; "
            f"{count_noun(left, 'more question')} keep you on track for {exam.isoformat()}. ",
            code("/ciip quiz"),
            " picks up where you left off.",
        ),
        tone=Tone.WARNING,
    )
