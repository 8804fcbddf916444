"""Command handlers for exam preparation: `plan`, `ready` and `eligibility`. Each takes the core
and returns a `Result`; the rules live in `bot.plans`, `bot.readiness` and `bot.eligibility`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import render
from bot.commands import UsageError
from bot.effects import Respond, Result
from bot.identity import Actor
from bot.render_plan import NO_PLAN, PLAN_PASSED, plan_message, plan_off_text
from bot.render_ready import eligibility_message, readiness_message

if TYPE_CHECKING:
    from bot.core import Core

__all__ = ["eligibility", "plan", "ready"]

PLAN_USAGE = "Usage: `/ciip plan YYYY-MM-DD`, `/ciip plan` or `/ciip plan off`"


def _reply(message: render.Message, ok: bool = True) -> Result:
    return Result([Respond(message)], ok=ok)


def plan(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    if len(args) > 1:
        raise UsageError(PLAN_USAGE)
    if args and args[0].lower() in ("off", "clear", "none"):
        return _reply(render.text_message(plan_off_text(core.plans.clear_member(actor))))
    if args and args[0].lower() in ("show", "status"):
        args = ()
    if not args:
        view = core.plans.member_view(actor)
        if view is None:
            return _reply(render.text_message(NO_PLAN))
        if view.plan.days_left <= 0:
            return _reply(render.text_message(PLAN_PASSED.format(d=view.plan.exam_date)))
        return _reply(plan_message(view))
    view = core.plans.set_member(actor, args[0])
    assert view is not None
    return _reply(plan_message(view, just_set=True))


def ready(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    if args:
        raise UsageError("Usage: `/ciip ready`")
    estimate, state = core.readiness.readiness(actor)
    return _reply(readiness_message(estimate, state.exam_date))


def eligibility(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    return _reply(eligibility_message(core.eligibility.run(actor, args)))
