"""Signature checks: a wrongly signed or stale request gets 401 and changes nothing."""

from __future__ import annotations

import logging
import time

from sqlalchemy import func, select

from adapters.slack.redact import TokenRedactor, install_redaction
from bot.storage.models import Member
from tests.slack import payloads
from tests.slack.conftest import SlackHarness


def _members(h: SlackHarness) -> int:
    with h.services.tutor.db.session() as s:
        return s.scalar(select(func.count(Member.id))) or 0


async def _nothing_happened(h: SlackHarness) -> None:
    await h.slack.drain()
    assert h.stand_in.calls == []
    assert _members(h) == 0


async def test_bad_signature_is_401_and_changes_nothing(slack_http: SlackHarness) -> None:
    h = slack_http
    body = payloads.form(payloads.slash_command("quiz", response_url=h.new_response_url()))
    sent = await h.post(body, secret="not-the-signing-secret")
    assert sent.status == 401
    await _nothing_happened(h)


async def test_tampered_body_is_401(slack_http: SlackHarness) -> None:
    h = slack_http
    url = h.new_response_url()
    signed_for = payloads.form(payloads.slash_command("quiz", response_url=url))
    headers = payloads.sign(h.secret, signed_for)
    sent_body = payloads.form(payloads.slash_command("daily now", response_url=url))
    async with h.http.post(h.url + "/slack/events", data=sent_body, headers=headers) as r:
        assert r.status == 401
    await _nothing_happened(h)


async def test_expired_timestamp_is_401_even_if_signed(slack_http: SlackHarness) -> None:
    h = slack_http
    body = payloads.form(payloads.slash_command("quiz", response_url=h.new_response_url()))
    sent = await h.post(body, timestamp=int(time.time()) - 6 * 60)
    assert sent.status == 401
    await _nothing_happened(h)


async def test_missing_signature_headers_is_401(slack_http: SlackHarness) -> None:
    h = slack_http
    body = payloads.block_action("ciip:next", response_url=h.new_response_url())
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    async with h.http.post(h.url + "/slack/events", data=body, headers=headers) as r:
        assert r.status == 401
    await _nothing_happened(h)


async def test_url_verification_challenge_is_answered(slack_http: SlackHarness) -> None:
    h = slack_http
    body = '{"token": "t", "challenge": "c-123", "type": "url_verification"}'
    sent = await h.post(body, content_type="json")
    assert sent.status == 200 and "c-123" in sent.body


def test_redactor_hides_token_shapes_and_configured_secrets() -> None:
    redactor = TokenRedactor(["my-signing-secret-value"])
    record = logging.LogRecord(
        "x", logging.DEBUG, __file__, 1, "body %s and %s", ("xoxb-123-abc", "xapp-1-A-2"), None
    )
    assert redactor.filter(record)
    assert record.getMessage() == "body [redacted] and [redacted]"
    other = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "secret=my-signing-secret-value", None, None
    )
    redactor.filter(other)
    assert "my-signing-secret-value" not in other.getMessage()


async def test_a_full_flow_logs_no_token_at_debug(slack_http: SlackHarness, caplog) -> None:  # type: ignore[no-untyped-def]
    h = slack_http
    install_redaction([h.secret], handlers=[caplog.handler])
    with caplog.at_level(logging.DEBUG):
        _, key = await h.command("quiz")
        await h.response(key)
        _, key = await h.command("daily now", user="UADMIN")
        await h.response(key)
    assert caplog.records  # something was logged at DEBUG
    assert "xoxb-" not in caplog.text
    assert h.secret not in caplog.text
