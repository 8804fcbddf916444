"""Command and click handlers for the mock exam and the charts. Each returns a `Result`; the
exam's rules are in `bot.exam`, its wording in `bot.render_exam`, the pictures in
`bot.charts` (drawn here, inside the worker thread the core runs handlers in)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import render_charts, render_exam
from bot.actions import Action, ExamOp
from bot.commands import UsageError
from bot.effects import Effect, ReplaceClicked, Respond, Result
from bot.exam import ExamClosed, ExamStep, ExamView
from bot.exam_assembly import ExamKind
from bot.identity import Actor
from bot.messages import Message

if TYPE_CHECKING:
    from bot.core import Core

__all__ = ["chart", "exam", "exam_click", "typed_answer"]

EXAM_USAGE = (
    "Usage: `/ciip exam start [full|half|short]`, `/ciip exam` (where you are), `exam finish`, "
    "`exam stop`, `exam history`, `exam report`, `exam flag`, `exam review`, `exam goto N`"
)


def _messages(step: ExamStep, actor: Actor) -> list[Message]:
    if isinstance(step, ExamView):
        return [render_exam.exam_message(step, actor.buttons)]
    if isinstance(step, ExamClosed):
        return [render_exam.closed_message(step)]
    return render_exam.report_messages(step)


def _result(step: ExamStep, actor: Actor, replace: bool = False) -> Result:
    messages = _messages(step, actor)
    effects: list[Effect] = []
    for i, m in enumerate(messages):
        effects.append(ReplaceClicked(m) if replace and i == 0 else Respond(m))
    return Result(effects, ok=not isinstance(step, ExamClosed))


def _kind(args: tuple[str, ...]) -> ExamKind:
    word = args[0].lower() if args else ExamKind.FULL.value
    try:
        return ExamKind(word)
    except ValueError:
        raise UsageError(EXAM_USAGE) from None


def _position(args: tuple[str, ...]) -> int:
    if len(args) != 1 or not args[0].isdigit():
        raise UsageError("Usage: `/ciip exam goto N` (a question number).")
    return int(args[0]) - 1


def exam(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    sub, rest = args[0], args[1:]
    exams = core.exams
    if sub == "start":
        return _result(exams.start(actor, _kind(rest)), actor)
    if sub == "status":
        step = exams.status(actor)
        if step is None:
            plans = [exams.plan(k) for k in ExamKind]
            return Result([Respond(render_exam.no_exam_message(plans))])
        return _result(step, actor)
    if sub == "stop":
        return Result([Respond(render_exam.stopped_message(exams.stop(actor)))])
    if sub == "history":
        return Result([Respond(render_exam.history_message(exams.history(actor)))])
    if sub == "report":
        report = exams.last_report(actor)
        if report is None:
            return Result([Respond(render_exam.history_message([]))])
        return _result(report, actor)
    if sub == "finish":
        return _result(exams.finish(actor, None), actor)
    if sub == "flag":
        return _result(exams.flag(actor, None, None), actor)
    if sub == "review":
        return _result(exams.review(actor, None), actor)
    if sub == "goto":
        return _result(exams.goto(actor, None, _position(rest)), actor)
    raise UsageError(EXAM_USAGE)


def exam_click(core: Core, actor: Actor, action: Action) -> Result:
    assert action.ref is not None and action.op is not None
    exams, eid, pos = core.exams, action.ref, action.offset
    if action.op is ExamOp.ANSWER:
        assert action.letter is not None
        step = exams.answer(actor, eid, pos, action.letter)
    elif action.op is ExamOp.FLAG:
        step = exams.flag(actor, eid, pos)
    elif action.op is ExamOp.GOTO:
        step = exams.goto(actor, eid, pos)
    elif action.op is ExamOp.REVIEW:
        step = exams.review(actor, eid)
    else:
        step = exams.finish(actor, eid)
    return _result(step, actor, replace=True)


def typed_answer(core: Core, actor: Actor, letter: str) -> Result | None:
    """A typed letter while an exam is open answers the exam; None when no exam is open."""
    if not core.exams.has_open(actor):
        return None
    return _result(core.exams.answer_current(actor, letter), actor)


def chart(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    """`chart mastery|progress|group`: a picture, with alt text, as an image attachment."""
    what = args[0] if args else "mastery"
    if what == "mastery":
        message = render_charts.mastery_message(core.learner.skills(actor))
    elif what == "progress":
        message = render_charts.progress_message(core.progress.weekly(actor))
    else:
        with core.ctx.work() as u:
            channel_id = u.channel(actor)
        if channel_id is None:
            raise UsageError("`/ciip chart group` works in a channel: the group is its members.")
        weeks, weak = core.progress.group(channel_id)
        message = render_charts.group_message(actor.channel_name, weeks, weak)
    return Result([Respond(message)])
