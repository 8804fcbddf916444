"""Who may run the admin subcommands: workspace admins and owners, or a configured list.

Slack says who is an admin in `users.info` (`is_admin`, `is_owner`, `is_primary_owner`); the
answer is cached briefly per workspace and member so a busy channel does not spend its rate
limit on it. `CIIP_ADMIN_IDS` (comma-separated user ids) adds people who are not Slack admins,
for example the study-group lead. A failed lookup means "not an admin": refusing politely is
safer than letting anyone reschedule a channel.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import Clock

__all__ = ["AdminCheck", "parse_admin_ids"]

log = logging.getLogger(__name__)


def parse_admin_ids(raw: str) -> frozenset[str]:
    return frozenset(part.strip() for part in (raw or "").split(",") if part.strip())


class AdminCheck:
    def __init__(self, admin_ids: frozenset[str], clock: Clock, ttl: timedelta) -> None:
        self.admin_ids = admin_ids
        self.clock = clock
        self.ttl = ttl
        self._cache: dict[tuple[str, str], tuple[bool, datetime]] = {}

    async def is_admin(self, client: AsyncWebClient, team: str, user: str) -> bool:
        if user in self.admin_ids:
            return True
        now = self.clock.now()
        cached = self._cache.get((team, user))
        if cached is not None and now - cached[1] < self.ttl:
            return cached[0]
        try:
            response = await client.users_info(user=user)
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("users.info for %s/%s failed (%s); treating as non-admin", team, user, exc)
            return False
        info = response.get("user") or {}
        verdict = bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))
        self._cache[(team, user)] = (verdict, now)
        return verdict
