"""The bot's outgoing token: OAuth 2.0 client credentials against the tenant's token endpoint.

Handed to the Teams SDK as its `token` provider, so the endpoint is a setting (tests point it at
loopback) and the token is cached until a minute before it expires. The secret and the tokens
never reach a log line.
"""

from __future__ import annotations

import asyncio
import logging
import time

import httpx

__all__ = ["ClientCredentialsToken"]

log = logging.getLogger(__name__)

MARGIN_SECONDS = 60


class ClientCredentialsToken:
    def __init__(self, token_url: str, client_id: str, secret: str, timeout: float = 10.0) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self._secret = secret
        self._timeout = timeout
        self._cache: dict[str, tuple[str, float]] = {}
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:  # never the secret
        return f"ClientCredentialsToken({self.token_url!r}, {self.client_id!r})"

    async def __call__(self, scope: str | list[str], tenant_id: str | None = None) -> str:
        scope = scope if isinstance(scope, str) else " ".join(scope)
        async with self._lock:
            cached = self._cache.get(scope)
            if cached is not None and cached[1] > time.monotonic():
                return cached[0]
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                response = await client.post(
                    self.token_url,
                    data={
                        "grant_type": "client_credentials",
                        "client_id": self.client_id,
                        "client_secret": self._secret,
                        "scope": scope,
                    },
                )
            if response.status_code != 200:
                log.error(
                    "token endpoint refused the bot's credentials (HTTP %s)", response.status_code
                )
                raise PermissionError(f"token endpoint answered HTTP {response.status_code}")
            body = response.json()
            token = str(body["access_token"])
            lifetime = float(body.get("expires_in") or 3600)
            self._cache[scope] = (token, time.monotonic() + max(lifetime - MARGIN_SECONDS, 1))
            return token
