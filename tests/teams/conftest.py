"""Fixtures: the Bot Framework stand-in and the real Teams bot served over HTTP on loopback.

`teams` runs the production server code (`adapters.teams.http.serve`) on 127.0.0.1 with an
ephemeral port, the real SDK `App` (JWT validation included) and the real scheduler, all pointed
at the stand-in through `TeamsSettings`. Activities are signed as the Bot Connector signs them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from adapters.services import Services
from adapters.teams.bot import TeamsTutor
from adapters.teams.http import serve
from adapters.teams.settings import TeamsSettings
from scheduler.service import DailyScheduler
from tests.teams.activities import APP_ID, TENANT
from tests.teams.standin import BotFrameworkStandIn

SECRET = "s3cret-value"


@pytest.fixture(scope="session")
def standin() -> Iterator[BotFrameworkStandIn]:
    server = BotFrameworkStandIn(APP_ID).start()
    yield server
    server.close()


def teams_settings(standin: BotFrameworkStandIn, **extra: Any) -> TeamsSettings:
    values: dict[str, Any] = {
        "app_id": APP_ID,
        "app_password": SECRET,
        "tenant_id": TENANT,
        "openid_metadata_url": standin.openid_url,
        "login_endpoint": standin.base_url,
        "service_url": standin.service_url,
    }
    values.update(extra)
    return TeamsSettings(_env_file=None, **values)


@dataclass
class TeamsHarness:
    services: Services
    standin: BotFrameworkStandIn
    teams: TeamsTutor
    scheduler: DailyScheduler
    url: str
    http: httpx.AsyncClient

    @property
    def service_url(self) -> str:
        return self.standin.service_url

    async def send(
        self,
        activity: dict[str, Any] | Any,
        *,
        token: str | None = "sign",
        raw: bytes | None = None,
    ) -> httpx.Response:
        """POST an activity; returns once the bot answered and its count edits went out."""
        headers = {"Content-Type": "application/json"}
        if token == "sign":
            token = self.standin.sign()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = self.url + "/api/messages"
        if raw is not None:
            response = await self.http.post(url, content=raw, headers=headers)
        else:
            response = await self.http.post(url, json=activity, headers=headers)
        await self.teams.drain()
        return response


@pytest.fixture
async def teams(services: Services, standin: BotFrameworkStandIn) -> AsyncIterator[TeamsHarness]:
    with standin._lock:
        standin.calls.clear()
    standin.roles = {"29:1olga-owner": "owner"}
    bot = TeamsTutor(services, teams_settings(standin))
    await bot.initialize()
    services.core.attach(messenger=bot.messenger)
    scheduler = DailyScheduler(services.core, platform="teams")
    stop = asyncio.Event()
    ready: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve(bot.adapter, "127.0.0.1", 0, stop, ready.set_result))
    port = await asyncio.wait_for(ready, timeout=10)
    async with httpx.AsyncClient(timeout=30) as http:
        yield TeamsHarness(services, standin, bot, scheduler, f"http://127.0.0.1:{port}", http)
    await bot.drain()
    stop.set()
    await task
