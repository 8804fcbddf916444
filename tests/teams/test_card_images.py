"""Pictures in Teams cards: small ones inline, a chart (over Teams' message size) as words."""

from __future__ import annotations

import json

from adapters.teams.cards import INLINE_IMAGE_LIMIT, card
from bot.messages import Attachment, Message
from bot.render_charts import progress_message


def test_a_small_image_is_inline_and_a_chart_is_its_alt_text() -> None:
    small = card(Message(attachments=(Attachment("dot.png", b"\x89PNG" + b"0" * 100, "a dot"),)))
    [image] = [b for b in small["body"] if b["type"] == "Image"]
    assert image["url"].startswith("data:image/png;base64,") and image["altText"] == "a dot"
    chart = progress_message([])
    assert len(chart.attachments[0].data) * 4 / 3 > INLINE_IMAGE_LIMIT
    rendered = card(chart)
    assert not [b for b in rendered["body"] if b["type"] == "Image"]
    assert "Line chart of weekly accuracy" in json.dumps(rendered)
    assert len(json.dumps(rendered)) < 28_000
