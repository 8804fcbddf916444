"""The shapes of what Slack posts to `/slack/events`, checked at the edge before Bolt sees them.

Bolt and our listeners read fields straight out of the payload (`command["user_id"]`,
`event["user"]`, `body["event_id"]` as a dict key...), so a signed but oddly shaped payload used
to crash them after the ack. These pydantic models state the fields we and Bolt's context
builders read, with their types and sane bounds (Slack ids are short; message text is capped at
40,000 characters by Slack itself); everything else in a payload is kept as it is.

`classify` names the payload's kind: one we serve (handed to Bolt), one we understand but do not
serve (answered 200 at the edge, so Slack does not retry it), or a `PayloadError` (answered 400).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

__all__ = [
    "BlockActions",
    "EventCallback",
    "Kind",
    "PayloadError",
    "SlashCommand",
    "UrlVerification",
    "classify",
]

SLACK_TEXT_LIMIT = 40_000
"""Slack caps message text at 40,000 characters; a longer slash command is not from Slack."""

Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")]
Name = Annotated[str, StringConstraints(max_length=255, pattern=r"^[^\x00]*$")]
Url = Annotated[str, StringConstraints(max_length=2048, pattern=r"^https?://")]

SERVED_EVENTS = frozenset({"app_home_opened", "app_uninstalled", "tokens_revoked"})
"""Event types a listener is registered for; any other event is answered 200 and dropped."""


class PayloadError(ValueError):
    """A signed payload we cannot understand: answered 400 with this one-line reason."""


class Kind(Enum):
    COMMAND = "slash command"
    ACTIONS = "block_actions"
    EVENT = "event_callback"
    URL_VERIFICATION = "url_verification"
    IGNORED = "ignored"


class _Shape(BaseModel):
    """Strict (a number is not a string), extra fields allowed and left alone."""

    model_config = ConfigDict(extra="allow", strict=True)


class TeamRef(_Shape):
    id: Id | None = None
    domain: Name | None = None
    enterprise_id: Id | None = None


class UserRef(_Shape):
    id: Id
    username: Name | None = None
    name: Name | None = None
    team_id: Id | None = None


class ChannelRef(_Shape):
    id: Id
    name: Name | None = None


class EnterpriseRef(_Shape):
    id: Id
    name: Name | None = None


class Container(_Shape):
    type: Name | None = None
    channel_id: Id | None = None
    message_ts: Name | None = None
    view_id: Id | None = None
    is_ephemeral: bool | None = None


class Action(_Shape):
    action_id: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    type: Name | None = None
    block_id: Name | None = None
    value: Annotated[str, StringConstraints(max_length=2000)] | None = None


class Authorization(_Shape):
    enterprise_id: Id | None = None
    team_id: Id | None = None
    user_id: Id | None = None
    is_bot: bool | None = None
    is_enterprise_install: bool | None = None


class SlashCommand(_Shape):
    """A form-encoded slash command: every value is a string."""

    command: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    user_id: Id
    team_id: Id | None = None
    enterprise_id: Id | None = None
    channel_id: Id | None = None
    text: Annotated[str, StringConstraints(max_length=SLACK_TEXT_LIMIT)] = ""
    user_name: Name | None = None
    channel_name: Name | None = None
    team_domain: Name | None = None
    response_url: Url | None = None
    trigger_id: Name | None = None
    api_app_id: Id | None = None


class BlockActions(_Shape):
    type: Literal["block_actions"]
    user: UserRef
    actions: Annotated[list[Action], Field(min_length=1, max_length=25)]
    team: TeamRef | None = None
    channel: ChannelRef | None = None
    container: Container | None = None
    enterprise: EnterpriseRef | Id | None = None
    is_enterprise_install: bool | None = None
    response_url: Url | None = None
    api_app_id: Id | None = None
    view: dict[str, Any] | None = None
    message: dict[str, Any] | None = None


class RevokedTokens(_Shape):
    oauth: Annotated[list[Id], Field(max_length=1000)] | None = None
    bot: Annotated[list[Id], Field(max_length=1000)] | None = None


class Event(_Shape):
    type: Name
    user: Id | None = None
    channel: Id | None = None
    tab: Name | None = None
    tokens: RevokedTokens | None = None


class HomeOpened(Event):
    user: Id


class EventCallback(_Shape):
    type: Literal["event_callback"]
    event_id: Id
    event: Event
    team_id: Id | None = None
    enterprise_id: Id | None = None
    api_app_id: Id | None = None
    is_enterprise_install: bool | None = None
    authorizations: Annotated[list[Authorization], Field(max_length=10)] | None = None


class UrlVerification(_Shape):
    type: Literal["url_verification"]
    challenge: Annotated[str, StringConstraints(min_length=1, max_length=512)]


@dataclass(frozen=True, slots=True)
class Classified:
    kind: Kind
    payload: dict[str, Any]
    what: str
    """A short description for the log ("app_home_opened", "message_action"...)."""


def _reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "payload"
    return f"{where}: {first['msg']}"


def _check(model: type[_Shape], payload: dict[str, Any]) -> None:
    try:
        model.model_validate(payload)
    except ValidationError as exc:
        raise PayloadError(f"{model.__name__}: {_reason(exc)}") from None


def classify(payload: dict[str, Any], *, form_command: bool) -> Classified:
    """The kind of a parsed payload, after checking its shape; raises `PayloadError`.

    `form_command` is True for a form body without a `payload=` field (a slash command).
    """
    if form_command:
        if "ssl_check" in payload and "command" not in payload:
            return Classified(Kind.IGNORED, payload, "ssl_check")
        _check(SlashCommand, payload)
        return Classified(Kind.COMMAND, payload, "slash command")
    kind = payload.get("type")
    if not isinstance(kind, str) or not 0 < len(kind) <= 64:
        raise PayloadError("payload has no type")
    if kind == "url_verification":
        _check(UrlVerification, payload)
        return Classified(Kind.URL_VERIFICATION, payload, kind)
    if kind == "block_actions":
        _check(BlockActions, payload)
        return Classified(Kind.ACTIONS, payload, kind)
    if kind == "event_callback":
        _check(EventCallback, payload)
        event_type = payload["event"]["type"]
        if event_type not in SERVED_EVENTS:
            return Classified(Kind.IGNORED, payload, f"event {event_type[:64]}")
        if event_type == "app_home_opened":
            _check(HomeOpened, payload["event"])
        return Classified(Kind.EVENT, payload, event_type)
    return Classified(Kind.IGNORED, payload, kind)
