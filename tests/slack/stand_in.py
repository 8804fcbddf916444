"""A Slack Web API stand-in on 127.0.0.1: the real app's outgoing calls land here.

Like slack-bolt's own mock server, it answers the Web API methods the app uses with canned,
well-formed responses and records every call. On top of that it records `response_url` posts,
can answer a method with HTTP 429 + Retry-After a given number of times, and serves a Socket
Mode websocket (`apps.connections.open` hands out its URL) that pushes envelopes and records
the app's acknowledgements. Tests wait on recorded calls with `wait_for` (an asyncio condition
with a timeout), never by sleeping.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

__all__ = ["Call", "SlackStandIn"]


@dataclass
class Call:
    """One request the app made: a Web API method, a response_url post or a socket ack."""

    method: str
    params: dict[str, Any]
    token: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    response: dict[str, Any] = field(default_factory=dict)

    def blocks(self) -> list[dict[str, Any]]:
        raw = self.params.get("blocks") or []
        return json.loads(raw) if isinstance(raw, str) else raw

    def block_text(self) -> str:
        """Every text in the blocks, joined: what a person would read."""
        out: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("text"), str):
                    out.append(node["text"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(self.blocks())
        return "\n".join(out)

    def action_ids(self) -> list[str]:
        return [
            element["action_id"]
            for block in self.blocks()
            if block.get("type") == "actions"
            for element in block["elements"]
        ]


class SlackStandIn:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, str]] = {}
        self.oauth_grants: dict[str, dict[str, Any]] = {}
        self._failures: dict[str, list[tuple[int, str]]] = {}
        self._changed = asyncio.Condition()
        self._ts = itertools.count(1)
        self._envelopes: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.uploads: dict[str, bytes] = {}
        """File bytes posted to an upload URL, by file id (files_upload_v2's second step)."""
        self._file_ids = itertools.count(1)

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> SlackStandIn:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def response_url(self, key: str) -> str:
        return f"{self.base_url}/response/{key}"

    # ------------------------------------------------------------------ configuration
    def add_bot(self, token: str, team: str, bot_user: str = "UBOT", bot_id: str = "BBOT") -> None:
        self.tokens[token] = {"team_id": team, "user_id": bot_user, "bot_id": bot_id}

    def add_user(self, user: str, *, admin: bool = False, owner: bool = False) -> None:
        self.users[user] = {
            "id": user,
            "name": user.lower(),
            "is_admin": admin,
            "is_owner": owner,
            "is_primary_owner": False,
        }

    def fail(self, method: str, status: int = 429, times: int = 1, retry_after: str = "0") -> None:
        """Answer `method` with `status` (and Retry-After) the next `times` calls."""
        self._failures.setdefault(method, []).extend([(status, retry_after)] * times)

    def push_envelope(self, envelope: dict[str, Any]) -> None:
        """Queue a Socket Mode envelope for the connected app."""
        self._envelopes.put_nowait(envelope)

    # ------------------------------------------------------------------ reading what happened
    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def record_ack(self, key: str, body: str) -> None:
        """A reply that rode in the HTTP acknowledgement, recorded as a `response_url` post to
        `key` (with header `via: ack`): what the member sees is the same."""
        call = Call("response_url", json.loads(body), headers={"key": key, "via": "ack"})
        await self._record(call)

    async def wait_for(
        self, predicate: Callable[[Call], bool], count: int = 1, timeout: float = 5.0
    ) -> list[Call]:
        """The first `count` recorded calls matching `predicate`, waiting up to `timeout` s."""

        def found() -> list[Call]:
            return [c for c in self.calls if predicate(c)]

        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(found()) >= count), timeout=timeout
            )
            return found()[:count]

    async def wait_method(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        return await self.wait_for(lambda c: c.method == method, count, timeout)

    # ------------------------------------------------------------------ handlers
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        raw = await request.text()
        if raw:
            if request.content_type == "application/json":
                params.update(json.loads(raw))
            else:
                params.update(dict(parse_qsl(raw, keep_blank_values=True)))
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        call = Call(method, params, token, dict(request.headers))
        pending = self._failures.get(method)
        if pending:
            status, retry_after = pending.pop(0)
            headers = {"Retry-After": retry_after} if status == 429 else {}
            call.response = {"ok": False, "error": "ratelimited", "status": status}
            await self._record(call)
            return web.json_response(call.response, status=status, headers=headers)
        call.response = self._answer(method, params, token)
        await self._record(call)
        return web.json_response(call.response)

    def _answer(self, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        if method == "auth.test":
            bot = self.tokens.get(token or "")
            if bot is None:
                return {"ok": False, "error": "invalid_auth"}
            return {
                "ok": True,
                "url": "https://example.slack.com/",
                "team": "Test Hospital",
                "user": "ciip-tutor",
                "team_id": bot["team_id"],
                "user_id": bot["user_id"],
                "bot_id": bot["bot_id"],
                "is_enterprise_install": False,
            }
        if method == "users.info":
            user = self.users.get(params.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method in ("chat.postMessage", "chat.update"):
            ts = params.get("ts") or f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": {}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "X"))}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._file_ids):04d}"
            return {
                "ok": True,
                "upload_url": f"{self.base_url}/upload/{file_id}",
                "file_id": file_id,
            }
        if method == "files.completeUploadExternal":
            files = json.loads(params.get("files") or "[]")
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V1"}}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.base_url.replace("http", "ws", 1) + "/socket"}
        if method == "oauth.v2.access":
            grant = self.oauth_grants.get(params.get("code", ""))
            return grant if grant else {"ok": False, "error": "invalid_code"}
        return {"ok": True}

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        await self._record(Call("response_url", body, headers={"key": request.match_info["key"]}))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL: the file's bytes arrive as the body (raw or multipart)."""
        file_id = request.match_info["file_id"]
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            part = await reader.next()
            data = await part.read() if part is not None else b""  # type: ignore[union-attr]
        else:
            data = await request.read()
        self.uploads[file_id] = bytes(data)
        await self._record(Call("upload", {"file_id": file_id, "size": len(data)}))
        return web.Response(text="OK - " + str(len(data)))

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {}})

        async def pump() -> None:
            while True:
                envelope = await self._envelopes.get()
                await ws.send_json(envelope)

        sender = asyncio.create_task(pump())
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._record(Call("socket_ack", json.loads(msg.data)))
        finally:
            sender.cancel()
        return ws
