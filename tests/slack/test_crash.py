"""kill -9 during an answer storm: every click whose acknowledgement reached the client is stored.

`ciip-tutor slack --http` runs as a real process on this test's database (SQLite, or PostgreSQL
on the suite's PostgreSQL leg). Members get their questions (in the ack of `/ciip quiz`), then
click their answers, each twice, concurrently; once some acknowledgements have arrived the
process is killed with SIGKILL. A click is stored before it is acknowledged, so each
acknowledged click has its answer in the database, once (the answer's idempotency key is the
issued question).
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import create_engine, func, select

from bot.storage.models import Answer, Issued
from tests.slack import payloads
from tests.slack.conftest import BOT_TOKEN, SECRET
from tests.slack.process import Server, clean_env, post_signed, serving
from tests.slack.stand_in import Call, SlackStandIn

MEMBERS = 16
CLICKS_PER_MEMBER = 2
KILL_AFTER_ACKS = 10


@pytest.fixture
async def server(
    stand_in: SlackStandIn, database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[Server, str]]:
    env = clean_env(
        DATABASE_URL=database_url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=stand_in.api_url,
        SLACK_ACK_DEADLINE_SECONDS="2.5",  # margin on a loaded machine: store, then ack
    )
    async with serving(env, tmp_path, kill=True) as running:
        yield running


async def test_no_acknowledged_click_is_lost_to_kill_9(
    server: tuple[Server, str], stand_in: SlackStandIn, database_url: str
) -> None:
    running, url = server
    users = [f"UK{i:02d}" for i in range(MEMBERS)]
    for user in users:
        stand_in.add_user(user)
    async with aiohttp.ClientSession() as http:
        issued: dict[str, str] = {}
        for user in users:
            quiz = payloads.slash_command(
                "quiz", user=user, response_url=stand_in.response_url(user)
            )
            status, body = await post_signed(http, url, payloads.form(quiz))
            assert status == 200
            if body:  # the question rides in the ack
                question = Call("response_url", json.loads(body))
            else:  # or follows through response_url (an ack past its deadline)
                [question] = await stand_in.wait_for(
                    lambda c, u=user: c.method == "response_url" and c.headers.get("key") == u
                )
            issued[user] = question.action_ids()[0]

        acked: list[str] = []
        enough = asyncio.Event()

        async def click(user: str, n: int) -> None:
            action = issued[user]  # the same button twice: a double click
            body = payloads.block_action(
                action, user=user, response_url=stand_in.response_url(f"{user}-{n}")
            )
            try:
                status, _ = await post_signed(http, url, body)
            except aiohttp.ClientError:
                return  # the process died before acknowledging this one
            assert status == 200
            acked.append(action)
            if len(acked) >= KILL_AFTER_ACKS:
                enough.set()

        storm = [
            asyncio.create_task(click(user, n)) for n in range(CLICKS_PER_MEMBER) for user in users
        ]
        done = asyncio.ensure_future(asyncio.gather(*storm))
        await asyncio.wait(
            {done, asyncio.ensure_future(enough.wait())},
            timeout=60,
            return_when=asyncio.FIRST_COMPLETED,
        )
        running.proc.send_signal(signal.SIGKILL)
        await running.proc.wait()
        await asyncio.wait_for(done, timeout=30)

    assert len(acked) >= KILL_AFTER_ACKS
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            for action in set(acked):
                issued_id = int(action.split(":")[2])
                key = f"issued:{issued_id}"
                stored = conn.scalar(
                    select(func.count(Answer.id)).where(Answer.idempotency_key == key)
                )
                assert stored == 1, f"acknowledged click {action} stored {stored} times"
                answered = conn.scalar(select(Issued.answered_at).where(Issued.id == issued_id))
                assert answered is not None
            total = conn.scalar(select(func.count(Answer.id))) or 0
            keys = conn.scalar(select(func.count(func.distinct(Answer.idempotency_key)))) or 0
    finally:
        engine.dispose()
    assert total == keys  # no answer stored twice
    assert total >= len(set(acked))
