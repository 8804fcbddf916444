"""Render the core's neutral `Message` as an Adaptive Card (schema 1.5, as Teams supports).

Structure only: the title and body become `TextBlock`s in the markdown subset Teams renders
(strong, emphasis, code, bullet lists), with a question's own asterisks and backticks escaped;
fields become a `FactSet` (Teams renders markdown in fact titles and values too); channel and
role spans become plain `#id` / `@id` text (an Adaptive Card cannot mention a channel, and a
role mention would ping); buttons become `Action.Execute` whose data carries the core's action
id. Nothing here looks inside an action id.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from bot.messages import (
    Bullets,
    ButtonStyle,
    Markup,
    Message,
    Paragraph,
    Rich,
    Style,
    Tone,
    plain,
)

__all__ = ["CARD_CONTENT_TYPE", "VERB", "card", "card_attachment", "escape", "markdown"]

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
VERB = "ciip"
_SPECIAL = re.compile(r"([\\`*_\[\]<>#])")
_TONE_COLOR = {
    Tone.SUCCESS: "Good",
    Tone.FAILURE: "Attention",
    Tone.ERROR: "Attention",
    Tone.WARNING: "Warning",
}
INLINE_IMAGE_LIMIT = 20_000
"""Largest data-URI image (base64 characters) put inside a card: a Teams message, card
included, must stay under about 28 KB, and the bot hosts no image URLs. A larger picture (a
640 px chart is 40-60 KB) is given in words, by its alt text."""
_BUTTON_STYLE = {ButtonStyle.PRIMARY: "positive", ButtonStyle.DANGER: "destructive"}


def escape(text: str) -> str:
    """Literal text in a markdown TextBlock: backslash the characters markdown would eat."""
    return _SPECIAL.sub(r"\\\1", text)


MARKDOWN = Markup(
    {
        Style.CODE: "`{}`",
        Style.STRONG: "**{}**",
        Style.EMPHASIS: "_{}_",
        Style.CHANNEL: "\\#{}",
        Style.ROLE: "@{}",
    },
    escape=escape,
    escape_code=lambda text: text.replace("`", "'"),
    bullet="- ",
)
"""Adaptive Card TextBlock markdown; channel and role ids are shown as escaped plain text."""


def markdown(spans: Rich) -> str:
    return MARKDOWN.spans(spans)


def _text(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def card(message: Message) -> dict[str, Any]:
    """The Adaptive Card for one message."""
    body: list[dict[str, Any]] = []
    if message.title:
        title = _text(escape(message.title), weight="Bolder", size="Medium")
        if message.tone in _TONE_COLOR:
            title["color"] = _TONE_COLOR[message.tone]
        body.append(title)
    for block in message.body:
        if isinstance(block, Paragraph):
            if block.spans:
                body.append(_text(markdown(block.spans)))
        elif isinstance(block, Bullets) and block.items:
            body.append(_text(MARKDOWN.blocks((block,))))
    for choice in message.choices:
        body.append(_text(f"**{escape(choice.letter)})** {escape(choice.text)}", spacing="Small"))
    if message.fields:
        body.append(
            {
                "type": "FactSet",
                "facts": [
                    {"title": escape(f.name), "value": markdown(f.value) or " "}
                    for f in message.fields
                ],
            }
        )
    for attachment in message.attachments:
        data = base64.b64encode(attachment.data).decode("ascii")
        if attachment.is_image and len(data) <= INLINE_IMAGE_LIMIT:
            body.append(
                {
                    "type": "Image",
                    "url": f"data:{attachment.mime};base64,{data}",
                    "altText": attachment.alt,
                }
            )
        else:
            body.append(_text(escape(f"[{attachment.filename}: {attachment.alt}]"), isSubtle=True))
    if message.footer:
        body.append(_text(markdown(message.footer), isSubtle=True, size="Small"))
    if not body:
        body.append(_text(" "))
    out: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": body,
        "msteams": {"width": "full"},
    }
    if message.buttons:
        actions = []
        for button in message.buttons:
            action: dict[str, Any] = {
                "type": "Action.Execute",
                "title": button.label,
                "verb": VERB,
                "data": {"action_id": button.action_id},
            }
            if button.style in _BUTTON_STYLE:
                action["style"] = _BUTTON_STYLE[button.style]
            actions.append(action)
        out["actions"] = actions
    return out


def card_attachment(message: Message) -> dict[str, Any]:
    return {"contentType": CARD_CONTENT_TYPE, "content": card(message)}


def summary(message: Message, limit: int = 240) -> str:
    """Plain text for notifications and the activity's `text` fallback."""
    text = (
        message.title
        or plain(
            message.body[0].spans if message.body and isinstance(message.body[0], Paragraph) else ()
        )
        or message.as_text()
    )
    return text[:limit]
