"""Wording for "my data": the export, the delete confirmation, the refusals."""

from __future__ import annotations

from bot import actions
from bot.messages import Attachment, Button, ButtonStyle, Message, Paragraph, Tone, code, rich

__all__ = [
    "delete_confirm_message",
    "deleted_message",
    "export_message",
    "not_here_message",
    "stale_confirm_message",
]


def not_here_message(what: str) -> Message:
    return Message(
        body=rich(
            f"I won't {what} here: in this channel the file or the button could be seen by "
            "others. Send me ",
            code(f"/ciip me {what}"),
            " in a direct message with the app instead.",
        ),
        tone=Tone.WARNING,
    )


def export_message(data: bytes, rows: int) -> Message:
    return Message(
        title="Your data",
        body="Everything ciip-tutor stores about you, as JSON: profile, answers, spaced-"
        "repetition cards, domain counts, points, CE log, reminders, study groups, mock exams.",
        attachments=(
            Attachment(
                "ciip-my-data.json",
                data,
                f"A JSON file with {rows} records about you.",
                mime="application/json",
            ),
        ),
    )


def delete_confirm_message(minute: int, buttons: bool) -> Message:
    body = (
        "This deletes everything stored about you: answers, cards, points, streak, CE log, "
        "reminders, study-group membership and mock exams. Channel question counts keep your "
        "answers anonymously. It cannot be undone."
    )
    if not buttons:
        return Message(
            title="Delete your data?",
            body=(Paragraph(rich(body)), Paragraph(rich("Type ", code("me delete confirm"), "."))),
            tone=Tone.WARNING,
        )
    return Message(
        title="Delete your data?",
        body=body,
        buttons=(Button("Yes, delete everything", actions.delete_me(minute), ButtonStyle.DANGER),),
        footer="The button works for 15 minutes. Ignore it to keep your data.",
        tone=Tone.WARNING,
    )


def deleted_message(rows: int) -> Message:
    return Message(
        body=f"Done: {rows} records about you were deleted. If you use the tutor again, you "
        "start from scratch.",
        tone=Tone.SUCCESS,
    )


def stale_confirm_message() -> Message:
    return Message(
        body=rich(
            "That confirmation has expired; nothing was deleted. Run ",
            code("/ciip me delete"),
            " again.",
        ),
        tone=Tone.WARNING,
    )
