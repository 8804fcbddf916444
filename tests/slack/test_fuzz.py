"""Thousands of seeded hostile requests, signed and not, through the real HTTP server.

Done-when of issue 12: no answer of 500 or over, no traceback in the log, every forged, stale
or truncated request refused with 401 and changing nothing, and a normal `/ciip quiz` still
answered afterwards.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter

import pytest
from sqlalchemy import func, select

from bot.storage.models import Answer, Member
from tests.raw_http import raw_post
from tests.slack import payloads
from tests.slack.conftest import SlackHarness
from tests.slack.hostile import hostile_requests

SEED = 20261201
COUNT = 2000
CONCURRENCY = 8


def _counts(h: SlackHarness) -> tuple[int, int]:
    with h.services.tutor.db.session() as s:
        members = s.scalar(select(func.count(Member.id))) or 0
        answers = s.scalar(select(func.count(Answer.id))) or 0
    return members, answers


async def test_seeded_hostile_requests(
    slack_http: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    h = slack_http
    caplog.set_level(logging.INFO)
    requests = hostile_requests(SEED, COUNT, h.secret, h.new_response_url())
    forged = [r for r in requests if r.forged]
    signed = [r for r in requests if not r.forged]
    assert len(forged) > 300 and len(signed) > 1000  # the generator covers both

    # Forged first, alone: nothing may change.
    before = _counts(h)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(body: bytes, headers: list[tuple[bytes, bytes]]) -> int:
        async with gate:
            return (await raw_post(h.url, body, headers)).status

    forged_statuses = await asyncio.gather(*(one(r.body, r.headers) for r in forged))
    await h.slack.drain()
    assert Counter(forged_statuses) == {401: len(forged)}
    assert _counts(h) == before
    assert h.stand_in.calls_to("response_url") == []

    statuses = await asyncio.gather(*(one(r.body, r.headers) for r in signed))
    await h.slack.drain()
    seen = Counter(statuses)
    assert not [s for s in seen if s >= 500], seen
    assert seen[400] > 500 and seen[200] > 100, seen  # both paths were exercised

    assert [r for r in caplog.records if r.exc_info] == []
    assert "Traceback" not in caplog.text

    sent, key = await h.command("quiz", user="UAFTER")
    assert sent.status == 200
    [reply] = await h.response(key)
    assert len(reply.action_ids()) == 4


async def test_a_forged_request_changes_nothing_even_when_well_formed(
    slack_http: SlackHarness,
) -> None:
    h = slack_http
    body = payloads.form(payloads.slash_command("quiz", response_url=h.new_response_url()))
    for secret in ("wrong", h.secret[:-1]):
        sent = await h.post(body, secret=secret)
        assert sent.status == 401
    await h.slack.drain()
    assert _counts(h) == (0, 0) and h.stand_in.calls == []
