"""Wording of the channel's daily question: the post, its live count, the reveal, the status."""

from __future__ import annotations

from bot import actions
from bot.daily import DailySchedule, Tally
from bot.messages import Button, Choice, Field, Message
from bot.render import count_noun, explanation_fields, question_header
from question_bank.schema import LETTERS, Question

__all__ = [
    "POST_NOW_TEXT",
    "closed_message",
    "question_message",
    "reveal_message",
    "schedule_text",
]

POST_NOW_TEXT = {
    "posted": "Posted today's question here.",
    "exists": "Today's question is already posted here.",
    "failed": "I couldn't post the question (the platform refused); I'll retry later.",
    "empty": "There is no question left to ask.",
    "skipped": "Too late for today's question.",
}


def _choices(q: Question) -> tuple[Choice, ...]:
    return tuple(Choice(letter, q.options[letter]) for letter in LETTERS)


def question_message(post_id: int, q: Question, tally: Tally | None = None) -> Message:
    count = tally.answered if tally else 0
    return Message(
        title=f"Daily question · {question_header(q)}",
        body=q.stem,
        choices=_choices(q),
        buttons=tuple(Button(letter, actions.answer_daily(post_id, letter)) for letter in LETTERS),
        footer=f"{count} answered · answer privately with a button",
        private=False,
    )


def reveal_message(q: Question, tally: Tally) -> Message:
    return Message(
        title=f"Answer: {q.key}) {q.options[q.key]}",
        body=f"{tally.answered} answered, {tally.percent_correct}% correct.",
        fields=(*explanation_fields(q, None), Field("Question", q.id)),
        private=False,
    )


def closed_message(q: Question, tally: Tally) -> Message:
    """The channel message after the reveal: same question, no buttons, the result."""
    return Message(
        title=f"Daily question (closed) · {question_header(q)}",
        body=q.stem,
        choices=_choices(q),
        footer=f"{tally.answered} answered, {tally.percent_correct}% correct · answer: {q.key}",
        private=False,
    )


def schedule_text(schedule: DailySchedule) -> str:
    days = "on weekdays" if schedule.weekdays_only else "every day"
    hours = schedule.reveal_after_minutes / 60
    return (
        f"Daily question scheduled here at {schedule.time} {schedule.timezone} {days}; the "
        f"answer is revealed {count_noun(round(hours, 1), 'hour')} later."
    )


def status_text(
    schedule: DailySchedule | None, next_run: str | None, *, proactive: bool = True
) -> str:
    """`proactive=False` where nothing posts (the console): say who does, not "another
    instance may be the leader"."""
    if schedule is None:
        return "No daily question here. Set one with `/ciip daily here 09:00 Europe/Berlin`."
    days = "weekdays" if schedule.weekdays_only else "every day"
    text = f"Daily question at {schedule.time} {schedule.timezone}, {days}."
    if not proactive:
        return text + " The Slack, Discord or Teams bot posts it; the console does not."
    if next_run is None:
        return text + " Not scheduled on this instance (another instance may be the leader)."
    return text + f" Next post: {next_run}."
