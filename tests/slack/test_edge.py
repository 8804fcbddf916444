"""Issue 12, one request each: what reached Bolt unverified or unchecked and made it raise.

Every case goes through the real HTTP server (`serve_http`) with the real Bolt app behind it.
Each one used to answer 500 with a traceback (or hang 3 s and answer 404); now a bad signature
is a 401 before anything is parsed, an unreadable or wrongly shaped signed payload a 400 with
one log line, and nothing is stored.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import func, select

from adapters.slack.edge import MAX_BODY
from bot.storage.models import Member
from tests.raw_http import RawResponse, raw_post
from tests.slack import payloads
from tests.slack.conftest import SlackHarness

FORM = b"application/x-www-form-urlencoded"
JSON = b"application/json"


def _members(h: SlackHarness) -> int:
    with h.services.tutor.db.session() as s:
        return s.scalar(select(func.count(Member.id))) or 0


def signed_headers(
    h: SlackHarness, body: bytes, content_type: bytes = FORM, ts: int | None = None
) -> list[tuple[bytes, bytes]]:
    """Slack's v0 signature over the raw bytes (computed by hand: the body may not be UTF-8)."""
    import hashlib
    import hmac

    stamp = str(int(time.time()) if ts is None else ts).encode()
    mac = hmac.new(h.secret.encode(), b"v0:" + stamp + b":" + body, hashlib.sha256)
    return [
        (b"Content-Type", content_type),
        (b"X-Slack-Request-Timestamp", stamp),
        (b"X-Slack-Signature", b"v0=" + mac.hexdigest().encode()),
    ]


async def send(
    h: SlackHarness, body: bytes, content_type: bytes = FORM, **kwargs: Any
) -> RawResponse:
    return await raw_post(h.url, body, signed_headers(h, body, content_type), **kwargs)


def click_body(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def a_click(h: SlackHarness, **changes: Any) -> dict[str, Any]:
    payload = payloads.block_action_payload("ciip:next", response_url=h.new_response_url())
    payload.update(changes)
    return payload


@pytest.fixture
def no_tracebacks(caplog: pytest.LogCaptureFixture):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO)
    yield caplog
    assert [r for r in caplog.records if r.exc_info] == []
    assert "Traceback" not in caplog.text


# ---------------------------------------------------------------- 1. parsed before verified
async def test_a_signed_click_cut_short_is_401(slack_http: SlackHarness, no_tracebacks) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    body = click_body(a_click(h))
    headers = signed_headers(h, body)
    reply = await raw_post(h.url, body[:-1], headers)
    assert reply.status == 401
    await h.slack.drain()
    assert h.stand_in.calls_to("response_url") == [] and _members(h) == 0


UNPARSABLE: dict[str, tuple[bytes, bytes]] = {
    "payload-brace": (b"payload=%7D", FORM),
    "payload-string": (b"payload=%22x%22", FORM),
    "bare-true": (b"true", JSON),
    "form-as-json": (b"token=t&command=%2Fciip&user_id=U1", JSON),
    "invalid-utf8": (b"text=\xff\xfe&command=/ciip&user_id=U1", FORM),
    "nested-1000": (b"payload=" + quote("[" * 1000 + "]" * 1000).encode(), FORM),
    "5000-digits": (b'{"type": "block_actions", "n": ' + b"9" * 5000 + b"}", JSON),
    "empty": (b"", FORM),
    "no-fields": (b"&&&", FORM),
}


async def test_unparsable_signed_bodies_are_400(slack_http: SlackHarness, no_tracebacks) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    for case, (body, content_type) in UNPARSABLE.items():
        before = len(no_tracebacks.messages)
        reply = await send(h, body, content_type)
        assert reply.status == 400, case
        lines = no_tracebacks.messages[before:]
        assert sum("refused a Slack request (400)" in m for m in lines) == 1, case
    assert _members(h) == 0


BAD_HEADERS: dict[str, tuple[bytes, bytes]] = {
    "timestamp-abc": (b"X-Slack-Request-Timestamp", b"abc"),
    "timestamp-unicode-digits": (b"X-Slack-Request-Timestamp", "١٧٠٠".encode()),
    "signature-non-ascii": (b"X-Slack-Signature", "v0=é".encode()),
    "signature-bytes": (b"X-Slack-Signature", b"v0=" + b"\xff" * 64),
}


async def test_malformed_signature_headers_are_401(slack_http: SlackHarness, no_tracebacks) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    body = payloads.form(payloads.slash_command("quiz", response_url=h.new_response_url()))
    for case, (name, value) in BAD_HEADERS.items():
        headers = [(k, value if k == name else v) for k, v in signed_headers(h, body.encode())]
        reply = await raw_post(h.url, body.encode(), headers)
        assert reply.status == 401, case
    assert _members(h) == 0


