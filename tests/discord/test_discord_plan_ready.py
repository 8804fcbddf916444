"""`/ciip plan`, `/ciip ready`, `/ciip eligibility` and `/ciip daily plan` through discord.py's
real CommandTree, answered to the stand-in."""

from __future__ import annotations

from sqlalchemy import select

from adapters.discord.bot import TutorBot
from bot.storage.models import ExamPlan
from tests.discord.conftest import Harness
from tests.discord.payloads import slash


async def test_plan_then_ready_are_private_and_complete(harness: Harness, bot: TutorBot) -> None:
    [plan] = await harness.interact(slash("plan", {"exam_date": "2026-04-13"}))
    assert plan.ephemeral
    assert "42 days to go" in plan.text and "Week 6" in plan.text and "Daily target" in plan.text

    [shown] = await harness.interact(slash("plan"))
    assert "Your CIIP study plan" in shown.text

    [ready] = await harness.interact(slash("ready"))
    assert ready.ephemeral
    assert "80% band" in ready.text and "scaled pass/fail" in ready.text
    assert ready.text.count("questions: +") >= 2


async def test_bad_date_changes_nothing(harness: Harness, bot: TutorBot) -> None:
    [call] = await harness.interact(slash("plan", {"exam_date": "2025-12-24"}))
    assert "in the past" in call.text
    with bot.services.tutor.db.session() as s:
        assert s.scalars(select(ExamPlan)).all() == []


async def test_eligibility_step_by_step(harness: Harness) -> None:
    [first] = await harness.interact(slash("eligibility", {"step": "experience", "answer": "36"}))
    assert "36 months -> 3 points" in first.text and "Next:" in first.text
    [second] = await harness.interact(
        slash("eligibility", {"step": "education", "answer": "master"})
    )
    assert "you qualify" in second.text


async def test_daily_plan_is_for_admins(harness: Harness, bot: TutorBot) -> None:
    [refused] = await harness.interact(slash("daily plan", {"exam_date": "2026-04-20"}))
    assert "for workspace admins" in refused.text
    [done] = await harness.interact(slash("daily plan", {"exam_date": "2026-04-20"}, admin=True))
    assert "follows a plan to 2026-04-20" in done.text
    with bot.services.tutor.db.session() as s:
        [row] = s.scalars(select(ExamPlan)).all()
        assert row.channel_id is not None and row.member_id is None
