"""A guard on the gateway's INTERACTION_CREATE parser.

discord.py calls `ConnectionState.parse_interaction_create` straight from the websocket's
message loop. If it raises (a field of an unexpected type: `embeds: 5` in the clicked message,
`data: []`...), the exception leaves `Client.connect` and the bot goes offline. Discord does not
send such payloads on purpose, but one odd payload must not take every server's bot down.

So the parser is wrapped: the payload's outline is checked first (pydantic, the fields
discord.py reads before it builds its objects), and anything the parser still cannot read is
dropped with one log line. Discord then shows "This interaction failed" to that one member.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated, Any

from discord.app_commands import CommandSignatureMismatch
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

__all__ = ["InteractionOutline", "guard_interactions", "quiet_autocomplete_mismatch"]

log = logging.getLogger(__name__)

Snowflake = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,20}$")]
Short = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00]*$")]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class UserOutline(_Shape):
    id: Snowflake
    username: Short | None = None
    global_name: Short | None = None


class MemberOutline(_Shape):
    user: UserOutline
    roles: list[Snowflake]
    permissions: Snowflake | None = None
    nick: Short | None = None


# Application command option types -> the Python type of their `value`.
_OPTION_VALUES: dict[int, tuple[type, ...]] = {
    3: (str,),  # string
    4: (int,),  # integer
    5: (bool,),  # boolean
    6: (str,),  # user (snowflake)
    7: (str,),  # channel
    8: (str,),  # role
    9: (str,),  # mentionable
    10: (int, float),  # number
    11: (str,),  # attachment
}
_GROUPS = (1, 2)  # subcommand, subcommand group


class OptionOutline(_Shape):
    name: Short
    type: int
    options: list[OptionOutline] = Field(default_factory=list)
    value: str | int | float | bool | None = None
    focused: bool | None = None

    @model_validator(mode="after")
    def _value_fits_type(self) -> OptionOutline:
        if self.type in _GROUPS:
            if self.value is not None:
                raise ValueError("a subcommand has no value")
            return self
        allowed = _OPTION_VALUES.get(self.type)
        if allowed is None:
            raise ValueError(f"unknown option type {self.type}")
        value = self.value
        if (
            value is None
            or not isinstance(value, allowed)
            or (isinstance(value, bool) and bool not in allowed)
        ):
            raise ValueError(f"option type {self.type} needs a {allowed[0].__name__} value")
        return self


def _focused(options: list[OptionOutline]) -> int:
    return sum((1 if o.focused else 0) + _focused(o.options) for o in options)


class MessageOutline(_Shape):
    """The clicked message: discord.py builds a `Message` from it."""

    id: Snowflake
    channel_id: Snowflake
    type: int = 0
    flags: int = 0
    content: str = ""
    timestamp: Short | None = None
    author: UserOutline | None = None
    embeds: list[dict[str, Any]] = Field(default_factory=list)
    components: list[dict[str, Any]]  # a clicked message has its buttons
    attachments: list[dict[str, Any]] = Field(default_factory=list)
    mentions: list[dict[str, Any]] = Field(default_factory=list)
    mention_roles: list[Snowflake] = Field(default_factory=list)


class DataOutline(_Shape):
    id: Snowflake | None = None
    name: Short | None = None
    type: Annotated[int, Field(ge=1, le=3)] = 1  # chat input, user, message
    options: list[OptionOutline] = Field(default_factory=list)
    custom_id: Annotated[str, StringConstraints(max_length=100)] | None = None
    component_type: int | None = None
    resolved: dict[str, Any] = Field(default_factory=dict)
    values: list[Short] = Field(default_factory=list)


class InteractionOutline(_Shape):
    id: Snowflake
    application_id: Snowflake
    type: Annotated[int, Field(ge=1, le=5)]
    token: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    version: int
    data: DataOutline | None = None
    guild_id: Snowflake | None = None
    channel_id: Snowflake | None = None
    channel: dict[str, Any] | None = None
    member: MemberOutline | None = None
    user: UserOutline | None = None
    message: MessageOutline | None = None
    locale: Short | None = None
    guild_locale: Short | None = None
    app_permissions: Snowflake | None = None

    @model_validator(mode="after")
    def _what_the_type_needs(self) -> InteractionOutline:
        if self.type in (2, 3, 4, 5) and self.data is None:
            raise ValueError("interaction without data")
        if self.type != 1 and (self.member if self.guild_id else self.user) is None:
            raise ValueError("interaction without its member (in a server) or user (in a DM)")
        data = self.data
        if self.type in (2, 4) and data is not None and (data.name is None or data.id is None):
            raise ValueError("application command without name or id")
        if self.type == 4 and data is not None and _focused(data.options) != 1:
            raise ValueError("autocomplete without exactly one focused option")
        if self.type == 3:
            if data is None or data.custom_id is None or data.component_type is None:
                raise ValueError("component interaction without custom_id or component_type")
            if self.message is None:
                raise ValueError("component interaction without its message")
        return self


Parser = Callable[[Any], None]


def guard_interactions(parsers: dict[str, Parser]) -> None:
    """Wrap the state's INTERACTION_CREATE parser in place (the gateway reads this dict)."""
    parse = parsers["INTERACTION_CREATE"]

    def guarded(data: Any) -> None:
        if not isinstance(data, dict):
            log.warning("dropped an INTERACTION_CREATE that is not an object")
            return
        try:
            InteractionOutline.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            log.warning("dropped a malformed interaction (%s: %s)", where, first["msg"])
            return
        try:
            parse(data)
        except Exception as exc:  # the library could not read it: one line, no traceback
            log.warning("dropped an interaction discord.py could not read (%r)", exc)

    parsers["INTERACTION_CREATE"] = guarded


class _MismatchInOneLine(logging.Filter):
    """discord.py logs an autocomplete whose options do not match the command (Discord's data,
    not our bug) with a traceback; say it in one line. Other exceptions keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, CommandSignatureMismatch):
            record.msg = "ignored an autocomplete whose options do not match /%s"
            record.args = (exc.command.qualified_name,)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


_FILTER = _MismatchInOneLine()


def quiet_autocomplete_mismatch() -> None:
    logging.getLogger("discord.app_commands.tree").addFilter(_FILTER)  # a set: added once
