"""The shared behaviour scenarios through discord.py's real command tree and view store: raw
INTERACTION_CREATE payloads in, the REST calls caught by the Discord stand-in out."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.services import Services
from tests.discord.conftest import Harness
from tests.discord.payloads import click, slash
from tests.discord.standin import Call
from tests.scenarios.behaviours import BUTTON_SCENARIOS, SCENARIOS, Scenario, Screen, ids

USERS = {"ana": "400000000000000001", "ben": "400000000000000002"}
ALL = SCENARIOS + BUTTON_SCENARIOS


def slash_for(text: str) -> tuple[str, dict[str, Any]]:
    """The grammar's text as Discord's command picker would fill it in (options by name)."""
    words = text.split()
    match words:
        case ["timezone", zone]:
            return "timezone", {"zone": zone}
        case ["nudges", state, *time]:
            return "nudges", {"state": state, **({"time": time[0]} if time else {})}
        case ["exam", "start", length]:
            return "exam start", {"length": length}
        case ["report", question, reason, *note]:
            return "report", {"question": question, "reason": reason} | (
                {"note": " ".join(note)} if note else {}
            )
        case [name]:
            return name, {}
    raise AssertionError(f"no Discord form for {text!r} in this driver")


class DiscordDriver:
    buttons = True

    def __init__(self, harness: Harness) -> None:
        self.h = harness

    async def command(self, text: str, user: str = "ana") -> Screen:
        path, options = slash_for(text)
        calls = await self.h.interact_all(slash(path, options, user=USERS[user], name=user.title()))
        return self._screen(calls)

    async def press(self, screen: Screen, action_id: str, user: str = "ana") -> Screen:
        assert isinstance(screen.raw, dict)
        message = screen.raw
        if action_id not in screen.actions:  # a message from an older version, with its button
            button = {"type": 2, "style": 2, "label": "Old", "custom_id": action_id}
            message = {**message, "components": [{"type": 1, "components": [button]}]}
        payload = click(action_id, message, user=USERS[user], name=user.title())
        return self._screen(await self.h.interact_all(payload))

    def _screen(self, calls: list[Call]) -> Screen:
        """Everything the interaction showed; buttons and the message to press on from the last."""
        shown = [c for c in calls if c.data]
        assert shown, "the interaction showed nothing"
        return Screen(
            "\n".join(c.text for c in shown),
            [i for c in shown for i in c.custom_ids],
            self.h.message_of(shown[-1]),
        )


@pytest.mark.parametrize("scenario", ALL, ids=ids(ALL))
async def test_discord(scenario: Scenario, harness: Harness, services: Services) -> None:
    await scenario(DiscordDriver(harness), services)
