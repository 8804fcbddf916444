"""Small builders shared by tests."""

from __future__ import annotations

from bot.identity import Actor


def make_actor(user: str, name: str | None = None, **kwargs: object) -> Actor:
    base = {
        "platform": "test",
        "workspace": "W1",
        "user": user,
        "display_name": name or user,
        "channel": "C1",
        "channel_name": "ciip-study",
        "workspace_name": "General Hospital",
    }
    base.update(kwargs)
    return Actor(**base)  # type: ignore[arg-type]
