"""The core's neutral message model: what the engine says, before any platform renders it.

Adapters translate these to Block Kit, Discord embeds and views, or console text. Buttons carry an
`action_id` from `bot.actions`, so a click can be routed back without any adapter state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Button", "ButtonStyle", "Choice", "Field", "Message", "Reply", "Tone"]


class Tone(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    FAILURE = "failure"
    WARNING = "warning"
    ERROR = "error"


class ButtonStyle(StrEnum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True, slots=True)
class Choice:
    """An answer option: its letter and text."""

    letter: str
    text: str


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action_id: str
    style: ButtonStyle = ButtonStyle.DEFAULT


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True, slots=True)
class Message:
    """One message. `private` asks the adapter for an ephemeral reply or a DM where it can."""

    title: str = ""
    body: str = ""
    choices: tuple[Choice, ...] = ()
    buttons: tuple[Button, ...] = ()
    fields: tuple[Field, ...] = ()
    footer: str = ""
    image_url: str | None = None
    tone: Tone = Tone.INFO
    private: bool = True

    def as_text(self) -> str:
        """Plain-text rendering: the console's view and every adapter's notification fallback."""
        lines: list[str] = []
        if self.title:
            lines.append(self.title)
        if self.body:
            lines.append(self.body)
        lines.extend(f"  {c.letter}) {c.text}" for c in self.choices)
        lines.extend(f"{f.name}: {f.value}" for f in self.fields)
        if self.footer:
            lines.append(self.footer)
        return "\n".join(lines)


@dataclass(slots=True)
class Reply:
    """What the core answers to one event: messages for the requester, and whether it was ok."""

    messages: list[Message] = field(default_factory=list)
    ok: bool = True

    @property
    def text(self) -> str:
        return "\n\n".join(m.as_text() for m in self.messages)
