"""Readiness maths and the eligibility rules, pure; then `/ciip ready` on a real database."""

from __future__ import annotations

from adapters.services import Services
from bot.clock import FixedClock
from bot.eligibility import assess, parse_answers
from bot.identity import Actor
from bot.readiness import DomainEvidence, estimate
from question_bank.blueprint import DOMAINS


def _everywhere(answered: int, correct: int, met: int, bank: int, recall: float):  # type: ignore[no-untyped-def]
    return {
        d.key: DomainEvidence(d.key, answered, correct, met, bank, (recall,) * met) for d in DOMAINS
    }


def test_contributions_add_up_and_the_band_holds_the_estimate() -> None:
    r = estimate(_everywhere(30, 24, 30, 40, 0.9), 0.9)
    assert abs(sum(d.points for d in r.domains) - r.percent) < 1e-9
    assert r.low < r.percent < r.high
    assert len(r.actions) == 3


def test_more_evidence_narrows_the_band_and_mastery_raises_the_estimate() -> None:
    little = estimate(_everywhere(3, 2, 3, 40, 0.9), 0.9)
    lots = estimate(_everywhere(60, 40, 40, 40, 0.9), 0.9)
    assert (lots.high - lots.low) < (little.high - little.low)
    strong = estimate(_everywhere(60, 55, 40, 40, 0.9), 0.9)
    assert strong.percent > lots.percent


def test_forgetting_by_exam_day_lowers_the_estimate_and_suggests_review() -> None:
    fresh = estimate(_everywhere(40, 32, 40, 40, 0.9), 0.9)
    faded = estimate(_everywhere(40, 32, 40, 40, 0.5), 0.9)
    assert faded.percent < fresh.percent - 5
    assert any(a.review for a in faded.actions)


def test_untried_domains_are_where_practice_pays_most() -> None:
    ev = _everywhere(40, 36, 40, 40, 0.95)
    ev["systems_management"] = DomainEvidence("systems_management", 0, 0, 0, 40)
    r = estimate(ev, 0.9)
    assert r.actions[0].domain == "systems_management" and r.actions[0].gain > 1


def test_eligibility_points_minimums_and_total() -> None:
    ok = assess(parse_answers(("experience=24", "education=bachelor", "certifications=2")))
    assert ok.total == 7 and ok.qualifies
    short = assess(parse_answers(("experience=12", "education=doctorate", "ce=36")))
    assert short.total == 8 and not short.qualifies  # experience below its 2-point minimum
    assert short.results[0].below_minimum == 1
    capped = assess(parse_answers(("experience=240", "education=master", "certifications=9")))
    assert [r.points for r in capped.results[:3]] == [5, 5, 4]
    bonus = assess(parse_answers(("education", "bachelor", "informatics")))
    assert bonus.results[1].points == 4 and not bonus.complete


async def test_ready_and_eligibility_through_the_core(
    services: Services, actor: Actor, clock: FixedClock
) -> None:
    core = services.core
    before = await core.handle_text(actor, "ready")
    assert "if you sat it today" in before.text and "scaled pass/fail" in before.text
    await core.handle_text(actor, "plan 2026-04-13")
    tutor = services.tutor
    for _ in range(6):
        item = tutor.next_question(actor)
        assert item is not None
        tutor.answer_issued(actor, item.issued_id, item.question.key)
    after = await core.handle_text(actor, "ready")
    assert "correct on 2026-04-13" in after.text and "Based on 6 answers" in after.text
    bad = await core.handle_text(actor, "eligibility experience lots")
    assert not bad.ok and "not a number" in bad.text
    step = await core.handle_text(actor, "eligibility experience 36")
    assert "3 points" in step.text
    gone = await core.handle_text(actor, "eligibility reset")
    assert "0 points so far" in gone.text
