"""A Discord stand-in on 127.0.0.1: the REST endpoints the bot uses and a JSON gateway.

The real discord.py client is pointed at it (`DISCORD_API_URL`): it logs in over REST, syncs
its commands, opens the gateway websocket (HELLO, IDENTIFY, READY, GUILD_CREATE) and receives
INTERACTION_CREATE events from the test, and its answers (interaction callbacks, follow-ups,
channel messages) are recorded here for the test to check. Nothing is mocked inside the bot.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

__all__ = ["APP_ID", "BOT_ID", "Call", "DiscordStandIn"]

APP_ID = "100000000000000001"
BOT_ID = "100000000000000002"
API = "/api/v10"


def _json(data: Any, status: int = 200) -> web.Response:
    """Discord answers `application/json` exactly (discord.py compares the header as is)."""
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()


def bot_user_payload() -> dict[str, Any]:
    return {
        "id": BOT_ID,
        "username": "ciip-tutor",
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": True,
        "flags": 0,
    }


def message_payload(
    message_id: str, channel_id: str, data: dict[str, Any], flags: int | None = None
) -> dict[str, Any]:
    """A message as Discord stores what the bot sent (embeds, buttons, flags). An edit does not
    resend the flags, so pass the original's `flags` for edited messages."""
    return {
        "id": message_id,
        "channel_id": channel_id,
        "author": bot_user_payload(),
        "content": data.get("content") or "",
        "timestamp": _now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": data.get("embeds") or [],
        "components": data.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": flags if flags is not None else int(data.get("flags", 0) or 0),
    }


