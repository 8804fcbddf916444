"""A Bot Framework stand-in on 127.0.0.1: identity endpoints and the Bot Connector, recorded.

It runs aiohttp on its own thread and event loop, because the SDK fetches the JWKS with blocking
`urllib` from inside the bot's loop. It serves:

- `GET /v1/.well-known/openidconfiguration` and `GET /v1/.well-known/keys`: OpenID metadata and a
  JWKS holding this stand-in's own RSA key, from which the SDK validates inbound tokens;
- `POST /<tenant>/oauth2/v2.0/token`: the client-credentials grant the bot uses for its own
  outgoing token (a signed JWT, as the SDK decodes it);
- the Connector under `/connector`: create/update activities, create a 1:1 conversation, and
  the roster (`members/<id>` with `userRole`).

`sign()` issues the JWT the real Connector would put on each activity it posts to the bot.
Every request the bot makes is recorded with its bearer token.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

__all__ = ["BotFrameworkStandIn", "Call"]

ISSUER = "https://api.botframework.com"
KID = "standin-key-1"


@dataclass
class Call:
    method: str
    path: str
    body: Any
    token: str | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def conversation(self) -> str:
        parts = self.path.split("/")
        return parts[4] if len(parts) > 4 else ""

    def card(self) -> dict[str, Any]:
        for attachment in (self.body or {}).get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return attachment["content"]
        return {}

    def text(self) -> str:
        return card_text(self.card())

    def action_ids(self) -> list[str]:
        return [a["data"]["action_id"] for a in self.card().get("actions") or []]


def card_text(node: Any) -> str:
    out: list[str] = []

    def walk(n: Any) -> None:
        if isinstance(n, dict):
            for key in ("text", "title", "value"):
                if isinstance(n.get(key), str):
                    out.append(n[key])
            for v in n.values():
                walk(v)
        elif isinstance(n, list):
            for item in n:
                walk(item)

    walk(node)
    return "\n".join(out)


class BotFrameworkStandIn:
    def __init__(self, app_id: str) -> None:
        self.app_id = app_id
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.calls: list[Call] = []
        self.roles: dict[str, str] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> BotFrameworkStandIn:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            app = web.Application()
            app.router.add_get("/v1/.well-known/openidconfiguration", self._openid)
            app.router.add_get("/v1/.well-known/keys", self._keys)
            app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
            app.router.add_post("/connector/v3/conversations", self._create_conversation)
            app.router.add_post("/connector/v3/conversations/{cid}/activities", self._activity)
            app.router.add_put("/connector/v3/conversations/{cid}/activities/{aid}", self._update)
            app.router.add_get("/connector/v3/conversations/{cid}/members/{uid}", self._member)
            self._runner = web.AppRunner(app, access_log=None)
            loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            loop.run_until_complete(site.start())
            self.base_url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=run, name="bf-standin", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def close(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    @property
    def openid_url(self) -> str:
        return self.base_url + "/v1/.well-known/openidconfiguration"

    @property
    def service_url(self) -> str:
        return self.base_url + "/connector"

    # ------------------------------------------------------------------ signing
    def sign(
        self,
        service_url: str | None = None,
        *,
        audience: str | None = None,
        lifetime: int = 300,
        issued_ago: int = 0,
        foreign_key: bool = False,
        issuer: str = ISSUER,
    ) -> str:
        now = int(time.time()) - issued_ago  # JWTs carry real time; PyJWT checks it
        claims = {
            "iss": issuer,
            "aud": audience or self.app_id,
            "serviceurl": service_url or self.service_url,
            "iat": now,
            "nbf": now,
            "exp": now + lifetime,
        }
        key = self.other_key if foreign_key else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})

    # ------------------------------------------------------------------ records
    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def of(self, method: str, suffix: str = "") -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and c.path.endswith(suffix)]

    def sends(self) -> list[Call]:
        """Activities the bot created (replies, posts, proactive messages)."""
        return [c for c in self.of("POST") if c.path.endswith("/activities")]

    def updates(self) -> list[Call]:
        return self.of("PUT")

    def mark(self) -> int:
        with self._lock:
            return len(self.calls)

    def since(self, mark: int) -> list[Call]:
        with self._lock:
            return list(self.calls[mark:])

    # ------------------------------------------------------------------ handlers
    @staticmethod
    def _bearer(request: web.Request) -> str | None:
        value = request.headers.get("Authorization", "")
        return value.removeprefix("Bearer ") if value.startswith("Bearer ") else None

    async def _openid(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"issuer": ISSUER, "jwks_uri": self.base_url + "/v1/.well-known/keys"}
        )

    async def _keys(self, request: web.Request) -> web.Response:
        self._record(Call("GET", request.path, None, None))
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": KID, "use": "sig", "alg": "RS256", "endorsements": ["msteams"]})
        return web.json_response({"keys": [jwk]})

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        ok = form.get("client_id") == self.app_id and form.get("client_secret") == "s3cret-value"
        self._record(Call("POST", request.path, {"scope": form.get("scope")}, None, {"ok": ok}))
        if not ok:
            return web.json_response({"error": "invalid_client"}, status=401)
        now = int(time.time())
        token = jwt.encode(
            {
                "aud": "https://api.botframework.com",
                "appid": self.app_id,
                "iat": now,
                "exp": now + 3600,
            },
            self.key,
            algorithm="RS256",
        )
        return web.json_response(
            {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}
        )

    async def _create_conversation(self, request: web.Request) -> web.Response:
        body = await request.json()
        self._record(Call("POST", request.path, body, self._bearer(request)))
        user = body["members"][0]["id"]
        return web.json_response({"id": f"a:personal-{user}", "serviceUrl": self.service_url})

    async def _activity(self, request: web.Request) -> web.Response:
        body = await request.json()
        aid = str(1_772_000_000_000 + next(self._ids))  # Teams message ids are numeric
        self._record(Call("POST", request.path, body, self._bearer(request), {"id": aid}))
        return web.json_response({"id": aid})

    async def _update(self, request: web.Request) -> web.Response:
        body = await request.json()
        aid = request.match_info["aid"]
        self._record(Call("PUT", request.path, body, self._bearer(request), {"id": aid}))
        return web.json_response({"id": aid})

    async def _member(self, request: web.Request) -> web.Response:
        uid = request.match_info["uid"]
        self._record(Call("GET", request.path, None, self._bearer(request)))
        return web.json_response({"id": uid, "name": uid, "userRole": self.roles.get(uid, "user")})
