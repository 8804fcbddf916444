"""PostgreSQL restarting under the Slack app: a real server of our own, stopped and started.

While the server is down, `/ciip quiz` and an answer click get the polite "try again in a
moment" (no traceback), and `/healthz` says 503. When it is back, the very next request works:
the pool's pre-ping replaces the dead connections at checkout. The answer acknowledged before
the crash is still there, once; the one refused during the outage is stored when clicked again.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest
from sqlalchemy import func, select

from adapters.services import Services
from adapters.slack.app import SlackTutor
from adapters.slack.settings import SlackSettings
from bot.clock import FixedClock
from bot.core import build_core
from bot.render import DATABASE_BUSY
from bot.settings import CoreSettings
from bot.storage.models import Answer
from question_bank.schema import Question
from tests import pg_throwaway
from tests.slack.conftest import BOT_TOKEN, SECRET, SlackHarness, start_server
from tests.slack.stand_in import SlackStandIn


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[pg_throwaway.ThrowawayPostgres]:
    if not pg_throwaway.available():
        pytest.skip(f"PostgreSQL binaries not found in {pg_throwaway.PG_BIN} (set CIIP_PG_BIN)")
    server = pg_throwaway.ThrowawayPostgres.create()
    yield server
    server.destroy()


@pytest.fixture
async def on_own_postgres(
    own_postgres: pg_throwaway.ThrowawayPostgres,
    stand_in: SlackStandIn,
    clock: FixedClock,
    settings: CoreSettings,
    bank_questions: list[Question],
) -> AsyncIterator[SlackHarness]:
    core = await asyncio.to_thread(
        build_core,
        own_postgres.url,
        clock,
        settings=settings,
        questions=bank_questions,
        rng=random.Random(7),
    )
    services = Services(settings, clock, core)
    slack_settings = SlackSettings(
        _env_file=None,
        signing_secret=SECRET,
        bot_token=BOT_TOKEN,
        api_url=stand_in.api_url,
        client_id=None,
        client_secret=None,
    )
    slack = await SlackTutor.create(services, slack_settings)
    core.attach(messenger=slack.messenger)
    task, stop, url = await start_server(slack)
    async with aiohttp.ClientSession() as http:
        yield SlackHarness(services, stand_in, slack, None, url, http)  # type: ignore[arg-type]
    stop.set()
    await task
    await slack.close()
    services.close()


async def _buttons(h: SlackHarness, user: str) -> list[str]:
    sent, key = await h.command("quiz", user=user)
    assert sent.status == 200
    [reply] = await h.response(key)
    return reply.action_ids()


def _answers(h: SlackHarness, key: str | None = None) -> int:
    query = select(func.count(Answer.id))
    if key is not None:
        query = query.where(Answer.idempotency_key == key)
    with h.services.core.ctx.db.session() as s:
        return s.scalar(query) or 0


def _key(action: str) -> str:
    return f"issued:{action.split(':')[2]}"


async def test_requests_during_a_restart_are_answered_politely_and_nothing_is_lost(
    on_own_postgres: SlackHarness,
    own_postgres: pg_throwaway.ThrowawayPostgres,
    caplog: pytest.LogCaptureFixture,
) -> None:
    h = on_own_postgres
    caplog.set_level(logging.INFO)
    before = await _buttons(h, "U1")
    sent, key = await h.click(before[0], user="U1")
    assert sent.status == 200
    [verdict] = await h.response(key)
    assert "The answer is" in verdict.block_text() or "Correct" in verdict.block_text()
    pending = await _buttons(h, "U2")

    await asyncio.to_thread(own_postgres.stop, "immediate")
    try:
        sent, key = await h.command("quiz", user="U1")
        assert sent.status == 200
        [busy] = await h.response(key)
        assert busy.params["text"] == DATABASE_BUSY
        sent, key = await h.click(pending[1], user="U2")
        assert sent.status == 200
        [busy] = await h.response(key)
        assert busy.params["text"] == DATABASE_BUSY
        async with h.http.get(h.url + "/healthz") as r:
            assert r.status == 503
    finally:
        await asyncio.to_thread(own_postgres.start)

    # The very next request works: no warm-up, no restart of the app.
    sent, key = await h.click(pending[1], user="U2")
    assert sent.status == 200
    [verdict] = await h.response(key)
    assert DATABASE_BUSY not in verdict.params["text"]
    assert await _buttons(h, "U1")
    async with h.http.get(h.url + "/healthz") as r:
        assert r.status == 200

    await h.slack.drain()
    assert _answers(h, _key(before[0])) == 1  # acknowledged before the crash: still there
    assert _answers(h, _key(pending[1])) == 1
    assert _answers(h) == 2
    assert [r for r in caplog.records if r.exc_info] == []
