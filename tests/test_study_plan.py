"""The plan's shape and arithmetic (pure), and bad exam dates refused with nothing stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from adapters.services import Services
from bot.commands import UsageError
from bot.identity import Actor
from bot.plans import parse_exam_date
from bot.storage.models import ExamPlan, Member
from bot.study_plan import DateProblem, build_plan, check_exam_date, daily_target, new_quota

MONDAY = date(2026, 3, 2)
HEAVY = ("image_management", "systems_management")
LIGHT = {"procurement", "project_management", "communications", "training_education"}


def test_six_weeks_follow_the_candidates_shape() -> None:
    plan = build_plan(MONDAY + timedelta(days=42), MONDAY, MONDAY)
    assert len(plan.weeks) == 6
    domains = [set(w.domains) for w in plan.weeks]
    assert domains[0] == domains[1] == set(HEAVY)
    assert domains[2] == domains[3] == {"medical_imaging_informatics", "information_technology"}
    assert domains[4] == {"operations", "clinical_engineering"}
    assert domains[5] == LIGHT and plan.weeks[5].timed_practice
    assert not any(w.timed_practice for w in plan.weeks[:5])
    assert plan.weeks[0].current and plan.focus == ("image_management", "systems_management")
    assert plan.weeks[-1].end == MONDAY + timedelta(days=41)  # the day before the exam


@pytest.mark.parametrize("days", [14, 20, 60, 120, 183, 400])
def test_other_lengths_scale_the_same_order(days: int) -> None:
    plan = build_plan(MONDAY + timedelta(days=days), MONDAY, MONDAY)
    assert len(plan.weeks) == -(-days // 7)
    last = plan.weeks[-1]
    assert set(last.domains) >= LIGHT and last.timed_practice  # a short week may hold two phases
    first = plan.weeks[0].domains
    if days <= 183:
        assert set(first[:2]) == set(HEAVY) and plan.focus == first[:2]
    else:  # beyond six months the early weeks cover everything, the shape fills the last six
        assert len(first) == 10 and set(plan.weeks[-27].domains) != LIGHT


def test_weak_domains_come_first() -> None:
    counts = {"systems_management": (10, 2), "image_management": (10, 9), "procurement": (8, 1)}
    plan = build_plan(MONDAY + timedelta(days=42), MONDAY, MONDAY, counts)
    first = plan.weeks[0].domains
    assert first[0] == "procurement"  # weak with evidence: pulled into the first phase
    assert first.index("systems_management") < first.index("image_management")


def test_quota_and_target_get_through_the_bank() -> None:
    assert new_quota(434, 42) == 11 and new_quota(0, 42) == 0 and new_quota(10, 0) == 10
    target = daily_target(11, 0.34, 25, pace=0)
    assert target - int(0.34 * target) >= 11  # reviews' share still leaves the quota
    assert daily_target(11, 0.34, 25, pace=30) == 30  # a faster member is not told to slow down
    assert daily_target(0, 0.34, 25, pace=0) == 1


def test_date_checks() -> None:
    assert check_exam_date(MONDAY - timedelta(days=1), MONDAY) is DateProblem.PAST
    assert check_exam_date(MONDAY, MONDAY) is DateProblem.TODAY
    assert check_exam_date(MONDAY + timedelta(days=731), MONDAY) is DateProblem.TOO_FAR
    assert check_exam_date(MONDAY + timedelta(days=3), MONDAY) is None
    for bad in ("2026-13-01", "next friday", "2026/04/01", "", "20260401"):
        with pytest.raises(UsageError):
            parse_exam_date(bad, MONDAY)


async def test_bad_dates_change_nothing(services: Services, actor: Actor) -> None:
    core = services.core
    for bad in ("2019-05-05", "2030-01-01", "2026-02-29", "tomorrow", "2026-04-13 extra"):
        result = await core.handle_text(actor, f"plan {bad}")
        assert not result.ok
    with services.tutor.db.session() as s:
        assert s.scalars(select(ExamPlan)).all() == []
        member = s.scalar(select(Member))
        assert member is None or not member.nudges_enabled
    ok = await core.handle_text(actor, "plan 2026-04-13")
    assert ok.ok and "42 days to go" in ok.text
    off = await core.handle_text(actor, "plan off")
    assert "cleared" in off.text
    assert "no exam date" in (await core.handle_text(actor, "plan off")).text


async def test_a_passed_exam_date_says_so_and_selection_falls_back(
    services: Services, actor: Actor
) -> None:
    core = services.core
    assert (await core.handle_text(actor, "plan 2026-03-20")).ok
    services.clock.advance(days=30)  # type: ignore[attr-defined]
    shown = await core.handle_text(actor, "plan")
    assert "2026-03-20 has passed" in shown.text
    view = core.plans.member_view(actor)
    assert view is not None and view.quota == core.ctx.settings.daily_new_quota
    assert services.tutor.next_question(actor) is not None


async def test_channel_plan_for_admins_shown_in_daily_status(
    services: Services, actor: Actor
) -> None:
    core = services.core
    refused = await core.handle_text(actor, "daily plan 2026-04-20")
    assert not refused.ok and "for workspace admins" in refused.text
    admin = replace(actor, is_admin=True)
    bad = await core.handle_text(admin, "daily plan 2020-01-01")
    assert not bad.ok and "in the past" in bad.text
    done = await core.handle_text(admin, "daily plan 2026-04-20")
    assert "follows a plan to 2026-04-20" in done.text
    status = await core.handle_text(admin, "daily status")
    assert "exam plan to 2026-04-20" in status.text and "Image Management" in status.text
    off = await core.handle_text(admin, "daily plan off")
    assert "no longer follows" in off.text
    assert "exam plan" not in (await core.handle_text(admin, "daily status")).text
