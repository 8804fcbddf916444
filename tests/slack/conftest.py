"""Fixtures: the Slack Web API stand-in and the real Slack app served over HTTP on loopback.

`slack_http` runs `adapters.slack.runner.serve_http` (the production server code) on
127.0.0.1 with an ephemeral port, the real Bolt app and the real scheduler, all pointed at
the stand-in through `SLACK_API_URL`'s setting. Requests are signed exactly as Slack signs them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from adapters.services import Services
from adapters.slack.app import SlackTutor
from adapters.slack.runner import serve_http
from adapters.slack.settings import SlackSettings
from bot.identity import Actor
from scheduler.service import DailyScheduler
from tests.slack import payloads
from tests.slack.stand_in import Call, SlackStandIn

SECRET = "test-signing-secret-5f3a9c"
BOT_TOKEN = "xoxb-1111-2222-test-bot-token"


@pytest.fixture
async def stand_in() -> AsyncIterator[SlackStandIn]:
    server = await SlackStandIn().start()
    server.add_bot(BOT_TOKEN, payloads.TEAM)
    server.add_user("U1")
    server.add_user("U2")
    server.add_user("UADMIN", admin=True)
    server.add_user("UOWNER", owner=True)
    yield server
    await server.close()


def slack_actor(user: str = "U1", channel: str | None = "C1", team: str = payloads.TEAM) -> Actor:
    return Actor(platform="slack", workspace=team, user=user, channel=channel)


@dataclass
class Sent:
    status: int
    body: str


@dataclass
class SlackHarness:
    services: Services
    stand_in: SlackStandIn
    slack: SlackTutor
    scheduler: DailyScheduler
    url: str
    http: aiohttp.ClientSession
    secret: str = SECRET
    _responses: int = 0

    async def post(
        self,
        body: str,
        *,
        content_type: str = "form",
        headers: dict[str, str] | None = None,
        secret: str | None = None,
        timestamp: int | None = None,
        path: str = "/slack/events",
    ) -> Sent:
        signed = payloads.sign(
            secret or self.secret, body, timestamp=timestamp, content_type=content_type
        )
        signed.update(headers or {})
        async with self.http.post(self.url + path, data=body.encode(), headers=signed) as r:
            text = await r.text()
        return Sent(r.status, text)

    def new_response_url(self) -> str:
        self._responses += 1
        return self.stand_in.response_url(f"r{self._responses}")

    async def command(self, text: str, **kwargs: Any) -> tuple[Sent, str]:
        """Send `/ciip <text>`; returns the ack and the response_url key to wait on."""
        url = kwargs.pop("response_url", None) or self.new_response_url()
        body = payloads.form(payloads.slash_command(text, response_url=url, **kwargs))
        sent, key = await self.post(body), url.rsplit("/", 1)[1]
        if sent.status == 200 and sent.body:
            await self.stand_in.record_ack(key, sent.body)
        return sent, key

    async def click(self, action_id: str, **kwargs: Any) -> tuple[Sent, str]:
        url = kwargs.pop("response_url", None) or self.new_response_url()
        body = payloads.block_action(action_id, response_url=url, **kwargs)
        return await self.post(body), url.rsplit("/", 1)[1]

    async def response(self, key: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        return await self.stand_in.wait_for(
            lambda c: c.method == "response_url" and c.headers.get("key") == key,
            count,
            timeout,
        )


async def start_server(slack: SlackTutor) -> tuple[asyncio.Task[None], asyncio.Event, str]:
    stop = asyncio.Event()
    ready: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve_http(slack, "127.0.0.1", 0, stop, ready.set_result))
    port = await asyncio.wait_for(ready, timeout=10)
    return task, stop, f"http://127.0.0.1:{port}"


@pytest.fixture
async def slack_http(services: Services, stand_in: SlackStandIn) -> AsyncIterator[SlackHarness]:
    settings = SlackSettings(
        _env_file=None,
        signing_secret=SECRET,
        bot_token=BOT_TOKEN,
        api_url=stand_in.api_url,
        client_id=None,
        client_secret=None,
    )
    slack = await SlackTutor.create(services, settings)
    services.core.attach(messenger=slack.messenger)
    scheduler = DailyScheduler(services.core, platform="slack")
    task, stop, url = await start_server(slack)
    async with aiohttp.ClientSession() as http:
        yield SlackHarness(services, stand_in, slack, scheduler, url, http)
    stop.set()
    await task
    await slack.close()
