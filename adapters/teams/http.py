"""The HTTP side: the SDK's FastAPI adapter with a stricter front door, `/healthz`, and serving.

The SDK's own route parses the body with `request.json()` and hands any JSON to its handler,
so a body that is not JSON, not an object, or whose core fields have the wrong types would end
in a 500 with a traceback. Here such a request gets 400 before the SDK sees it; everything
else (JWT validation included) is the SDK's own `HttpServer.handle_request`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import uvicorn
from fastapi import Request, Response
from fastapi.responses import JSONResponse
from microsoft_teams.apps.events import CoreActivity
from microsoft_teams.apps.http import FastAPIAdapter
from microsoft_teams.apps.http.adapter import HttpMethod, HttpRequest, HttpRouteHandler
from pydantic import ValidationError

if TYPE_CHECKING:
    from adapters.services import Services

__all__ = ["MAX_BODY_BYTES", "GuardedAdapter", "serve"]

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024


def _bad(reason: str) -> Response:
    return JSONResponse({"error": reason}, status_code=400)


class GuardedAdapter(FastAPIAdapter):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.app.get("/healthz")(self._healthz)

    async def _healthz(self) -> Response:
        try:
            await asyncio.to_thread(self.services.core.ping)
        except Exception as exc:
            log.warning("health check: database unreachable: %s", type(exc).__name__)
            return JSONResponse({"ok": False, "database": "unreachable"}, status_code=503)
        return JSONResponse({"ok": True})

    def register_route(self, method: HttpMethod, path: str, handler: HttpRouteHandler) -> None:
        if method != "POST":
            raise ValueError(f"Unsupported HTTP method: {method}")

        async def endpoint(request: Request) -> Response:
            raw = await request.body()
            if len(raw) > MAX_BODY_BYTES:
                return JSONResponse({"error": "too large"}, status_code=413)
            try:
                body: Any = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                return _bad("not JSON")
            if not isinstance(body, dict):
                return _bad("not an activity")
            try:
                CoreActivity.model_validate(body)
            except ValidationError:
                return _bad("not an activity")
            result = await handler(HttpRequest(body=body, headers=dict(request.headers)))
            status = result["status"]
            content = result.get("body")
            if content is not None:
                return JSONResponse(content=content, status_code=status)
            return Response(status_code=status)

        self.app.post(path)(endpoint)


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: the runner owns SIGINT/SIGTERM."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve(
    adapter: GuardedAdapter,
    host: str,
    port: int,
    stop: asyncio.Event,
    on_ready: Callable[[int], None] | None = None,
) -> None:
    """Serve until `stop` is set. Port 0 picks a free port, reported to `on_ready` and the log."""
    config = uvicorn.Config(
        adapter.app, host=host, port=port, log_level="warning", access_log=False, lifespan="on"
    )
    server = _Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                await task
                raise RuntimeError(f"could not listen on {host}:{port}")
            await asyncio.sleep(0.01)
        bound = server.servers[0].sockets[0].getsockname()[1] if server.servers else port
        log.info(
            "ciip-tutor Teams bot listening on http://%s:%d (/api/messages, /healthz)", host, bound
        )
        if on_ready is not None:
            on_ready(bound)
        await stop.wait()
    finally:
        server.should_exit = True
        with contextlib.suppress(Exception):
            await task
