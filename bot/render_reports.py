"""Wording of "Report this question": the reason picker, the reporter's confirmation, the
admins' queue (in chat and on the server's console) and what clear and retire did."""

from __future__ import annotations

from bot import actions
from bot.messages import Bullets, Button, Message, Paragraph, Rich, Tone, code, rich, strong
from bot.render import count_noun, report_usage
from bot.reports import QueueItem, ReportOutcome, ReportReason, ReportStatus, WorkspaceQueue

__all__ = [
    "REASON_LABELS",
    "cleared_message",
    "picker_message",
    "queue_lines",
    "queue_message",
    "report_help",
    "reported_message",
    "retired_message",
]

REASON_LABELS = {
    ReportReason.WRONG_KEY: "Wrong key",
    ReportReason.UNCLEAR: "Unclear",
    ReportReason.OUTDATED: "Outdated",
    ReportReason.TYPO: "Typo",
    ReportReason.OTHER: "Other",
}
_BUTTON_REASONS = (
    ReportReason.WRONG_KEY,
    ReportReason.UNCLEAR,
    ReportReason.OUTDATED,
    ReportReason.TYPO,
)


def _label(reason: str) -> str:
    try:
        return REASON_LABELS[ReportReason(reason)].lower()
    except ValueError:
        return reason


def report_help() -> str:
    """The usage line of `/ciip report` when it is typed wrong."""
    reasons = "|".join(r.value for r in ReportReason)
    return (
        f"Usage: `/ciip report <question id> <{reasons}> [note]`, e.g. "
        "`/ciip report IM-031 wrong-key` or `/ciip report IM-031 other the reference is "
        "superseded`. The id is in the question's header."
    )


def picker_message(question_id: str) -> Message:
    """Clicking Report on an answer card: pick a reason, or type one with a note."""
    return Message(
        title=f"Report {question_id}",
        body=(
            Paragraph(rich("What is wrong with this question? Admins here will review it.")),
            Paragraph(rich("Something else? Type ", *report_usage(question_id), ".")),
        ),
        buttons=tuple(
            Button(REASON_LABELS[r], actions.report_question(question_id, r.value))
            for r in _BUTTON_REASONS
        ),
    )


def reported_message(outcome: ReportOutcome) -> Message:
    qid = outcome.question_id
    if outcome.status is ReportStatus.DUPLICATE:
        body = rich(f"You already reported {qid}; your first report counts.")
    elif outcome.status is ReportStatus.ALREADY_RETIRED:
        body = rich(f"{qid} is already retired here; it won't be asked again.")
    else:
        body = rich(
            "Thanks: ",
            strong(qid),
            f" is reported as {_label(outcome.reason)}. A workspace admin will review it.",
        )
    return Message(title="Question reported", body=body, tone=Tone.SUCCESS)


def _few(ids: tuple[str, ...], limit: int = 20) -> str:
    """A chat message lists a few retired ids; the server's CLI lists them all."""
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    return ", ".join(ids[:limit]) + more


def _reasons(item: QueueItem) -> str:
    return ", ".join(f"{_label(r)} {n}" for r, n in item.reasons.items())


def _item_line(item: QueueItem) -> Rich:
    status = " · withheld" if item.withheld else ""
    return rich(
        strong(item.question_id),
        f": {count_noun(item.members, 'member')} ({_reasons(item)}){status}",
        *(f" · “{d}”" for d in item.details),
    )


def _admin_hint(threshold: int) -> Rich:
    return rich(
        f"A question reported by {count_noun(threshold, 'member')} is withheld here. ",
        code("/ciip reports clear <id>"),
        " puts it back; ",
        code("/ciip reports retire <id>"),
        " stops it here for good.",
    )


def queue_message(queue: WorkspaceQueue, threshold: int) -> Message:
    """`/ciip reports` for admins: open reports grouped by question."""
    blocks: list[Paragraph | Bullets] = []
    if queue.items:
        blocks.append(Bullets(tuple(_item_line(i) for i in queue.items)))
    else:
        blocks.append(Paragraph(rich("No open reports.")))
    if queue.retired:
        blocks.append(
            Paragraph(rich(f"Retired here ({len(queue.retired)}): " + _few(queue.retired)))
        )
    return Message(title="Reported questions", body=tuple(blocks), footer=_admin_hint(threshold))


def queue_lines(queues: list[WorkspaceQueue], threshold: int) -> list[str]:
    """`ciip-tutor bank reports` on the server: the same queue, per workspace, as text."""
    if not queues:
        return ["No open reports and no retired questions."]
    lines: list[str] = []
    for q in queues:
        name = f" ({q.name})" if q.name else ""
        lines.append(f"{q.platform}:{q.external_id}{name}")
        for item in q.items:
            status = " WITHHELD" if item.withheld else ""
            details = "".join(f' "{d}"' for d in item.details)
            lines.append(
                f"  {item.question_id}: {count_noun(item.members, 'member')} "
                f"({_reasons(item)}){status}{details}"
            )
        if not q.items:
            lines.append("  no open reports")
        if q.retired:
            lines.append("  retired: " + ", ".join(q.retired))
    lines.append(f"threshold: {count_noun(threshold, 'member')} (CIIP_REPORT_THRESHOLD)")
    return lines


def cleared_message(question_id: str, cleared: int, unretired: bool) -> Message:
    parts = [f"{question_id} is back in rotation here"]
    if cleared:
        parts.append(f"{count_noun(cleared, 'report')} cleared")
    if unretired:
        parts.append("no longer retired")
    return Message(title="Reports cleared", body="; ".join(parts) + ".", tone=Tone.SUCCESS)


def retired_message(question_id: str, resolved: int) -> Message:
    closed = f" {count_noun(resolved, 'open report')} closed." if resolved else ""
    return Message(
        title="Question retired",
        body=rich(
            f"{question_id} won't be asked in this workspace again.{closed} ",
            code(f"/ciip reports clear {question_id}"),
            " undoes it.",
        ),
        tone=Tone.SUCCESS,
    )
