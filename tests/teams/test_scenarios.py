"""The shared behaviour scenarios through the Teams SDK's real endpoint: signed activities in
(messages typed in personal chat, Adaptive Card invokes), the Connector stand-in's record out."""

from __future__ import annotations

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
from tests.teams import activities as A
from tests.teams.conftest import TeamsHarness
from tests.teams.standin import card_text

ALL = SCENARIOS + TYPED_SCENARIOS + BUTTON_SCENARIOS


class TeamsDriver:
    buttons = True

    def __init__(self, harness: TeamsHarness) -> None:
        self.h = harness

    def _sent(self, mark: int) -> Screen:
        calls = self.h.standin.since(mark)
        sent = [c for c in calls if c.method == "POST" and "/activities" in c.path]
        assert sent, "the bot sent nothing"
        return Screen(
            "\n".join(c.text() for c in sent),
            [i for c in sent for i in c.action_ids()],
            sent[-1].extra["id"],
        )

    async def command(self, text: str, user: str = "ana") -> Screen:
        mark = self.h.standin.mark()
        response = await self.h.send(A.message(self.h.service_url, text, user=user))
        assert response.status_code == 200
        return self._sent(mark)

    async def press(self, screen: Screen, action_id: str, user: str = "ana") -> Screen:
        mark = self.h.standin.mark()
        activity = A.card_action(self.h.service_url, action_id, user=user, reply_to=str(screen.raw))
        response = await self.h.send(activity)
        assert response.status_code == 200
        body = response.json()
        if body.get("type") == "application/vnd.microsoft.card.adaptive":  # the card, replaced
            card = body["value"]
            actions = [a["data"]["action_id"] for a in card.get("actions") or []]
            return Screen(card_text(card), actions, screen.raw)
        return self._sent(mark)


@pytest.mark.parametrize("scenario", ALL, ids=ids(ALL))
async def test_teams(scenario: Scenario, teams: TeamsHarness, services: Services) -> None:
    await scenario(TeamsDriver(teams), services)
