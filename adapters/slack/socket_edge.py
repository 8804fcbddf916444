"""Socket Mode's edge: the same shape check as the HTTP edge, before Bolt sees an envelope.

Socket Mode payloads come over Slack's websocket (authenticated by the app-level token), not
through `POST /slack/events`, so `adapters.slack.edge` never sees them. Bolt's built-in
middleware reads fields straight out of the payload (an `event` that is a number raised inside
it and the envelope was never acknowledged, so Slack sent it again). Here an envelope whose
payload cannot be understood, or is of a kind the app does not serve, is acknowledged and
dropped with one log line.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from adapters.slack.payloads import Kind, PayloadError, classify

__all__ = ["CheckedSocketModeHandler"]

log = logging.getLogger(__name__)


class CheckedSocketModeHandler(AsyncSocketModeHandler):
    async def handle(self, client: Any, req: SocketModeRequest) -> None:
        payload = req.payload
        try:
            if not isinstance(payload, dict):
                raise PayloadError("payload is not an object")
            seen = classify(payload, form_command=req.type == "slash_commands")
        except PayloadError as exc:
            log.warning("refused a Slack %s envelope: %s", str(req.type)[:32], exc)
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        if seen.kind is Kind.IGNORED:
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        await super().handle(client, req)
