"""Past the ack deadline: the request is acknowledged empty and the reply follows through
`response_url` (the path a very slow database takes). A deadline of 0 takes it every time,
without timing anything."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from adapters.services import Services
from adapters.slack.app import SlackTutor
from adapters.slack.settings import SlackSettings
from tests.slack.conftest import BOT_TOKEN, SECRET, SlackHarness, start_server
from tests.slack.stand_in import SlackStandIn


@pytest.fixture
async def no_deadline(services: Services, stand_in: SlackStandIn) -> AsyncIterator[SlackHarness]:
    settings = SlackSettings(
        _env_file=None,
        signing_secret=SECRET,
        bot_token=BOT_TOKEN,
        api_url=stand_in.api_url,
        client_id=None,
        client_secret=None,
        ack_deadline_seconds=0,
    )
    slack = await SlackTutor.create(services, settings)
    services.core.attach(messenger=slack.messenger)
    task, stop, url = await start_server(slack)
    async with aiohttp.ClientSession() as http:
        yield SlackHarness(services, stand_in, slack, None, url, http)  # type: ignore[arg-type]
    stop.set()
    await task
    await slack.close()


async def test_a_late_command_is_acked_empty_then_answered(no_deadline: SlackHarness) -> None:
    h = no_deadline
    sent, key = await h.command("quiz")
    assert sent.status == 200 and sent.body == ""
    [reply] = await h.response(key)
    assert "via" not in reply.headers  # a real response_url post, not the ack
    assert len(reply.action_ids()) == 4

    issued = reply.action_ids()[0]
    sent, key = await h.click(issued)
    assert sent.status == 200
    [verdict] = await h.response(key)
    assert verdict.params["replace_original"] is True
    assert "The answer is" in verdict.block_text() or "Correct" in verdict.block_text()
