"""Short notices an adapter shows for things only the platform knows about.

Platforms without ephemeral messages (Microsoft Teams) send a member's personal quiz to their
personal chat and say so where the command was typed; a platform library can refuse a command
before the core sees it (an out-of-date Discord command, a Slack workspace that uninstalled the
app). The adapter detects the case; the wording lives here, with the core's.
"""

from __future__ import annotations

from bot.messages import Message, Tone

__all__ = [
    "command_out_of_date",
    "no_personal_chat",
    "not_installed",
    "only_in_a_server_channel",
    "sent_to_personal_chat",
    "unreadable_option",
]


def sent_to_personal_chat(display_name: str = "") -> Message:
    who = f"{display_name}, " if display_name else ""
    return Message(
        body=f"📬 {who}I sent that to our personal chat, so your answers stay yours.",
        private=False,
    )


def no_personal_chat() -> Message:
    return Message(
        body="I can't reach you in a personal chat yet. Open a chat with me (or add me as an "
        "app for yourself) and say `ciip help`; then your quizzes and reminders come there.",
        tone=Tone.WARNING,
        private=False,
    )


def command_out_of_date() -> str:
    return (
        "This command changed since your Discord loaded it; Discord is catching up. "
        "Try again in a minute, or restart Discord."
    )


def unreadable_option(value: object) -> str:
    return f"I couldn't read `{str(value)[:40]}`; check that option."


def only_in_a_server_channel() -> str:
    return "This command only works in a server channel."


def not_installed() -> Message:
    return Message(
        body="ciip-tutor is not installed in this workspace any more. "
        "A workspace admin can add it again from the install page.",
        tone=Tone.ERROR,
    )
