"""Every sentence of the mock exam: the question screen, the review screen, the report, the
history. Like the real exam, nothing here says right or wrong before the report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot import actions
from bot.actions import ExamOp
from bot.exam import ExamClosed, ExamView
from bot.exam_assembly import ExamPlan
from bot.exam_report import ExamReport, ExamState, ExamSummary
from bot.messages import (
    Bullets,
    Button,
    ButtonStyle,
    Choice,
    Field,
    Message,
    Paragraph,
    Tone,
    code,
    rich,
    strong,
)
from bot.render_charts import domain_label, exam_attachment
from question_bank.schema import LETTERS

__all__ = [
    "closed_message",
    "duration",
    "exam_message",
    "history_message",
    "no_exam_message",
    "report_messages",
    "stopped_message",
]

REVIEW_LIMIT = 10
"""Misses shown in full in the report; the rest come back as spaced-repetition reviews."""
MAX_JUMPS = 15


def duration(span: timedelta, round_up: bool = False) -> str:
    """`1 h 48 min`, `19 min`, `under a minute`. Time left rounds up (a fresh 20-minute exam
    says 20 min, not 19), time used rounds down."""
    seconds = span.total_seconds()
    minutes = int(-(-seconds // 60) if round_up else seconds // 60)
    if minutes < 1:
        return "under a minute"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def _progress_line(view: ExamView) -> str:
    left = duration(view.time_left, round_up=True)
    return f"Question {view.position + 1} of {view.total} · {left} left"


def _typed_hint(view: ExamView) -> str:
    return (
        "Type A-D to answer; `exam flag` to flag this one, `exam review` for flagged ones, "
        "`exam goto N`, `exam finish` to end."
    )


def exam_message(view: ExamView, buttons: bool = True) -> Message:
    """One exam question (or, once all are answered with some flagged, the review screen)."""
    if view.review:
        return _review_message(view, buttons)
    q = view.question
    eid, pos = view.exam_id, view.position
    letter_buttons = tuple(
        Button(
            letter,
            actions.exam_action(eid, pos, letter),
            ButtonStyle.PRIMARY if view.choice == letter else ButtonStyle.DEFAULT,
        )
        for letter in LETTERS
    )
    tools = [
        Button(
            "Unflag" if view.flagged else "🚩 Flag for review",
            actions.exam_action(eid, pos, ExamOp.FLAG),
        )
    ]
    if view.flagged_positions:
        tools.append(
            Button(
                f"Review flagged ({len(view.flagged_positions)})",
                actions.exam_action(eid, 0, ExamOp.REVIEW),
            )
        )
    tools.append(Button("Finish exam", actions.exam_action(eid, 0, ExamOp.END), ButtonStyle.DANGER))
    status = [f"Answered {view.answered} of {view.total}"]
    if view.flagged_positions:
        status.append(f"flagged {len(view.flagged_positions)}")
    if view.choice:
        status.append(f"your answer: {view.choice}")
    if view.flagged:
        status.append("🚩 flagged")
    footer = " · ".join(status) + ". No feedback until the end."
    if not buttons:
        footer += " " + _typed_hint(view)
    body = [Paragraph(rich(q.stem))]
    if view.resumed:
        body.insert(
            0,
            Paragraph(
                rich(
                    strong("Welcome back."),
                    " Your exam is where you left it (",
                    code("/ciip exam stop"),
                    " abandons it if you want a new one).",
                )
            ),
        )
    return Message(
        title=f"Mock exam · {_progress_line(view)}",
        body=tuple(body),
        choices=tuple(Choice(letter, q.options[letter]) for letter in LETTERS),
        buttons=(*letter_buttons, *tools) if buttons else (),
        footer=footer,
    )


def _review_message(view: ExamView, buttons: bool) -> Message:
    flagged = view.flagged_positions
    lines = [
        f"Answered {view.answered} of {view.total}; {len(view.unanswered_positions)} unanswered "
        f"(unanswered count as wrong). {duration(view.time_left, round_up=True)} left."
    ]
    if flagged:
        lines.append("Flagged for review: " + ", ".join(str(p + 1) for p in flagged) + ".")
    else:
        lines.append("Nothing is flagged.")
    jumps = tuple(
        Button(f"Go to {p + 1}", actions.exam_action(view.exam_id, p, ExamOp.GOTO))
        for p in (flagged or view.unanswered_positions)[:MAX_JUMPS]
    )
    finish = Button(
        "Finish exam", actions.exam_action(view.exam_id, 0, ExamOp.END), ButtonStyle.DANGER
    )
    footer = "Open a question, change your answer if you like, then finish."
    if not buttons:
        footer = "Type `exam goto N` to open question N, `exam finish` to end."
    return Message(
        title=f"Mock exam · review · {duration(view.time_left, round_up=True)} left",
        body=tuple(Paragraph(rich(line)) for line in lines),
        buttons=(*jumps, finish) if buttons else (),
        footer=footer,
    )


def _state_words(state: ExamState) -> str:
    return {
        ExamState.FINISHED: "finished",
        ExamState.EXPIRED: "closed when its time ran out",
        ExamState.ABANDONED: "stopped",
        ExamState.OPEN: "open",
    }[state]


def report_messages(report: ExamReport) -> list[Message]:
    """The score report (with its chart) and the review of the misses."""
    end = (
        "Time ran out: the exam was closed and scored; unanswered questions count as wrong."
        if report.state is ExamState.EXPIRED
        else "Exam finished."
    )
    body: list[Paragraph | Bullets] = [
        Paragraph(rich(end)),
        Paragraph(
            rich(
                "Score: ",
                strong(f"{report.correct} of {report.total} ({report.percent:.0%})"),
                f" · time used {duration(report.time_used)} of {duration(report.time_allowed)}",
                f" · {report.unanswered} unanswered" if report.unanswered else "",
            )
        ),
    ]
    weakest = report.weakest()
    if weakest:
        body.append(
            Paragraph(
                rich(
                    "Weakest domains: ",
                    ", ".join(f"{d.domain.name} ({d.percent:.0%})" for d in weakest),
                    ". Your answers now feed spaced repetition: the misses come back as reviews.",
                )
            )
        )
    fields = tuple(
        Field(
            f"{domain_label(d.domain)} · {d.domain.weight:.0%} of the exam",
            f"{d.correct}/{d.asked} · {d.percent:.0%}",
        )
        for d in report.domains
    )
    summary = Message(
        title=f"Mock exam report ({report.kind}) · {report.percent:.0%}",
        body=tuple(body),
        fields=fields,
        attachments=(exam_attachment(report),),
        footer="`/ciip exam history` shows your trend; `/ciip exam start` for another.",
        tone=Tone.INFO,
    )
    misses = report.misses
    if not misses:
        return [summary]
    items = []
    for miss in misses[:REVIEW_LIMIT]:
        q = miss.question
        chose = f"you chose {miss.choice}" if miss.choice else "unanswered"
        items.append(
            rich(
                strong(f"Q{miss.position + 1} {q.id}"),
                f" ({chose}); answer ",
                strong(f"{q.key}) {q.options[q.key]}"),
                f". {q.explanation} Reference: {'; '.join(q.references)}",
            )
        )
    more = len(misses) - REVIEW_LIMIT
    review = Message(
        title=f"Review of your misses ({len(misses)})",
        body=(Bullets(tuple(items)),),
        footer=(
            f"{more} more come back as spaced-repetition reviews in `/ciip quiz`."
            if more > 0
            else "They come back as spaced-repetition reviews in `/ciip quiz`."
        ),
    )
    return [summary, review]


def closed_message(closed: ExamClosed) -> Message:
    return Message(
        body=rich(
            f"That mock exam is {_state_words(closed.state)}; nothing changed. ",
            code("/ciip exam report"),
            " shows its report, ",
            code("/ciip exam start"),
            " begins a new one.",
        ),
        tone=Tone.WARNING,
    )


def no_exam_message(plans: Sequence[ExamPlan]) -> Message:
    lengths = "; ".join(
        f"`{p.kind.value}`: {p.items} questions in {duration(timedelta(minutes=p.minutes))}"
        for p in plans
    )
    return Message(
        title="Mock exam",
        body=(
            Paragraph(
                rich(
                    "No exam is open. Start one with ",
                    code("/ciip exam start short"),
                    "; ",
                    code("/ciip exam report"),
                    " shows your last report, ",
                    code("/ciip exam history"),
                    " your trend.",
                )
            ),
            Paragraph(
                rich(
                    f"Lengths: {lengths}. Questions follow the ABII blueprint; no "
                    "feedback until the end; the clock keeps running if you walk away."
                )
            ),
        ),
    )


def stopped_message(stopped: bool) -> Message:
    text = (
        "Exam stopped. Nothing was scored." if stopped else "No exam is open, so nothing stopped."
    )
    return Message(body=text)


def history_message(attempts: Sequence[ExamSummary]) -> Message:
    if not attempts:
        return Message(
            title="Mock exam history",
            body=rich("No scored attempts yet. Try ", code("/ciip exam start short"), "."),
        )
    lines = tuple(
        rich(
            f"{a.started_at:%Y-%m-%d} · {a.kind} · ",
            strong(f"{a.percent:.0%}"),
            f" ({a.correct}/{a.total}) · {duration(a.time_used)}",
            " · timed out" if a.state is ExamState.EXPIRED else "",
        )
        for a in attempts
    )
    body: list[Paragraph | Bullets] = [Bullets(lines)]
    if len(attempts) >= 2:
        change = attempts[-1].percent - attempts[0].percent
        direction = "up" if change > 0 else "down" if change < 0 else "unchanged"
        trend = " → ".join(f"{a.percent:.0%}" for a in attempts[-5:])
        body.append(
            Paragraph(
                rich(
                    f"Trend: {trend} ({direction} {abs(change) * 100:.0f} points since the first)."
                )
            )
        )
    return Message(title="Mock exam history", body=tuple(body))