async def test_a_bogus_charset_is_ignored(slack_http: SlackHarness, no_tracebacks) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    body = payloads.form(payloads.slash_command("streak", response_url=h.new_response_url()))
    reply = await send(h, body.encode(), FORM + b"; charset=bogus")
    assert reply.status == 200
    assert "streak" in json.loads(reply.body)["text"].lower()


async def test_a_body_over_the_cap_is_413_unread(slack_http: SlackHarness, no_tracebacks) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    text = "quiz " + "x" * MAX_BODY
    body = payloads.form(payloads.slash_command(text, response_url=h.new_response_url()))
    reply = await send(h, body.encode())
    assert reply.status == 413
    assert _members(h) == 0


# ---------------------------------------------------------------- 2. shapes the code trusted
CLICK_CHANGES: dict[str, dict[str, Any]] = {
    "actions-list-of-list": {"actions": [[]]},
    "action_id-int": {"actions": [{"action_id": 7, "type": "button"}]},
    "action_id-missing": {"actions": [{"type": "button"}]},
    "actions-null": {"actions": None},
    "actions-object": {"actions": {}},
    "actions-empty": {"actions": []},
    "enterprise-true": {"enterprise": True},
    "user-id-list": {"user": {"id": ["U1"]}},
    "channel-4000": {"channel": {"id": "C" * 4000}},
    "team-number": {"team": 5},
    "response_url-not-url": {"response_url": "file:///etc/passwd"},
}


async def test_misshapen_clicks_are_400(slack_http: SlackHarness, no_tracebacks) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    for case, changes in CLICK_CHANGES.items():
        reply = await send(h, click_body(a_click(h, **changes)))
        assert reply.status == 400, case
    await h.slack.drain()
    assert h.stand_in.calls == [] and _members(h) == 0


def _event(event: Any, event_id: Any = "Ev1") -> bytes:
    body = json.loads(payloads.event_callback({"type": "x"}, event_id="Ev1"))
    body["event"], body["event_id"] = event, event_id
    return json.dumps(body).encode()


EVENTS: dict[str, bytes] = {
    "event-5": _event(5),
    "event_id-list": _event({"type": "app_home_opened", "user": "U1", "tab": "home"}, [1]),
    "home-user-7": _event({"type": "app_home_opened", "user": 7, "tab": "home"}),
    "home-user-null": _event({"type": "app_home_opened", "user": None, "tab": "home"}),
    "event-type-missing": _event({"user": "U1"}),
    "challenge-object": b'{"type": "url_verification", "challenge": {"a": 1}}',
}


async def test_misshapen_events_are_400(slack_http: SlackHarness, no_tracebacks) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    for case, body in EVENTS.items():
        reply = await send(h, body, JSON)
        assert reply.status == 400, case
    await h.slack.drain()
    assert h.stand_in.calls == [] and _members(h) == 0


async def test_a_slash_command_without_user_is_400_at_once(
    slack_http: SlackHarness, no_tracebacks
) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    fields = payloads.slash_command("quiz", response_url=h.new_response_url())
    del fields["user_id"]
    reply = await send(h, urlencode(fields).encode())
    assert reply.status == 400  # not a KeyError after the ack and a 404 three seconds later
    assert _members(h) == 0


NOT_SERVED: dict[str, bytes] = {
    "shortcut": click_body(
        {**payloads.block_action_payload("x", response_url=None), "type": "shortcut"}
    ),
    "message_action": b'payload={"type": "message_action", "callback_id": "c"}',
    "unserved-event": _event({"type": "message", "text": "hi", "user": "U1"}),
    "ssl_check": b"ssl_check=1&token=t",
}


async def test_kinds_we_do_not_serve_are_200_and_ignored(
    slack_http: SlackHarness, no_tracebacks
) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    for case, body in NOT_SERVED.items():
        reply = await send(h, body, JSON if body.startswith(b"{") else FORM)
        assert reply.status == 200, case
    await h.slack.drain()
    assert h.stand_in.calls == [] and _members(h) == 0


# ---------------------------------------------------------------- 3. and 4. values and length
BAD_VALUES: dict[str, tuple[str, str]] = {
    "tz-4000": ("timezone " + "A/" * 2000 + "A", "characters long"),
    "tz-300": ("tz " + "a" * 300, "is not an IANA timezone"),
    "ce-delete-overflow": ("ce delete #9999999999999999999999999", "is not an entry number"),
    "39000-chars": ("quiz " + "x" * 39_000, "characters long"),
}


async def test_bad_values_get_a_reason(slack_http: SlackHarness, no_tracebacks) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    for case, (text, expected) in BAD_VALUES.items():
        sent, key = await h.command(text)
        assert sent.status == 200, case
        [reply] = await h.response(key)
        assert expected in reply.params["text"], case
        assert "went wrong" not in reply.params["text"], case


async def test_a_command_longer_than_slack_allows_is_400(
    slack_http: SlackHarness, no_tracebacks
) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    body = payloads.form(payloads.slash_command("q" * 40_001, response_url=h.new_response_url()))
    reply = await send(h, body.encode())
    assert reply.status == 400
    assert _members(h) == 0
