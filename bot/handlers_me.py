"""`/ciip me`, `me export`, `me delete`: the overview, and the member's own data.

Export and delete happen only where a reply is private (`Actor.files_private`): a JSON file of
someone's history in a shared channel would be public, and so would the delete button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import handlers_learning, render_me
from bot.actions import Action
from bot.commands import UsageError
from bot.effects import ReplaceClicked, Respond, Result
from bot.identity import Actor

if TYPE_CHECKING:
    from bot.core import Core

__all__ = ["CONFIRM_MINUTES", "delete_click", "me"]

CONFIRM_MINUTES = 15


def _minute(core: Core) -> int:
    return int(core.ctx.now().timestamp() // 60)


def me(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    if not args:
        return handlers_learning.me(core, actor, args)
    sub = args[0].lower()
    if sub not in ("export", "delete"):
        raise UsageError("Usage: `/ciip me`, `/ciip me export` or `/ciip me delete`.")
    if not actor.files_private:
        return Result([Respond(render_me.not_here_message(sub))], ok=False)
    if sub == "export":
        data, rows = core.my_data.export_actor(actor)
        return Result([Respond(render_me.export_message(data, rows))])
    if len(args) == 2 and args[1].lower() == "confirm" and not actor.buttons:
        report = core.my_data.delete_actor(actor)
        return Result([Respond(render_me.deleted_message(report.total))])
    return Result([Respond(render_me.delete_confirm_message(_minute(core), actor.buttons))])


def delete_click(core: Core, actor: Actor, action: Action) -> Result:
    assert action.ref is not None
    if not 0 <= _minute(core) - action.ref <= CONFIRM_MINUTES:
        return Result([ReplaceClicked(render_me.stale_confirm_message())], ok=False)
    report = core.my_data.delete_actor(actor)
    return Result([ReplaceClicked(render_me.deleted_message(report.total))])
