"""Values no platform sends but a hostile payload can: the core must not fail a member for them.

PostgreSQL cannot store NUL in text, so a display name carrying one used to turn every request
of that member into "Something went wrong" (found by the Discord gateway fuzz on PostgreSQL).
"""

from __future__ import annotations

from adapters.services import Services
from bot.identity import Actor


async def test_nul_in_ids_and_names_is_dropped(services: Services) -> None:
    actor = Actor(
        platform="slack",
        workspace="T\x001",
        user="U\x001",
        display_name="ana\x00",
        channel="C\x001",
        channel_name="study\x00",
        workspace_name="hospital\x00",
        roles=("R\x001",),
    )
    assert (actor.user, actor.channel, actor.display_name, actor.roles) == (
        "U1",
        "C1",
        "ana",
        ("R1",),
    )
    result = await services.core.handle_text(actor, "quiz")
    assert result.ok
    assert "went wrong" not in str(result.messages)
    same = Actor(platform="slack", workspace="T1", user="U1", channel="C1")
    streak = await services.core.handle_text(same, "streak")
    assert streak.ok
