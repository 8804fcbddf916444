"""What Slack sends an app, built the way Slack builds it: form-encoded slash commands,
`payload=` form posts for block actions, JSON event callbacks, each signed with the signing
secret (v0 HMAC-SHA256 over `v0:<timestamp>:<body>`)."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

__all__ = ["block_action", "block_action_payload", "event_callback", "sign", "slash_command"]

TEAM = "T1"
TEAM_DOMAIN = "general-hospital"


def sign(
    secret: str, body: str, *, timestamp: int | None = None, content_type: str = "form"
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body),
        "Content-Type": "application/json"
        if content_type == "json"
        else "application/x-www-form-urlencoded",
    }


def slash_command(
    text: str,
    *,
    response_url: str,
    user: str = "U1",
    user_name: str = "ana",
    channel: str = "C1",
    channel_name: str = "ciip-study",
    team: str = TEAM,
    command: str = "/ciip",
) -> dict[str, str]:
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel,
        "channel_name": channel_name,
        "user_id": user,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": "A1",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": "1.2.3",
    }


def form(fields: dict[str, str]) -> str:
    return urlencode(fields)


def block_action(action_id: str, **kwargs: Any) -> str:
    """The form body (`payload=<json>`) of a block_actions click, as HTTP mode receives it."""
    return urlencode({"payload": json.dumps(block_action_payload(action_id, **kwargs))})


def block_action_payload(
    action_id: str,
    *,
    response_url: str | None,
    user: str = "U1",
    channel: str | None = "C1",
    message_ts: str = "1700000000.000001",
    team: str = TEAM,
    ephemeral: bool = True,
    from_view: bool = False,
) -> dict[str, Any]:
    """A block_actions payload (Socket Mode sends it as it is)."""
    if from_view:
        container: dict[str, Any] = {"type": "view", "view_id": "V1"}
    else:
        container = {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team, "domain": TEAM_DOMAIN},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
        "api_app_id": "A1",
        "token": "legacy-verification-token",
        "container": container,
        "trigger_id": "1.2.3",
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b1",
                "text": {"type": "plain_text", "text": action_id[-1]},
                "value": action_id,
                "action_ts": "1700000001.000000",
            }
        ],
    }
    if response_url:
        payload["response_url"] = response_url
    if channel and not from_view:
        payload["channel"] = {"id": channel, "name": "ciip-study"}
    if from_view:
        payload["view"] = {"id": "V1", "type": "home", "team_id": team}
    return payload


def event_callback(event: dict[str, Any], *, event_id: str, team: str = TEAM) -> str:
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": team,
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": 1700000000,
            "authorizations": [
                {"team_id": team, "user_id": "UBOT", "is_bot": True, "enterprise_id": None}
            ],
        }
    )
