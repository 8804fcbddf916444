"""The mock exam through the core: blueprint counts, no feedback, flags, time enforced by the
server (the EXAM_SWEEP tick with the injected clock), one open exam, restarts lose nothing."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from adapters.services import Services
from bot.actions import ExamOp, exam_action, parse_action
from bot.clock import FixedClock
from bot.core import build_core
from bot.events import Tick, TickKind
from bot.exam import ExamView
from bot.exam_assembly import ExamKind, apportion, pick_items
from bot.exam_report import ExamReport
from bot.identity import Actor
from bot.storage.models import Answer, MockExam, MockExamItem
from question_bank.blueprint import DOMAINS
from tests.helpers import RecordingMessenger, make_actor


def test_full_length_has_the_blueprint_s_exact_counts() -> None:
    assert apportion(130) == {d.key: d.items for d in DOMAINS}
    for length in (20, 65, 7, 200):
        counts = apportion(length)
        assert sum(counts.values()) == length
        for d in DOMAINS:  # within one item of the exact share
            assert abs(counts[d.key] - length * d.items / 130) < 1


def test_recently_seen_questions_come_last_and_misses_are_not_favoured() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 12, 1, tzinfo=UTC)
    ids = [f"Q{i}" for i in range(10)]
    seen = {q: now - timedelta(days=1) for q in ids[:8]}  # 8 seen yesterday
    picked = pick_items({"d": 2}, {"d": ids}, seen, now - timedelta(days=7), random.Random(1))
    assert {q for _, q in picked} == {"Q8", "Q9"}
    # Nothing recent: every question is equally likely (a miss is not drawn more often).
    draws = Counter(
        q
        for seed in range(400)
        for _, q in pick_items({"d": 1}, {"d": ids}, {}, now, random.Random(seed))
    )
    assert set(draws) == set(ids) and max(draws.values()) < 3 * min(draws.values())


def _start(services: Services, actor: Actor, kind: ExamKind = ExamKind.SHORT) -> ExamView:
    view = services.core.exams.start(actor, kind)
    assert isinstance(view, ExamView)
    return view


def _key_of(view: ExamView) -> str:
    return view.question.key


async def test_short_exam_counts_time_no_feedback_and_report(
    services: Services, actor: Actor
) -> None:
    core = services.core
    result = await core.handle_text(actor, "exam start short")
    assert "Question 1 of 20 · 20 min left" in result.text
    view = core.exams.status(actor)
    assert isinstance(view, ExamView)
    with core.ctx.read() as s:
        exam = s.scalars(select(MockExam)).one()
        assert exam.total == 20
        domains = Counter(s.scalars(select(MockExamItem.domain)))
    assert domains == {k: n for k, n in apportion(20).items() if n}  # the blueprint's shares
    first_key = view.question.key
    click = await core.handle_click(actor, exam_action(view.exam_id, 0, first_key))
    text = click.text
    assert "Question 2 of 20" in text
    assert "Correct" not in text and "Not quite" not in text and "The answer is" not in text
    # a second click on the first question's button changes nothing
    again = await core.handle_click(
        actor, exam_action(view.exam_id, 0, "A" if first_key != "A" else "B")
    )
    assert "Question 2 of 20" in again.text
    # answer everything else wrong-or-right by key for half, then finish
    for _ in range(19):
        step = core.exams.status(actor)
        assert isinstance(step, ExamView)
        letter = (
            step.question.key if step.position % 2 else ("A" if step.question.key != "A" else "B")
        )
        last = await core.handle_click(actor, exam_action(step.exam_id, step.position, letter))
    assert "Mock exam report (short)" in last.text
    assert "Review of your misses" in last.text and "Reference:" in last.text
    [summary] = [m for m in last.messages if m.attachments]
    png = summary.attachments[0]
    assert png.data.startswith(b"\x89PNG") and "overall" in png.alt
    report = core.exams.last_report(actor)
    assert isinstance(report, ExamReport)
    assert report.correct == 11 and report.percent == pytest.approx(0.55)  # first + odd ones
    assert {d.domain.key: d.asked for d in report.domains} == domains
    with core.ctx.read() as s:
        sources = Counter(s.scalars(select(Answer.source)))
    assert sources == {"exam": 20}  # every answer feeds SRS with the source `exam`
    # the finished exam's buttons change nothing
    stale = await core.handle_click(actor, exam_action(view.exam_id, 3, "A"))
    assert not stale.ok and "nothing changed" in stale.text
    history = await core.handle_text(actor, "exam history")
    assert "short" in history.text and "(" in history.text


async def test_flag_review_and_change_a_flagged_answer(services: Services, actor: Actor) -> None:
    core = services.core
    view = _start(services, actor)
    eid = view.exam_id
    await core.handle_click(actor, exam_action(eid, 0, ExamOp.FLAG))
    flagged = core.exams.status(actor)
    assert isinstance(flagged, ExamView) and flagged.flagged and flagged.flagged_positions == (0,)
    await core.handle_click(actor, exam_action(eid, 0, "A"))
    for p in range(1, 20):
        await core.handle_click(actor, exam_action(eid, p, "B"))
    review = core.exams.status(actor)
    # every item answered but one flagged: not finished, the member may go back
    assert isinstance(review, ExamView) and review.answered == 20
    shown = await core.handle_click(actor, exam_action(eid, 0, ExamOp.REVIEW))
    assert "Flagged for review: 1." in shown.text
    assert any(b.label == "Go to 1" for m in shown.messages for b in m.buttons)
    await core.handle_click(actor, exam_action(eid, 0, ExamOp.GOTO))
    changed = await core.handle_click(actor, exam_action(eid, 0, "C"))  # flagged: may change
    assert "review" in changed.text.lower()
    done = await core.handle_click(actor, exam_action(eid, 0, ExamOp.END))
    assert "Mock exam report" in done.text
    report = core.exams.last_report(actor)
    assert report is not None and report.items[0].choice == "C"


async def test_one_open_exam_per_member_and_stop(services: Services, actor: Actor) -> None:
    core = services.core
    first = _start(services, actor)
    again = await core.handle_text(actor, "exam start full")
    assert "Welcome back" in again.text and "of 20" in again.text
    other = make_actor("U2")
    assert _start(services, other).exam_id != first.exam_id
    stopped = await core.handle_text(actor, "exam stop")
    assert "stopped" in stopped.text
    assert core.exams.last_report(actor) is None  # abandoned: nothing scored
    fresh = _start(services, actor, ExamKind.HALF)
    assert fresh.exam_id != first.exam_id and fresh.total == 65


async def test_timed_out_exam_is_closed_by_the_tick(
    services: Services, actor: Actor, clock: FixedClock
) -> None:
    core = services.core
    messenger = RecordingMessenger()
    core.attach(messenger=messenger)
    view = _start(services, actor)
    await core.handle_click(actor, exam_action(view.exam_id, 0, view.question.key))
    clock.advance(minutes=19, seconds=59)
    await core.handle(Tick(TickKind.EXAM_SWEEP))
    assert core.exams.has_open(actor) and not messenger.dms
    clock.advance(seconds=1)
    await core.handle(Tick(TickKind.EXAM_SWEEP))
    assert not core.exams.has_open(actor)
    report = core.exams.last_report(actor)
    assert report is not None and report.correct == 1 and report.unanswered == 19
    assert report.time_used == timedelta(minutes=20)
    assert [dm[2] for dm in messenger.dms][:1] == ["U1"]
    assert "Time ran out" in messenger.dms[0][3].as_text()
    # a late click on the closed exam changes nothing; a second sweep finds nothing
    late = await core.handle_click(actor, exam_action(view.exam_id, 1, "A"))
    assert not late.ok
    assert await core.ticks.close_expired_exams() == 0


async def test_expired_exam_closes_on_the_member_s_next_click(
    services: Services, actor: Actor, clock: FixedClock
) -> None:
    view = _start(services, actor)
    clock.advance(minutes=21)
    result = await services.core.handle_click(actor, exam_action(view.exam_id, 0, "A"))
    assert "Time ran out" in result.text
    report = services.core.exams.last_report(actor)
    assert report is not None and report.correct == 0 and report.unanswered == 20


async def test_restart_mid_exam_loses_nothing(
    services: Services, actor: Actor, clock: FixedClock, database_url: str
) -> None:
    view = _start(services, actor)
    await services.core.handle_click(actor, exam_action(view.exam_id, 0, "A"))
    await services.core.handle_click(actor, exam_action(view.exam_id, 1, ExamOp.FLAG))
    services.close()
    restarted = build_core(database_url, clock, migrate=False, rng=random.Random(5))
    try:
        step = restarted.exams.status(actor)
        assert isinstance(step, ExamView)
        assert (step.exam_id, step.position, step.answered) == (view.exam_id, 1, 1)
        assert step.flagged_positions == (1,)
        # an old message's button still works after the restart
        result = await restarted.handle_click(actor, exam_action(view.exam_id, 1, "B"))
        assert "Question 3 of 20" in result.text
    finally:
        restarted.close()


async def test_someone_else_s_exam_button_is_refused(services: Services, actor: Actor) -> None:
    view = _start(services, actor)
    result = await services.core.handle_click(make_actor("U9"), exam_action(view.exam_id, 0, "A"))
    assert not result.ok and "someone else" in result.text
    mine = services.core.exams.status(actor)
    assert isinstance(mine, ExamView) and mine.answered == 0


@pytest.mark.parametrize("bad", ["ciip:x:1:0:Z", "ciip:x:1:99999:A", "ciip:x::0:A"])
def test_malformed_exam_ids_are_not_ours(bad: str) -> None:
    assert parse_action(bad) is None


async def test_typed_letters_answer_the_exam_at_the_console(
    services: Services,
) -> None:
    console = make_actor("ana", buttons=False, files_private=True)
    core = services.core
    started = await core.handle_text(console, "exam start short")
    assert "Type A-D" in started.text and not started.messages[0].buttons
    step = await core.answer_letter(console, "B")
    assert "Question 2 of 20" in step.text
    flagged = await core.handle_text(console, "exam flag")
    assert "🚩 flagged" in flagged.text
    jumped = await core.handle_text(console, "exam goto 1")
    assert "Question 1 of 20" in jumped.text and "your answer: B" in jumped.text


async def test_full_exam_pace_and_time_left_wording(
    services: Services, actor: Actor, clock: FixedClock
) -> None:
    from bot.render_exam import duration

    assert duration(timedelta(minutes=108)) == "1 h 48 min"
    assert duration(timedelta(seconds=30)) == "under a minute"
    assert duration(timedelta(minutes=107, seconds=1), round_up=True) == "1 h 48 min"
    view = _start(services, actor, ExamKind.FULL)
    assert view.total == 130 and view.deadline - clock.now() == timedelta(minutes=130)
    clock.advance(minutes=22)
    status = await services.core.handle_text(actor, "exam")
    assert "Question 1 of 130 · 1 h 48 min left" in status.text
