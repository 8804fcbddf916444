"""Command and click handlers for personal study: quiz, answers, stats, streak, overview,
timezone and nudges. Each takes the core and returns a `Result`; none touches a platform."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import handlers_exam, render
from bot.actions import Action
from bot.boards import BoardScope
from bot.commands import UsageError
from bot.effects import ReplaceClicked, Respond, Result, Update
from bot.errors import TutorError
from bot.identity import Actor
from bot.learner_views import weakest
from bot.members import parse_clock_time
from bot.quiz import QuizFilter
from bot.render_daily import question_message as daily_question_message
from bot.render_overview import Overview, overview_messages
from question_bank.blueprint import DOMAINS

if TYPE_CHECKING:
    from bot.core import Core

__all__ = [
    "answer_click",
    "answer_open",
    "daily_click",
    "me",
    "next_click",
    "nudges",
    "overview",
    "quiz",
    "stats",
    "streak",
    "timezone",
]


def _answer_hint(actor: Actor) -> str:
    return "Answer with a button (or type A-D)." if actor.buttons else "Type A, B, C or D."


def _reply(*messages: render.Message, ok: bool = True) -> Result:
    return Result([Respond(m) for m in messages], ok=ok)


def quiz(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    f = QuizFilter()
    if args:
        wanted = " ".join(args)
        found = core.quiz.resolve_filter(wanted)
        if found is None:
            choices = ", ".join(f"`{d.key.split('_')[0]}`" for d in DOMAINS)
            raise UsageError(
                f"I don't know the domain or topic `{wanted[:40]}`. Domains: {choices}; or a "
                "topic word such as `dicom`, `hl7` or `hipaa`."
            )
        f = found
    return ask(core, actor, f)


def ask(core: Core, actor: Actor, f: QuizFilter, replace: bool = False) -> Result:
    item = core.quiz.next_question(actor, f)
    if item is None:
        text = (
            f"There are no {f.label()} questions here yet."
            if f.domain is not None and not core.ctx.catalog.bank.ids_in(f.domain.key, None)
            else "You've seen every question here recently and none is due; come back tomorrow "
            "or try another domain."
        )
        return _reply(render.text_message(text), ok=False)
    message = render.question_message(item, _answer_hint(actor))
    return Result([ReplaceClicked(message) if replace else Respond(message)])


def answer_click(core: Core, actor: Actor, action: Action) -> Result:
    assert action.ref is not None and action.letter is not None
    outcome = core.quiz.answer_issued(actor, action.ref, action.letter)
    message = render.outcome_message(
        outcome, QuizFilter.from_token(action.filter), buttons=actor.buttons
    )
    return Result([ReplaceClicked(message, keep_shown=True)])


def next_click(core: Core, actor: Actor, action: Action) -> Result:
    return ask(core, actor, QuizFilter.from_token(action.filter))


def daily_click(core: Core, actor: Actor, action: Action) -> Result:
    """A private answer to the channel's question, and the channel message's new count."""
    assert action.ref is not None and action.letter is not None
    outcome, post = core.daily.answer(actor, action.ref, action.letter)
    effects: list = [Respond(render.outcome_message(outcome, buttons=actor.buttons))]
    channel = core.daily.channel_key(post.channel_id)
    if not outcome.duplicate and post.message_ref and channel is not None:
        tally = core.daily.tally(post.id)
        effects.append(
            Update(
                channel,
                post.message_ref,
                daily_question_message(post.id, outcome.question, tally),
                coalesce=f"daily:{post.id}",
                version=tally.answered,
            )
        )
    return Result(effects)


def answer_open(core: Core, actor: Actor, letter: str) -> Result:
    """A bare letter (console): answers the open mock exam's question, else the member's open
    quiz question, if any."""
    in_exam = handlers_exam.typed_answer(core, actor, letter)
    if in_exam is not None:
        return in_exam
    item = core.quiz.open_question(actor)
    if item is None:
        raise TutorError("No open question. Type `quiz` for one.")
    outcome = core.quiz.answer_issued(actor, item.issued_id, letter)
    return _reply(render.outcome_message(outcome, item.filter, buttons=actor.buttons))


def stats(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    skills = core.learner.skills(actor)
    return _reply(render.stats_message(skills, weakest(skills)))


def streak(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    return _reply(render.streak_message(core.learner.streak(actor)))


def overview(core: Core, actor: Actor) -> list[render.Message]:
    skills = core.learner.skills(actor)
    estimate, state = core.readiness.readiness(actor)
    data = Overview(
        streak=core.learner.streak(actor),
        skills=skills,
        weakest=weakest(skills),
        week=core.boards.page(actor, BoardScope.WORKSPACE, 0, "week"),
        ce=core.ce.status(actor),
        readiness=estimate,
        exam_date=state.exam_date,
        plan=core.plans.member_view(actor) if state.exam_date is not None else None,
    )
    return overview_messages(data)


def me(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    return _reply(*overview(core, actor))


def timezone(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    if len(args) != 1:
        raise UsageError("Usage: `/ciip timezone <IANA name>`, e.g. `America/Chicago`.")
    zone = core.members.set_timezone(actor, args[0])
    return _reply(
        render.text_message(f"Timezone set to {zone}. Streaks now follow your local days.")
    )


def nudges(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    usage = "Usage: `/ciip nudges on HH:MM` or `/ciip nudges off`"
    if not args or args[0].lower() not in ("on", "off") or len(args) > 2:
        raise UsageError(usage)
    if args[0].lower() == "off":
        core.members.set_nudges(actor, None)
        return _reply(render.text_message("Study nudges are off."))
    if len(args) != 2:
        raise UsageError(usage)
    at = parse_clock_time(args[1])
    core.members.set_nudges(actor, at)
    text = f"I'll nudge you at {at} your time when reviews are due and your streak is at risk."
    if not actor.proactive:
        text += (
            " Nudges arrive as direct messages from the Slack, Discord or Teams bot; this "
            "console has nothing running in the background to send them."
        )
    return _reply(render.text_message(text))
