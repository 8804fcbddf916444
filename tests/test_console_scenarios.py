"""The shared behaviour scenarios through the console's session (typed lines, no buttons)."""

from __future__ import annotations

import pytest

from adapters.console.runner import ConsoleSession
from adapters.services import Services
from tests.scenarios.behaviours import SCENARIOS, TYPED_SCENARIOS, Scenario, Screen, ids


class ConsoleDriver:
    buttons = False

    def __init__(self, services: Services) -> None:
        self.services = services
        self.sessions: dict[str, ConsoleSession] = {}

    def _session(self, user: str) -> ConsoleSession:
        if user not in self.sessions:
            self.sessions[user] = ConsoleSession(self.services, user)
        return self.sessions[user]

    async def command(self, text: str, user: str = "ana") -> Screen:
        return Screen((await self._session(user).line(text)).text)

    async def press(self, screen: Screen, action_id: str, user: str = "ana") -> Screen:
        """The console has no buttons: a member types the letter, or `next`."""
        typed = "next" if action_id == "ciip:next" else action_id.rsplit(":", 1)[1]
        return Screen((await self._session(user).line(typed)).text)


ALL = SCENARIOS + TYPED_SCENARIOS


@pytest.mark.parametrize("scenario", ALL, ids=ids(ALL))
async def test_console(scenario: Scenario, services: Services) -> None:
    await scenario(ConsoleDriver(services), services)
