"""Neutral `Message`s to Block Kit: the only place that knows Slack's layout rules and limits.

Limits enforced here (Slack rejects the whole message otherwise): header text 150 characters,
section text 3,000, section fields 10 of 2,000 each, button text 75, 50 blocks per message
(100 in a Home tab). Text from the question bank is escaped (`&`, `<`, `>`), so a stem like
"HL7 segments end with <CR>" can never become a broken link or a mention.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from bot.messages import Block as RichBlock
from bot.messages import ButtonStyle, Markup, Message, Rich, Style, Tone

__all__ = [
    "MAX_BLOCKS",
    "blocks_mrkdwn",
    "chat_payload",
    "escape",
    "fallback_text",
    "message_blocks",
    "mrkdwn",
    "reply_blocks",
    "respond_payload",
]

Block = dict[str, Any]

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
FIELD_LIMIT = 2000
HEADER_LIMIT = 150
BUTTON_LIMIT = 75
TEXT_LIMIT = 3000

_TONE_PREFIX = {Tone.ERROR: ":warning: "}


def escape(text: str) -> str:
    """Slack's three control characters in mrkdwn; formatting like *bold* stays."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


MRKDWN = Markup(
    {
        Style.STRONG: "*{}*",
        Style.EMPHASIS: "_{}_",
        Style.CODE: "`{}`",
        Style.CHANNEL: "<#{}>",
        Style.ROLE: "<!subteam^{}>",
    },
    escape=escape,
)


def mrkdwn(text: Rich) -> str:
    """Structured text as Slack mrkdwn: styles become markup, words are escaped."""
    return MRKDWN.spans(text)


def blocks_mrkdwn(blocks: tuple[RichBlock, ...]) -> str:
    return MRKDWN.blocks(blocks)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split long text on line breaks so each piece fits one section."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _button(label: str, action_id: str, style: ButtonStyle) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": _cut(label, BUTTON_LIMIT), "emoji": True},
        "action_id": action_id,
        "value": action_id,
    }
    if style is not ButtonStyle.DEFAULT:
        element["style"] = style.value
    return element


def message_blocks(message: Message) -> list[Block]:
    """One message as blocks: header, body, options, image, fields, buttons, footer."""
    blocks: list[Block] = []
    if message.title:
        blocks.append(
            {
                "type": "header",
                "text": {
                    "type": "plain_text",
                    "text": _cut(message.title, HEADER_LIMIT),
                    "emoji": True,
                },
            }
        )
    if message.body:
        body = _TONE_PREFIX.get(message.tone, "") + blocks_mrkdwn(message.body)
        blocks.extend(_section(piece) for piece in _chunks(body))
    if message.choices:
        options = "\n".join(f"*{c.letter})* {escape(c.text)}" for c in message.choices)
        blocks.extend(_section(piece) for piece in _chunks(options))
    inline = [f for f in message.fields if f.inline]
    for start in range(0, len(inline), 10):
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {
                        "type": "mrkdwn",
                        "text": _cut(f"*{escape(f.name)}*\n{mrkdwn(f.value)}", FIELD_LIMIT),
                    }
                    for f in inline[start : start + 10]
                ],
            }
        )
    for f in message.fields:
        if not f.inline:
            blocks.extend(
                _section(piece) for piece in _chunks(f"*{escape(f.name)}*\n{mrkdwn(f.value)}")
            )
    if message.buttons:
        blocks.append(
            {
                "type": "actions",
                "elements": [_button(b.label, b.action_id, b.style) for b in message.buttons[:25]],
            }
        )
    if message.footer:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": _cut(mrkdwn(message.footer), TEXT_LIMIT)}],
            }
        )
    return blocks


def _fit(blocks: list[Block], limit: int) -> list[Block]:
    """Keep within the block limit, but never drop the buttons (the last actions block)."""
    if len(blocks) <= limit:
        return blocks
    actions = [b for b in blocks if b["type"] == "actions"][-1:]
    kept = [b for b in blocks if b not in actions][: limit - len(actions)]
    return kept + actions


def reply_blocks(messages: Iterable[Message], limit: int = MAX_BLOCKS) -> list[Block]:
    """Several messages as one Slack message, separated by dividers."""
    blocks: list[Block] = []
    for i, message in enumerate(messages):
        if i:
            blocks.append({"type": "divider"})
        blocks.extend(message_blocks(message))
    return _fit(blocks, limit)


def fallback_text(messages: Sequence[Message] | Message) -> str:
    """The notification and screen-reader text Slack shows where blocks are not rendered."""
    items = [messages] if isinstance(messages, Message) else list(messages)
    return _cut("\n\n".join(m.as_text() for m in items) or " ", TEXT_LIMIT)


def chat_payload(message: Message) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / chat.update / chat.postEphemeral."""
    return {"text": fallback_text(message), "blocks": _fit(message_blocks(message), MAX_BLOCKS)}


def respond_payload(
    messages: Sequence[Message], *, replace_original: bool | None = None
) -> dict[str, Any]:
    """Keyword arguments for Bolt's `respond()` (a response_url post).

    Private messages are ephemeral; a reply made only of public messages (e.g. "daily question
    scheduled here") is shown to the channel. Replacing the clicked message keeps that message's
    visibility, so no response type is sent then.
    """
    messages = list(messages) or [Message(body="Done.")]
    payload: dict[str, Any] = {
        "text": fallback_text(messages),
        "blocks": reply_blocks(messages),
    }
    if replace_original:
        payload["replace_original"] = True
        return payload
    public = all(not m.private for m in messages)
    payload["response_type"] = "in_channel" if public else "ephemeral"
    if replace_original is not None:
        payload["replace_original"] = False
    return payload
