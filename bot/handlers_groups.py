"""Handlers for leaderboards (workspace, channel, study group; paged) and study groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.actions import Action
from bot.boards import BoardScope
from bot.commands import UsageError
from bot.effects import ReplaceClicked, Respond, Result
from bot.errors import NotAllowed
from bot.identity import Actor
from bot.render_boards import (
    board_message,
    group_list_message,
    group_marked_message,
    group_unmarked_message,
)

if TYPE_CHECKING:
    from bot.core import Core

__all__ = ["board_click", "group", "leaderboard"]

_SCOPES = {"here": BoardScope.CHANNEL, "channel": BoardScope.CHANNEL, "group": BoardScope.GROUP}


def leaderboard(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    period, scope = "week", BoardScope.WORKSPACE
    for arg in (a.lower() for a in args):
        if arg in ("week", "month", "all"):
            period = arg
        elif arg in _SCOPES:
            scope = _SCOPES[arg]
        elif arg in ("server", "workspace", "team"):
            scope = BoardScope.WORKSPACE
        else:
            raise UsageError("Usage: `/ciip leaderboard [week|month|all] [here|group]`")
    if scope is BoardScope.GROUP:
        page = core.boards.my_group(actor, period)
    else:
        page = core.boards.page(actor, scope, 0, period)
    return Result([Respond(board_message(page, actor.workspace_name))])


def board_click(core: Core, actor: Actor, action: Action) -> Result:
    """Previous/Next: the page replaces a private board; the adapter shows it privately where
    the clicked board was public (it cannot be replaced for one member)."""
    assert action.ref is not None and action.period is not None and action.scope is not None
    page = core.boards.page(
        actor, BoardScope(action.scope), action.ref, action.period, action.offset
    )
    return Result([ReplaceClicked(board_message(page, actor.workspace_name))])


def group(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    sub, rest = args[0], args[1:]
    if sub == "list":
        return Result([Respond(group_list_message(core.groups.groups(actor)))])
    if not actor.is_admin:
        raise NotAllowed("Only workspace admins can set up or change study groups.")
    if not actor.channel:
        raise UsageError("Run `/ciip group ...` in the channel that should be the study group.")
    if sub == "off":
        return Result([Respond(group_unmarked_message(core.groups.unmark(actor)))])
    if len(rest) > 1 or (rest and not rest[0].strip("<@&>").isdigit()):
        raise UsageError("Usage: `/ciip group here [ROLE ID]`")
    role_id = rest[0].strip("<@&>") if rest else None
    marked = core.groups.mark(actor, role_id)
    if role_id and actor.roles is not None:
        core.groups.sync_roles(actor, actor.roles)
    return Result([Respond(group_marked_message(marked))])
