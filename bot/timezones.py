"""IANA timezone names as members and settings type them: any case, checked before use.

Kept apart from `bot.members` (and free of the database layer) so settings can be validated
at start-up without importing the engine.
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import TutorError

__all__ = ["ZONE_NAME_LIMIT", "validate_timezone"]

ZONE_NAME_LIMIT = 64
_ZONE_SHAPE = re.compile(r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+){0,2}$")


@cache
def _zones_by_lower() -> dict[str, str]:
    return {z.lower(): z for z in available_timezones()}


def validate_timezone(name: str) -> str:
    """The canonical IANA name for what a member typed (any case), or a friendly error.

    Bounded and shape-checked before zoneinfo sees it: zoneinfo treats the name as a file path.
    """
    cleaned = (name or "").strip()
    shown = cleaned[:40] + ("…" if len(cleaned) > 40 else "")
    if len(cleaned) <= ZONE_NAME_LIMIT:
        canonical = _zones_by_lower().get(cleaned.lower().replace(" ", "_"))
        if canonical is not None and _ZONE_SHAPE.match(canonical):
            try:
                ZoneInfo(canonical)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                canonical = None
            if canonical is not None:
                return canonical
    hint = ""
    if " " in cleaned and len(cleaned) <= ZONE_NAME_LIMIT:
        hint = f" Use an underscore for spaces, e.g. `{cleaned.replace(' ', '_')[:40]}`."
    raise TutorError(
        f"`{shown}` is not an IANA timezone name; try e.g. `America/New_York` or "
        f"`Europe/Berlin`.{hint}"
    )
