"""The core's neutral message model: what the engine says, before any platform renders it.

Text carries structure, never a platform's markup: a `Span` is plain, strong, emphasized or code,
and a body is a tuple of blocks (paragraphs and bullet lists). Each adapter renders that
structure its own way (Slack mrkdwn and Block Kit, Discord markdown and embeds, console plain
text), so a question's literal asterisks or backticks are never mistaken for formatting.

Buttons carry an `action_id` from `bot.actions`, so a click is routed back without any adapter
state. Images and files travel as `Attachment`s with alt text that says the same in words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "PLAIN",
    "Attachment",
    "Block",
    "Bullets",
    "Button",
    "ButtonStyle",
    "Choice",
    "Field",
    "Markup",
    "Message",
    "Paragraph",
    "Reply",
    "Rich",
    "Span",
    "Style",
    "Tone",
    "channel_mention",
    "code",
    "em",
    "plain",
    "rich",
    "role_mention",
    "strong",
]


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


class Style(StrEnum):
    PLAIN = "plain"
    STRONG = "strong"
    EMPHASIS = "emphasis"
    CODE = "code"
    CHANNEL = "channel"
    """`text` is a channel's platform id; adapters render a native channel mention."""
    ROLE = "role"
    """`text` is a role's platform id; adapters render a mention that pings nobody."""


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: Style = Style.PLAIN


Rich = tuple[Span, ...]
"""A run of styled text (one line or paragraph)."""


def strong(text: str) -> Span:
    return Span(text, Style.STRONG)


def em(text: str) -> Span:
    return Span(text, Style.EMPHASIS)


def code(text: str) -> Span:
    return Span(text, Style.CODE)


def channel_mention(external_id: str) -> Span:
    return Span(external_id, Style.CHANNEL)


def role_mention(external_id: str) -> Span:
    return Span(external_id, Style.ROLE)


def rich(*parts: str | Span) -> Rich:
    """Build rich text from plain strings and styled spans: `rich("Try ", code("/ciip quiz"))`."""
    return tuple(p if isinstance(p, Span) else Span(p) for p in parts if p)


def _same(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Markup:
    """One platform's way of writing styled text; the walk over spans and blocks is shared.

    Each style's template receives the span's text after `escape` (`escape_code` for code
    spans, when the platform escapes code differently); a style without a template is written
    as its escaped text. Empty spans write nothing.
    """

    templates: Mapping[Style, str]
    escape: Callable[[str], str] = _same
    escape_code: Callable[[str], str] | None = None
    bullet: str = "• "

    def spans(self, text: Rich) -> str:
        out = []
        for span in text:
            if not span.text:
                continue
            code_escape = self.escape_code if span.style is Style.CODE else None
            escaped = (code_escape or self.escape)(span.text)
            out.append(self.templates.get(span.style, "{}").format(escaped))
        return "".join(out)

    def blocks(self, blocks: tuple[Block, ...]) -> str:
        lines: list[str] = []
        for block in blocks:
            if isinstance(block, Bullets):
                lines.extend(self.bullet + self.spans(item) for item in block.items)
            else:
                lines.append(self.spans(block.spans))
        return "\n".join(lines)


PLAIN = Markup({Style.CHANNEL: "#{}", Style.ROLE: "@{}"})
"""No markup: the console, notification fallbacks and alt text."""


def plain(text: Rich | str) -> str:
    """The words without styling: for the console, notifications and alt text."""
    return text if isinstance(text, str) else PLAIN.spans(text)


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: Rich


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Rich, ...]


Block = Paragraph | Bullets


def _blocks(value: object) -> tuple[Block, ...]:
    """Accept a string, rich text, one block or blocks; store blocks."""
    if not value:
        return ()
    if isinstance(value, str):
        return (Paragraph(rich(value)),)
    if isinstance(value, Paragraph | Bullets):
        return (value,)
    if isinstance(value, tuple) and all(isinstance(v, Span) for v in value):
        return (Paragraph(value),)
    return tuple(value)  # type: ignore[arg-type]


def _rich(value: object) -> Rich:
    if not value:
        return ()
    if isinstance(value, str):
        return rich(value)
    return tuple(value)  # type: ignore[arg-type]


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
    value: Rich
    inline: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _rich(self.value))


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message: an image (PNG) or a document; `alt` says it in words."""

    filename: str
    data: bytes
    alt: str
    mime: str = "image/png"

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


@dataclass(frozen=True, slots=True)
class Message:
    """One message. `private` asks the adapter for an ephemeral reply or a DM where it can.

    `body` and `footer` accept a plain string for convenience; they are stored as structure.
    """

    title: str = ""
    body: tuple[Block, ...] = ()
    choices: tuple[Choice, ...] = ()
    buttons: tuple[Button, ...] = ()
    fields: tuple[Field, ...] = ()
    footer: Rich = ()
    attachments: tuple[Attachment, ...] = ()
    tone: Tone = Tone.INFO
    private: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "body", _blocks(self.body))
        object.__setattr__(self, "footer", _rich(self.footer))

    @property
    def body_text(self) -> str:
        return blocks_text(self.body)

    def as_text(self) -> str:
        """Plain-text rendering: the console's view and every adapter's notification fallback."""
        lines: list[str] = []
        if self.title:
            lines.append(self.title)
        if self.body:
            lines.append(self.body_text)
        lines.extend(f"  {c.letter}) {c.text}" for c in self.choices)
        lines.extend(f"{f.name}: {plain(f.value)}" for f in self.fields)
        lines.extend(f"[{a.filename}: {a.alt}]" for a in self.attachments)
        if self.footer:
            lines.append(plain(self.footer))
        return "\n".join(lines)


def blocks_text(blocks: tuple[Block, ...]) -> str:
    return PLAIN.blocks(blocks)


@dataclass(slots=True)
class Reply:
    """What the core answers to one event: messages for the requester, and whether it was ok."""

    messages: list[Message] = field(default_factory=list)
    ok: bool = True

    @property
    def text(self) -> str:
        return "\n\n".join(m.as_text() for m in self.messages)
