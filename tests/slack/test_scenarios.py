"""The shared behaviour scenarios through the real Bolt app: signed requests over HTTP, replies
caught by the Slack stand-in (the ack body when it carries the reply, else the response_url)."""

from __future__ import annotations

import json

import pytest

from adapters.services import Services
from tests.scenarios.behaviours import (
    BUTTON_SCENARIOS,
    SCENARIOS,
    TYPED_SCENARIOS,
    Scenario,
    Screen,
    ids,
)
from tests.slack.conftest import Sent, SlackHarness
from tests.slack.stand_in import Call

USERS = {"ana": "U1", "ben": "U2"}
ALL = SCENARIOS + TYPED_SCENARIOS + BUTTON_SCENARIOS


def _screen(params: dict) -> Screen:  # type: ignore[type-arg]
    call = Call(method="response_url", params=params, headers={}, response={})
    return Screen(f"{params.get('text', '')}\n{call.block_text()}", call.action_ids(), params)


class SlackDriver:
    buttons = True

    def __init__(self, harness: SlackHarness) -> None:
        self.h = harness

    async def _reply(self, sent: Sent, key: str) -> Screen:
        assert sent.status == 200, sent
        if sent.body.strip().startswith("{"):
            return _screen(json.loads(sent.body))  # the ack carried the reply
        [reply] = await self.h.response(key)
        return _screen(reply.params)

    async def command(self, text: str, user: str = "ana") -> Screen:
        sent, key = await self.h.command(text, user=USERS[user], user_name=user)
        return await self._reply(sent, key)

    async def press(self, screen: Screen, action_id: str, user: str = "ana") -> Screen:
        sent, key = await self.h.click(action_id, user=USERS[user])
        return await self._reply(sent, key)


@pytest.mark.parametrize("scenario", ALL, ids=ids(ALL))
async def test_slack(scenario: Scenario, slack_http: SlackHarness, services: Services) -> None:
    await scenario(SlackDriver(slack_http), services)
