"""`ciip plan` and `ciip ready` in a Teams personal chat, through the SDK's real HTTP endpoint."""

from __future__ import annotations

from tests.teams import activities as A
from tests.teams.conftest import TeamsHarness


async def test_plan_and_ready_in_personal_chat(teams: TeamsHarness) -> None:
    h = teams
    svc = h.service_url
    assert (await h.send(A.message(svc, "ciip plan 2026-04-13"))).status_code == 200
    plan = h.standin.sends()[-1].text()
    assert "42 days to go" in plan and "Week 6" in plan and "Daily target" in plan
    await h.send(A.message(svc, "ciip ready"))
    ready = h.standin.sends()[-1].text()
    assert "80% band" in ready and "scaled pass/fail" in ready
    await h.send(A.message(svc, "ciip plan yesterday"))
    assert "YYYY-MM-DD" in h.standin.sends()[-1].text()
