"""Start-up checks shared by every `ciip-tutor` subcommand: one line and exit 2, never a traceback.

A newcomer's first mistakes are in the environment, not in the code: a typo in `DATABASE_URL`,
`CIIP_DESIRED_RETENTION=2`, a folder that does not exist. Those are reported as one sentence
naming the setting (exit status 2) before anything is created or stored; `adapters.cli.main`
turns every `StartupError` into that line, so no command needs its own try/except.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from bot.settings import CoreSettings

if TYPE_CHECKING:
    from adapters.services import Services

__all__ = [
    "StartupError",
    "database_problem",
    "describe_settings_error",
    "load_settings",
    "open_services",
    "quiet_library_logs",
    "shown_url",
]

# The environment variable a user sets for each CoreSettings field (most are CIIP_<FIELD>).
_ENV_NAMES = {"database_url": "DATABASE_URL"}


class StartupError(Exception):
    """A problem the user fixes in their settings, arguments or files; the message is one line."""


def describe_settings_error(exc: ValidationError) -> str:
    """`CIIP_REPEAT_GAP_DAYS=abc: Input should be a valid integer` for each bad setting.

    The variable's prefix follows the settings class: CoreSettings reads `CIIP_*`, and each
    adapter's `SlackSettings`, `DiscordSettings`, `TeamsSettings` its own `SLACK_*` and so on.
    """
    owner = exc.title.removesuffix("Settings").upper()
    prefix = "CIIP_" if owner in ("CORE", "") else f"{owner}_"
    parts = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "?"
        name = _ENV_NAMES.get(field, f"{prefix}{field.upper()}")
        message = str(error["msg"]).removeprefix("Value error, ")
        shown = error.get("input")
        value = f"={str(shown)[:40]}" if isinstance(shown, str | int | float) else ""
        parts.append(f"{name}{value}: {message}")
    return "bad setting " + "; ".join(parts)


def load_settings(**overrides: Any) -> CoreSettings:
    """The validated core settings (environment and `.env`), or a one-line `StartupError`."""
    try:
        return CoreSettings(**overrides)
    except ValidationError as exc:
        raise StartupError(describe_settings_error(exc)) from None


def shown_url(url: str | None) -> str:
    """A database URL as it may be printed: the password hidden, the default spelled out."""
    if not url:
        return "sqlite:///./ciip_tutor.db"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:  # unparseable: show at most what follows a would-be password
        return url.split("@")[-1][:80]


def database_problem(url: str | None, exc: Exception) -> str:
    """One line for a database that cannot be opened: the URL (no password) and the driver's
    first line of reason, with a hint for the usual SQLite cause."""
    shown = shown_url(url)
    if isinstance(exc, ArgumentError | NoSuchModuleError):
        return (
            f"DATABASE_URL={shown} is not a database URL SQLAlchemy knows "
            "(use e.g. sqlite:///./ciip_tutor.db or postgresql://user:pass@host/db)"
        )
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    reason = detail[0][:160] if detail else exc.__class__.__name__
    hint = ""
    if shown.startswith("sqlite"):
        hint = " (does its folder exist, and may you write there?)"
    return f"cannot open the database {shown}: {reason}{hint}"


def open_services(settings: CoreSettings | None = None, **kwargs: Any) -> Services:
    """`build_services` with every environment problem turned into one `StartupError` line."""
    from adapters.services import BankInvalid, build_services

    settings = settings or load_settings()
    url = kwargs.get("database_url") or settings.database_url
    try:
        return build_services(settings, **kwargs)
    except BankInvalid as exc:
        raise StartupError(str(exc)) from None
    except (SQLAlchemyError, OSError) as exc:  # bad URL, no server, no such folder...
        raise StartupError(database_problem(url, exc)) from None


def quiet_library_logs(verbose: bool) -> None:
    """Alembic announces its plugins and each migration at INFO; only `--verbose` wants that."""
    if not verbose:
        logging.getLogger("alembic").setLevel(logging.WARNING)
