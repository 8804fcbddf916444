"""Short notices an adapter shows when a private reply had to travel somewhere else.

Platforms without ephemeral messages (Microsoft Teams) send a member's personal quiz to their
personal chat and say so where the command was typed; the wording lives here, with the core's.
"""

from __future__ import annotations

from bot.messages import Message, Tone

__all__ = ["no_personal_chat", "sent_to_personal_chat"]


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
