"""Socket Mode: the real Bolt Socket Mode handler against a loopback websocket server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from adapters.services import Services
from adapters.slack.app import SlackTutor
from adapters.slack.runner import serve_socket_mode
from adapters.slack.settings import SlackSettings
from tests.slack import payloads
from tests.slack.conftest import BOT_TOKEN
from tests.slack.stand_in import Call, SlackStandIn

APP_TOKEN = "xapp-1-A1-socket-mode-token"


@pytest.fixture
async def socket_app(services: Services, stand_in: SlackStandIn) -> AsyncIterator[SlackTutor]:
    settings = SlackSettings(
        _env_file=None,
        bot_token=BOT_TOKEN,
        app_token=APP_TOKEN,
        signing_secret=None,
        client_id=None,
        client_secret=None,
        api_url=stand_in.api_url,
    )
    assert settings.problems(http=False) == []
    slack = await SlackTutor.create(services, settings)
    stop = asyncio.Event()
    task = asyncio.create_task(serve_socket_mode(slack, APP_TOKEN, stop))
    [opened] = await stand_in.wait_method("apps.connections.open")
    assert opened.token == APP_TOKEN  # the app-level token, not the bot token
    yield slack
    stop.set()
    await asyncio.wait_for(task, timeout=10)
    await slack.close()


async def test_slash_command_over_socket_mode(
    socket_app: SlackTutor, stand_in: SlackStandIn
) -> None:
    command = payloads.slash_command("quiz", response_url=stand_in.response_url("s1"))
    stand_in.push_envelope(
        {
            "envelope_id": "env-1",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": command,
        }
    )
    [ack] = await stand_in.wait_for(
        lambda c: c.method == "socket_ack" and c.params.get("envelope_id") == "env-1",
        timeout=3.0,
    )
    reply = Call("socket_ack", ack.params["payload"])  # the question rides in the ack
    assert stand_in.calls_to("response_url") == []
    ids = reply.action_ids()
    assert len(ids) == 4 and all(i.startswith("ciip:a:") for i in ids)

    # Answer it through the same socket, as an interactive envelope.
    issued, letter = ids[0].split(":")[2], "A"
    payload = payloads.block_action_payload(
        f"ciip:a:{issued}:{letter}", response_url=stand_in.response_url("s2")
    )
    stand_in.push_envelope(
        {
            "envelope_id": "env-2",
            "type": "interactive",
            "accepts_response_payload": False,
            "payload": payload,
        }
    )
    await stand_in.wait_for(
        lambda c: c.method == "socket_ack" and c.params.get("envelope_id") == "env-2"
    )
    [outcome] = await stand_in.wait_for(
        lambda c: c.method == "response_url" and c.headers.get("key") == "s2"
    )
    assert outcome.params["replace_original"] is True
    assert "The answer is" in outcome.block_text()


async def test_misshapen_socket_mode_payloads_are_refused_without_a_traceback(
    socket_app: SlackTutor, stand_in: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    """Socket Mode does not pass the HTTP edge; the same shape check runs before Bolt."""
    command = payloads.slash_command("quiz", response_url=stand_in.response_url("bad"))
    del command["user_id"]
    click = payloads.block_action_payload("ciip:next", response_url=stand_in.response_url("b2"))
    click["actions"] = [[]]
    event = {"type": "event_callback", "event_id": [1], "event": 5}
    envelopes = [
        ("bad-1", "slash_commands", command),
        ("bad-2", "interactive", click),
        ("bad-3", "events_api", event),
    ]
    for envelope_id, kind, payload in envelopes:
        stand_in.push_envelope(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "accepts_response_payload": kind == "slash_commands",
                "payload": payload,
            }
        )
        await stand_in.wait_for(
            lambda c, e=envelope_id: c.method == "socket_ack" and c.params.get("envelope_id") == e
        )
    await socket_app.drain()
    assert stand_in.calls_to("response_url") == []
    assert [r for r in caplog.records if r.exc_info] == []
    assert sum("refused a Slack" in m for m in caplog.messages) == 3