@dataclass
class Call:
    """One REST request the bot made."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    """Attachments of a multipart request, by file name."""

    @property
    def data(self) -> dict[str, Any]:
        """The message part of a callback (`data`) or the body of a webhook/channel message."""
        if isinstance(self.body, dict) and "type" in self.body and "data" in self.body:
            return self.body["data"] or {}
        return self.body if isinstance(self.body, dict) else {}

    @property
    def custom_ids(self) -> list[str]:
        return [
            c["custom_id"]
            for row in self.data.get("components", [])
            for c in row.get("components", [])
            if "custom_id" in c
        ]

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.data.get("embeds", []) or [])

    @property
    def text(self) -> str:
        """All visible text of the message: content, embed titles, descriptions, fields."""
        parts = [self.data.get("content") or ""]
        for e in self.embeds:
            parts += [e.get("title", ""), e.get("description", "")]
            parts += [f"{f['name']}: {f['value']}" for f in e.get("fields", [])]
            parts.append((e.get("footer") or {}).get("text", ""))
        return "\n".join(p for p in parts if p)

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.data.get("flags", 0) or 0) & 64)


class DiscordStandIn:
    """Start with `await start()`, stop with `await stop()`; `calls` is the REST log."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.frames_in: list[dict[str, Any]] = []
        self._ids = itertools.count(900_000_000_000_000_001)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._socket: web.WebSocketResponse | None = None
        self._seq = 0
        self.port = 0
        self.guilds: list[dict[str, Any]] = []
        self.fail_paths: dict[str, int] = {}
        """Path suffix -> HTTP status to answer with (to test refusals)."""

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._socket is not None and not self._socket.closed:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def next_id(self) -> str:
        return str(next(self._ids))

    # ------------------------------------------------------------------ waiting
    async def _record(self, call: Call | None = None, frame: dict[str, Any] | None = None) -> None:
        async with self._changed:
            if call is not None:
                self.calls.append(call)
            if frame is not None:
                self.frames_in.append(frame)
            self._changed.notify_all()

    async def wait_for(
        self, predicate: Callable[[Call], bool], *, count: int = 1, timeout: float = 10.0
    ) -> list[Call]:
        """The first `count` calls matching `predicate`, waiting (on events) until they come."""

        def found() -> list[Call]:
            return [c for c in self.calls if predicate(c)]

        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(found()) >= count), timeout=timeout
            )
            return found()[:count]

    async def wait_frame(self, op: int, timeout: float = 10.0) -> dict[str, Any]:
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: any(f.get("op") == op for f in self.frames_in)),
                timeout=timeout,
            )
            return next(f for f in self.frames_in if f.get("op") == op)

    def matching(self, method: str, fragment: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and fragment in c.path]

    # ------------------------------------------------------------------ payloads
    def bot_user(self) -> dict[str, Any]:
        return bot_user_payload()

    def message(self, channel_id: str, body: dict[str, Any], message_id: str | None = None):  # type: ignore[no-untyped-def]
        return message_payload(message_id or self.next_id(), channel_id, body)

    # ------------------------------------------------------------------ REST
    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        files: dict[str, bytes] = {}
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:  # type: ignore[union-attr]
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(data)
                else:
                    files[part.filename or part.name or ""] = bytes(data)  # type: ignore[union-attr]
        elif request.can_read_body:
            raw = await request.read()
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode(errors="replace")
        call = Call(request.method, path, dict(request.query), body, dict(request.headers), files)
        await self._record(call)
        for suffix, status in self.fail_paths.items():
            if path.endswith(suffix):
                return _json({"message": "refused", "code": 50001}, status=status)
        return self._answer(request.method, path, body, call)

    def _answer(self, method: str, path: str, body: Any, call: Call) -> web.Response:
        parts = path.strip("/").split("/")
        if path == "/users/@me":
            return _json(self.bot_user())
        if path == "/oauth2/applications/@me":
            return _json(
                {
                    "id": APP_ID,
                    "name": "ciip-tutor",
                    "icon": None,
                    "description": "",
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": {**self.bot_user(), "id": "100000000000000003", "bot": False},
                    "verify_key": "0" * 64,
                    "flags": 0,
                }
            )
        if path == "/gateway/bot":
            return _json(
                {
                    "url": self.gateway_url,
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 999,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )
        if parts[0] == "applications" and parts[-1] == "commands" and method == "PUT":
            guild_id = parts[3] if len(parts) == 5 else None
            return _json(
                [
                    {
                        **cmd,
                        "id": self.next_id(),
                        "application_id": APP_ID,
                        "version": "1",
                        **({"guild_id": guild_id} if guild_id else {}),
                    }
                    for cmd in body or []
                ]
            )
        if parts[0] == "interactions" and parts[-1] == "callback":
            data = (body or {}).get("data") or {}
            response: dict[str, Any] = {
                "interaction": {
                    "id": parts[1],
                    "type": 2,
                    "response_message_ephemeral": bool(int(data.get("flags", 0) or 0) & 64),
                }
            }
            if body and body.get("type") in (4, 7):
                response["resource"] = {
                    "type": body["type"],
                    "message": self.message("0", data),
                }
            return _json(response)
        if parts[0] == "webhooks":
            if method == "DELETE":
                return web.Response(status=204)
            return _json(self.message("0", body or {}))
        if parts[0] == "channels" and len(parts) >= 3 and parts[2] == "messages":
            message_id = parts[3] if len(parts) > 3 else None
            return _json(self.message(parts[1], body or {}, message_id))
        if path == "/users/@me/channels":
            return _json(
                {
                    "id": self.next_id(),
                    "type": 1,
                    "last_message_id": None,
                    "recipients": [
                        {
                            "id": str((body or {}).get("recipient_id")),
                            "username": "member",
                            "discriminator": "0",
                            "avatar": None,
                        }
                    ],
                }
            )
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    # ------------------------------------------------------------------ gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._socket = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            await self._record(frame=frame)
            if frame.get("op") == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif frame.get("op") == 2:
                await self.dispatch(
                    "READY",
                    {
                        "v": 10,
                        "user": self.bot_user(),
                        "guilds": [{"id": g["id"], "unavailable": True} for g in self.guilds],
                        "session_id": "standin-session",
                        "resume_gateway_url": self.gateway_url,
                        "application": {"id": APP_ID, "flags": 0},
                        "shard": [0, 1],
                    },
                )
                for guild in self.guilds:
                    await self.dispatch("GUILD_CREATE", guild)
        return ws

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one DISPATCH frame (JSON text) to the connected bot."""
        assert self._socket is not None, "the bot has not connected to the gateway"
        self._seq += 1
        await self._socket.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))
