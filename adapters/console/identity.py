"""Who is playing at the console: a name asked once and remembered beside the database.

The OS login is a poor default (`root` in a container ends up on the leaderboard), so the
console uses `--user` / `CIIP_CONSOLE_USER` when given, else the name remembered in
`<database file>.console-user`, else asks at an interactive prompt and remembers the answer.
Piped input is never consumed for a name (it is the session's script); it plays as `me`.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

__all__ = [
    "FALLBACK_NAME",
    "NAME_LIMIT",
    "clean_name",
    "console_user",
    "history_file",
    "name_file",
]

FALLBACK_NAME = "me"
NAME_LIMIT = 40
_DEFAULT_DB = Path("ciip_tutor.db")


def clean_name(text: str) -> str:
    """A display name without control or zero-width characters, bounded; '' if nothing is left."""
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(kept.split())[:NAME_LIMIT]


def _beside_database(database_url: str | None, suffix: str) -> Path:
    """`<sqlite file><suffix>`, or `.ciip<suffix>` in the working directory for a server."""
    if not database_url:
        return _DEFAULT_DB.with_name(_DEFAULT_DB.name + suffix)
    try:
        url = make_url(database_url)
    except ArgumentError:
        return Path(f".ciip{suffix}")
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database)
        return db.with_name(db.name + suffix)
    return Path(f".ciip{suffix}")


def name_file(database_url: str | None) -> Path:
    """Where the name is remembered: beside an SQLite file, else in the working directory."""
    return _beside_database(database_url, ".console-user")


def history_file(database_url: str | None) -> Path:
    """Where the prompt's line history is kept between sessions, beside the name."""
    return _beside_database(database_url, ".console-history")


def _remembered(path: Path) -> str:
    try:
        return clean_name(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""


def console_user(
    explicit: str,
    database_url: str | None,
    stdin: TextIO,
    stdout: TextIO,
) -> str:
    """The name to play as; asks (and remembers) only when a person is at the prompt."""
    given = clean_name(explicit)
    if given:
        return given
    path = name_file(database_url)
    remembered = _remembered(path)
    if remembered:
        return remembered
    if not stdin.isatty():
        return FALLBACK_NAME
    stdout.write("Your name for the leaderboard (remembered for next time): ")
    stdout.flush()
    answer = clean_name(stdin.readline())
    if not answer:
        return FALLBACK_NAME
    try:
        path.write_text(answer + "\n", encoding="utf-8")
    except OSError:
        stdout.write(f"(could not remember it in {path}; use --user next time)\n")
    else:
        stdout.write(f"Hello, {answer}. Change it with --user or by deleting {path}.\n")
    return answer
