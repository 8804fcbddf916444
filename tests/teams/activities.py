"""Activity payloads as Teams sends them (the fields the SDK and the adapter read)."""

from __future__ import annotations

import itertools
from typing import Any

APP_ID = "6a3c1f2e-0b7d-4e59-9c1a-2f4b8d7e6a01"
TENANT = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
TEAM = "19:team-general-0001@thread.tacv2"
CHANNEL = TEAM  # the General channel's id is the team's id
BOT = f"28:{APP_ID}"

USERS = {
    "ana": ("29:1ana-teams-user", "aad-0000-ana"),
    "ben": ("29:1ben-teams-user", "aad-0000-ben"),
    "owner": ("29:1olga-owner", "aad-0000-olga"),
}
_ids = itertools.count(1)


def _base(kind: str, service_url: str, user: str, conversation: dict[str, Any]) -> dict[str, Any]:
    uid, aad = USERS[user]
    return {
        "type": kind,
        "id": f"in-{next(_ids)}",
        "timestamp": "2026-03-02T15:00:00.000Z",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": uid, "name": user.title(), "aadObjectId": aad},
        "recipient": {"id": BOT, "name": "CIIP Tutor"},
        "conversation": conversation,
    }


def personal(user: str) -> dict[str, Any]:
    return {"id": f"a:1personal-{user}", "conversationType": "personal", "tenantId": TENANT}


def channel(thread: str | None = None) -> dict[str, Any]:
    cid = CHANNEL + (f";messageid={thread}" if thread else "")
    return {"id": cid, "conversationType": "channel", "tenantId": TENANT, "isGroup": True}


def group_chat() -> dict[str, Any]:
    return {
        "id": "19:group-chat-77@thread.v2",
        "conversationType": "groupChat",
        "tenantId": TENANT,
        "isGroup": True,
    }


def team_data() -> dict[str, Any]:
    return {
        "tenant": {"id": TENANT},
        "team": {"id": TEAM, "name": "Radiology IT"},
        "channel": {"id": CHANNEL, "name": "General"},
    }


def message(
    service_url: str, text: str, *, user: str = "ana", where: str = "personal"
) -> dict[str, Any]:
    if where == "personal":
        activity = _base("message", service_url, user, personal(user))
        activity["channelData"] = {"tenant": {"id": TENANT}}
    elif where == "channel":
        activity = _base("message", service_url, user, channel())
        activity["channelData"] = team_data()
        text = f"<at>CIIP Tutor</at> {text}"
        activity["entities"] = [
            {
                "type": "mention",
                "text": "<at>CIIP Tutor</at>",
                "mentioned": {"id": BOT, "name": "CIIP Tutor"},
            }
        ]
    else:
        activity = _base("message", service_url, user, group_chat())
        activity["channelData"] = {"tenant": {"id": TENANT}}
        text = f"<at>CIIP Tutor</at> {text}"
    activity["text"] = text
    activity["textFormat"] = "plain"
    return activity


def card_action(
    service_url: str,
    action_id: str,
    *,
    user: str = "ana",
    where: str = "personal",
    reply_to: str | None = None,
) -> dict[str, Any]:
    conv = personal(user) if where == "personal" else channel(reply_to)
    activity = _base("invoke", service_url, user, conv)
    activity["name"] = "adaptiveCard/action"
    activity["value"] = {
        "action": {"type": "Action.Execute", "verb": "ciip", "data": {"action_id": action_id}},
        "trigger": "manual",
    }
    activity["channelData"] = team_data() if where == "channel" else {"tenant": {"id": TENANT}}
    if reply_to:
        activity["replyToId"] = reply_to
    return activity


def submit(service_url: str, action_id: str, reply_to: str, *, user: str = "ana") -> dict[str, Any]:
    """An `Action.Submit` click from an older client: a message whose value is the data."""
    activity = _base("message", service_url, user, personal(user))
    activity["value"] = {"action_id": action_id}
    activity["replyToId"] = reply_to
    activity["channelData"] = {"tenant": {"id": TENANT}}
    return activity


def bot_added_to_team(service_url: str) -> dict[str, Any]:
    activity = _base("conversationUpdate", service_url, "owner", channel())
    activity["membersAdded"] = [{"id": BOT}]
    activity["channelData"] = {**team_data(), "eventType": "teamMemberAdded"}
    return activity


def installed_personally(service_url: str, user: str) -> dict[str, Any]:
    activity = _base("installationUpdate", service_url, user, personal(user))
    activity["action"] = "add"
    activity["channelData"] = {"tenant": {"id": TENANT}}
    return activity
