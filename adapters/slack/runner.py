"""`ciip-tutor slack`: Socket Mode (one workspace, no public URL) or an HTTP server.

HTTP mode serves `POST /slack/events` (slash commands, buttons and events all arrive there),
`GET /healthz`, and with OAuth credentials `GET /slack/install` and `GET /slack/oauth_redirect`.
Both modes start the daily-question scheduler with this adapter's `SlackMessenger`, and on
SIGINT/SIGTERM stop taking requests, let acked work finish, then close the database.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.services import Services
from adapters.serving import stop_on_signals, with_scheduler
from adapters.slack.app import SlackTutor
from adapters.slack.edge import MAX_BODY, Admitted, SlackEdge
from adapters.slack.redact import install_redaction
from adapters.slack.settings import SlackSettings
from adapters.slack.socket_edge import CheckedSocketModeHandler
from adapters.startup import open_services

__all__ = ["build_web_app", "run_slack", "serve_http", "serve_socket_mode"]

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def build_web_app(slack: SlackTutor) -> web.Application:
    """The aiohttp application: our edge, then Bolt's dispatch, plus a health check."""
    edge = SlackEdge(slack.signing_secret)

    async def events(request: web.Request) -> web.Response:
        admitted = await edge.admit(request)
        if not isinstance(admitted, Admitted):
            return admitted
        try:
            # Verified and parsed at the edge: Bolt takes the payload as it is ("socket_mode"
            # is Bolt's name for a request that is already verified and parsed).
            bolt_request = AsyncBoltRequest(
                body=admitted.payload,
                query=request.query_string,
                headers=dict(request.headers),
                mode="socket_mode",
            )
        except Exception as exc:  # Bolt's context builders met a shape the edge let through
            log.warning("refused a Slack %s: %s", admitted.kind.value, type(exc).__name__)
            return web.json_response({"error": "unreadable payload"}, status=400)
        bolt_response = await slack.app.async_dispatch(bolt_request)
        return await to_aiohttp_response(bolt_response)

    async def healthz(request: web.Request) -> web.Response:
        try:
            await asyncio.to_thread(slack.core.ping)
        except Exception as exc:
            log.warning("health check: database unreachable: %s", exc)
            return web.json_response({"ok": False, "database": "unreachable"}, status=503)
        return web.json_response(
            {"ok": True, "mode": "oauth" if slack.app.oauth_flow else "single-workspace"}
        )

    routes = [web.post(EVENTS_PATH, events), web.get("/healthz", healthz)]
    flow = slack.app.oauth_flow
    if flow is not None:

        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await flow.handle_installation(await to_bolt_request(request))
            )

        async def oauth_redirect(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await flow.handle_callback(await to_bolt_request(request))
            )

        routes += [
            web.get(flow.install_path, install),
            web.get(flow.redirect_uri_path, oauth_redirect),
        ]
    app = web.Application(client_max_size=MAX_BODY)
    app.add_routes(routes)
    return app


async def serve_http(
    slack: SlackTutor,
    host: str,
    port: int,
    stop: asyncio.Event,
    on_ready: Callable[[int], None] | None = None,
) -> None:
    """Serve until `stop` is set. Port 0 picks a free port, reported to `on_ready` and the log."""
    # No access log: the OAuth redirect's query string carries a one-time code.
    runner = web.AppRunner(build_web_app(slack), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0][1] if runner.addresses else port
        extra = ", /slack/install" if slack.app.oauth_flow else ""
        log.info(
            "ciip-tutor Slack app listening on http://%s:%d (%s, /healthz%s)",
            host,
            bound,
            EVENTS_PATH,
            extra,
        )
        if on_ready is not None:
            on_ready(bound)
        await stop.wait()
    finally:
        await runner.cleanup()


async def serve_socket_mode(slack: SlackTutor, app_token: str, stop: asyncio.Event) -> None:
    handler = CheckedSocketModeHandler(slack.app, app_token=app_token)
    await handler.connect_async()
    log.info("ciip-tutor Slack app connected in Socket Mode")
    try:
        await stop.wait()
    finally:
        await handler.close_async()


def _secrets(settings: SlackSettings) -> list[str]:
    values = [settings.bot_token, settings.app_token, settings.signing_secret]
    values.append(settings.client_secret)
    return [v.get_secret_value() for v in values if v is not None]


async def _run(
    services: Services, settings: SlackSettings, http: bool, host: str, port: int
) -> int:
    slack = await SlackTutor.create(services, settings)
    identity = await slack.check_token()
    if identity is None:
        print(
            "error: Slack refused SLACK_BOT_TOKEN; copy it again from Install App.", file=sys.stderr
        )
        await slack.close()
        return 2
    log.info("Slack app ready as %s", identity)
    services.core.attach(messenger=slack.messenger)
    stop = stop_on_signals()
    try:
        async with with_scheduler(services.core, "slack"):
            if http:
                await serve_http(slack, host, port, stop)
            else:
                assert settings.app_token is not None
                await serve_socket_mode(slack, settings.app_token.get_secret_value(), stop)
    finally:
        log.info("ciip-tutor Slack app stopping")
        await slack.close()
    return 0


def run_slack(*, http: bool, host: str, port: int) -> int:
    """Entry point for `ciip-tutor slack`; returns the process exit status."""
    settings = SlackSettings()
    install_redaction(_secrets(settings))
    problems = settings.problems(http=http)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    if http and settings.oauth_enabled and settings.bot_token is not None:
        log.warning("SLACK_BOT_TOKEN is ignored: installations come from the OAuth flow")
    services = open_services()  # a bad database is one line and exit 2 (adapters.cli.main)
    try:
        return asyncio.run(_run(services, settings, http, host, port))
    finally:
        services.close()
