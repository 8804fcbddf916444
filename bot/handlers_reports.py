"""Command and click handlers for question reports: `/ciip report`, the Report button and its
reason picker, and the admins' `/ciip reports [clear|retire <id>]`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import render_reports
from bot.actions import Action
from bot.commands import UsageError
from bot.effects import ReplaceClicked, Respond, Result
from bot.identity import Actor
from bot.reports import ReportReason, parse_reason

if TYPE_CHECKING:
    from bot.core import Core

__all__ = ["report", "report_click", "reports"]


def report(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    """`/ciip report <question id> <reason> [note]`: the typed form, for every adapter."""
    if len(args) < 2:
        raise UsageError(render_reports.report_help())
    reason = parse_reason(args[1])
    if reason is None:
        raise UsageError(render_reports.report_help())
    outcome = core.reports.report(actor, args[0], reason, " ".join(args[2:]))
    return Result([Respond(render_reports.reported_message(outcome))])


def report_click(core: Core, actor: Actor, action: Action) -> Result:
    """Report on an answer card shows the reason picker; a reason in the picker sends the
    report and replaces the picker with the confirmation (so it cannot be pressed twice)."""
    assert action.question_id is not None
    if action.reason is None:
        qid = core.reports.known_question(actor, action.question_id)
        return Result([Respond(render_reports.picker_message(qid))])
    outcome = core.reports.report(actor, action.question_id, ReportReason(action.reason))
    return Result([ReplaceClicked(render_reports.reported_message(outcome))])


def reports(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    """Admins: the workspace's queue, or clear / retire one question."""
    sub = args[0]
    if sub == "list":
        if len(args) != 1:
            raise UsageError(
                "Usage: `/ciip reports`, `/ciip reports clear <id>` or `/ciip reports retire <id>`"
            )
        queue = core.reports.queue(actor)
        return Result([Respond(render_reports.queue_message(queue, core.reports.threshold))])
    if len(args) != 2:
        raise UsageError(f"Usage: `/ciip reports {sub} <question id>`")
    if sub == "clear":
        qid, cleared, unretired = core.reports.clear(actor, args[1])
        return Result([Respond(render_reports.cleared_message(qid, cleared, unretired))])
    qid, resolved = core.reports.retire(actor, args[1])
    return Result([Respond(render_reports.retired_message(qid, resolved))])
