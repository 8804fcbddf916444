"""Block Kit rendering: Slack's limits and escaping, on neutral messages."""

from __future__ import annotations

from adapters.slack.blocks import (
    MAX_BLOCKS,
    chat_payload,
    escape,
    message_blocks,
    reply_blocks,
    respond_payload,
)
from bot.messages import Button, ButtonStyle, Choice, Field, Message, Tone


def _texts(blocks: list[dict]) -> list[str]:
    out = []
    for b in blocks:
        if "text" in b:
            out.append(b["text"]["text"])
        out.extend(f["text"] for f in b.get("fields", []))
        out.extend(e["text"] for e in b.get("elements", []) if b["type"] == "context")
    return out


def test_question_layout() -> None:
    message = Message(
        title="Imaging Informatics (B) · q-1 · difficulty 2/3",
        body="Which HL7 v2 segment ends with <CR> & carries the patient?",
        choices=(Choice("A", "PID"), Choice("B", "OBR"), Choice("C", "MSH"), Choice("D", "PV1")),
        buttons=tuple(Button(x, f"ciip:a:7:{x}") for x in "ABCD"),
        footer="New question.",
    )
    blocks = message_blocks(message)
    assert [b["type"] for b in blocks] == ["header", "section", "section", "actions", "context"]
    assert "&lt;CR&gt; &amp;" in blocks[1]["text"]["text"]
    assert blocks[2]["text"]["text"].startswith("*A)* PID")
    assert [e["action_id"] for e in blocks[3]["elements"]] == [f"ciip:a:7:{x}" for x in "ABCD"]
    assert all("style" not in e for e in blocks[3]["elements"])


def test_limits_are_respected() -> None:
    body = "\n".join(["x" * 1000] * 10)
    message = Message(
        title="T" * 400,
        body=body,
        fields=tuple(Field(f"f{i}", "v" * 5000) for i in range(12)),
        buttons=(Button("L" * 200, "ciip:next", ButtonStyle.PRIMARY),),
    )
    blocks = message_blocks(message)
    assert len(blocks[0]["text"]["text"]) <= 150
    sections = [b for b in blocks if b["type"] == "section" and "text" in b]
    assert all(len(b["text"]["text"]) <= 3000 for b in sections)
    assert "\n".join(b["text"]["text"] for b in sections[:5]) == body  # split, nothing lost
    field_blocks = [b for b in blocks if "fields" in b]
    assert [len(b["fields"]) for b in field_blocks] == [10, 2]
    assert all(len(f["text"]) <= 2000 for b in field_blocks for f in b["fields"])
    button = blocks[-1]["elements"][0]
    assert len(button["text"]["text"]) <= 75 and button["style"] == "primary"


def test_block_limit_keeps_the_buttons() -> None:
    many = [Message(body=f"line {i}") for i in range(80)]
    many.append(Message(body="last", buttons=(Button("Next question", "ciip:next"),)))
    blocks = reply_blocks(many)
    assert len(blocks) == MAX_BLOCKS
    assert blocks[-1]["type"] == "actions"


def test_respond_payload_visibility() -> None:
    private = [Message(body="just you")]
    public = [Message(body="everyone", private=False)]
    assert respond_payload(private)["response_type"] == "ephemeral"
    assert respond_payload(public)["response_type"] == "in_channel"
    replaced = respond_payload(private, replace_original=True)
    assert replaced["replace_original"] is True and "response_type" not in replaced
    kept = respond_payload(private, replace_original=False)
    assert kept["replace_original"] is False and kept["response_type"] == "ephemeral"
    assert respond_payload([])["text"] == "Done."


def test_errors_are_marked_and_fallback_text_is_plain() -> None:
    payload = chat_payload(Message(title="Oops", body="bad input", tone=Tone.ERROR))
    assert ":warning: bad input" in _texts(payload["blocks"])
    assert payload["text"] == "Oops\nbad input"
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"
