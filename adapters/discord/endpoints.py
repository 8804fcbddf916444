"""Pointing discord.py at another Discord (`DISCORD_API_URL`), e.g. a stand-in on loopback.

discord.py keeps its REST base (`discord.http.Route.BASE`, used by the bot's own requests and by
interaction callbacks and follow-ups) and its default gateway
(`discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`) as class attributes, so they are
process-wide: one bot per process. `ApiEndpoints` sets them for the bot's lifetime and puts the
previous values back when it closes. With Discord's own URL nothing is touched at all.
"""

from __future__ import annotations

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

__all__ = ["ApiEndpoints"]


class ApiEndpoints:
    def __init__(self, api_url: str) -> None:
        self.api_url = api_url.rstrip("/")
        self._saved: tuple[str, yarl.URL] | None = None

    def apply(self) -> None:
        if self._saved is None:
            self._saved = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
        Route.BASE = self.api_url

    def use_gateway(self, url: str) -> None:
        """Connect to this gateway (a plain Client never asks `/gateway/bot` by itself)."""
        if self._saved is None:
            self._saved = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)

    def restore(self) -> None:
        if self._saved is not None:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None
