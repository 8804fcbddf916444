"""Question reports through the core's one entry point: the Report button and its picker, the
typed form, duplicates counted once, the threshold that withholds a question from personal,
due-review and daily selection, and the admins' queue, clear and retire."""

from __future__ import annotations

import asyncio
import random

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from adapters.services import Services
from bot.actions import ActionKind, parse_action, report_question
from bot.clock import FixedClock
from bot.core import build_core
from bot.identity import Actor
from bot.messages import Tone
from bot.reports import ReportState
from bot.settings import CoreSettings
from bot.storage.models import Channel, QuestionReport, QuestionRetirement
from tests.helpers import make_actor

ADMIN = make_actor("UA", "Admin", is_admin=True)


def _two_questions(services: Services) -> tuple[str, str]:
    ids = services.core.ctx.catalog.bank.ids_in("image_management", None)
    return ids[0], ids[1]


def _only_these_askable(services: Services, keep: set[str], workspace: str = "W1") -> None:
    """Retire every other question in the workspace, so selection has one or two choices
    and what it may not pick is certain (test setup straight into the table)."""
    core = services.core
    tutor = services.tutor
    workspace_id = tutor.workspace_id("test", workspace)
    now = services.clock.now()
    with core.ctx.work() as u:
        u.session.add_all(
            QuestionRetirement(workspace_id=workspace_id, question_id=qid, retired_at=now)
            for qid in core.ctx.catalog.bank.by_id
            if qid not in keep
        )


def _seen(services: Services, who: Actor, qid: str, right: bool = True) -> None:
    q = services.core.ctx.catalog.get(qid)
    assert q is not None
    choice = q.key if right else next(c for c in "ABCD" if c != q.key)
    services.tutor.submit_answer(who, qid, choice, idempotency_key=f"{who.user}-{qid}-{right}")


def _rows(services: Services, qid: str) -> list[QuestionReport]:
    with services.core.ctx.read() as s:
        return list(s.scalars(select(QuestionReport).where(QuestionReport.question_id == qid)))


async def test_answer_card_has_report_button_and_picker(services: Services, actor: Actor) -> None:
    core = services.core
    asked = await core.handle_text(actor, "quiz")
    letter_button = asked.messages[0].buttons[0]
    card = (await core.handle_click(actor, letter_button.action_id)).messages[0]
    labels = [b.label for b in card.buttons]
    assert labels == ["Next question", "Report this question"]
    report = parse_action(card.buttons[1].action_id)
    assert report is not None and report.kind is ActionKind.REPORT and report.reason is None
    qid = report.question_id
    picker = await core.handle_click(actor, card.buttons[1].action_id)
    assert picker.ok and qid in picker.text and f"/ciip report {qid}" in picker.text
    assert [b.label for b in picker.messages[0].buttons] == [
        "Wrong key",
        "Unclear",
        "Outdated",
        "Typo",
    ]
    assert _rows(services, qid) == []  # opening the picker reports nothing


async def test_console_card_says_how_to_report(services: Services) -> None:
    typist = make_actor("U9", buttons=False, proactive=False)
    core = services.core
    await core.handle_text(typist, "quiz")
    verdict = await core.answer_letter(typist, "A")
    assert "Something wrong with this question? /ciip report " in verdict.text


async def test_reporting_twice_counts_once(services: Services, actor: Actor) -> None:
    qid, _ = _two_questions(services)
    _seen(services, actor, qid)
    core = services.core
    first = await core.handle_click(actor, report_question(qid, "wrong-key"))
    assert first.ok and "reported as wrong key" in first.text
    again = await core.handle_click(actor, report_question(qid, "typo"))
    typed = await core.handle_text(actor, f"report {qid.lower()} unclear")
    assert "already reported" in again.text and "already reported" in typed.text
    rows = _rows(services, qid)
    assert [(r.reason, r.state) for r in rows] == [("wrong-key", ReportState.OPEN.value)]


async def test_a_double_click_stores_one_report(services: Services, actor: Actor) -> None:
    qid, _ = _two_questions(services)
    _seen(services, actor, qid)
    click = report_question(qid, "outdated")
    results = await asyncio.gather(*(services.core.handle_click(actor, click) for _ in range(2)))
    assert all(r.ok for r in results)
    assert sum("reported as outdated" in r.text for r in results) == 1
    assert len(_rows(services, qid)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("report", "Usage"),
        ("report {qid}", "Usage"),
        ("report {qid} sloppy", "Usage"),
        ("report {qid} other", "Say what is wrong"),
        ("report XX-999 typo", "no question"),
        ("report {qid} other " + "x" * 501, "under 500"),
    ],
)
async def test_typed_reports_refuse_bad_input(
    services: Services, actor: Actor, text: str, expected: str
) -> None:
    qid, _ = _two_questions(services)
    _seen(services, actor, qid)
    reply = await services.core.handle_text(actor, text.format(qid=qid))
    assert not reply.ok and expected in reply.text
    assert reply.messages[0].tone is Tone.ERROR
    assert _rows(services, qid) == []


async def test_only_a_question_you_had_can_be_reported(services: Services, actor: Actor) -> None:
    qid, _ = _two_questions(services)
    reply = await services.core.handle_text(actor, f"report {qid} typo")
    assert not reply.ok and "once you've had it" in reply.text
    assert _rows(services, qid) == []


async def test_other_with_a_note_is_queued_with_the_note(services: Services, actor: Actor) -> None:
    qid, _ = _two_questions(services)
    _seen(services, actor, qid)
    reply = await services.core.handle_text(actor, f"report {qid} other cites a withdrawn edition")
    assert reply.ok and "reported as other" in reply.text
    queue = await services.core.handle_text(ADMIN, "reports")
    assert f"{qid}: 1 member (other 1)" in queue.text
    assert "cites a withdrawn edition" in queue.text
    assert "withheld" not in queue.text.split("A question reported")[0]


async def test_reports_are_for_admins(services: Services, actor: Actor) -> None:
    for text in ("reports", "reports clear IM-001", "reports retire IM-001"):
        reply = await services.core.handle_text(actor, text)
        assert not reply.ok and "for workspace admins" in reply.text
    member_help = (await services.core.handle_text(actor, "help")).text
    admin_help = (await services.core.handle_text(ADMIN, "help")).text
    assert "/ciip report <question id>" in member_help and "/ciip reports" not in member_help
    assert "/ciip reports" in admin_help


async def test_threshold_withholds_a_due_review_until_cleared(
    services: Services, clock: FixedClock
) -> None:
    """A missed question comes back the next day as a due review; once two members report it,
    it does not, and after `reports clear` it does again."""
    qid, _ = _two_questions(services)
    ana, ben = make_actor("U1"), make_actor("U2")
    core = services.core
    core.ctx.settings.daily_new_quota = 0  # due reviews first (see bot.exam_selection)
    _seen(services, ana, qid, right=False)
    _seen(services, ben, qid)
    clock.advance(days=2)
    due = core.quiz.next_question(ana)
    assert due is not None and (due.question.id, due.reason) == (qid, "due")

    await core.handle_text(ana, f"report {qid} wrong-key")
    still = core.quiz.next_question(ana)
    assert still is not None and still.question.id == qid  # one member is not enough
    await core.handle_click(ben, report_question(qid, "wrong-key"))
    withheld = core.quiz.next_question(ana)
    assert withheld is not None and withheld.question.id != qid

    queue = await core.handle_text(ADMIN, "reports")
    assert f"{qid}: 2 members (wrong key 2) · withheld" in queue.text
    cleared = await core.handle_text(ADMIN, f"reports clear {qid.lower()}")
    assert cleared.ok and "back in rotation" in cleared.text and "2 reports cleared" in cleared.text
    back = core.quiz.next_question(ana)
    assert back is not None and (back.question.id, back.reason) == (qid, "due")
    assert {r.state for r in _rows(services, qid)} == {ReportState.CLEARED.value}
    assert "No open reports" in (await core.handle_text(ADMIN, "reports")).text


async def test_new_questions_and_other_workspaces(services: Services) -> None:
    """With two questions askable, a withheld one is never picked as new; another workspace
    is not affected by this one's reports."""
    qid, other = _two_questions(services)
    _only_these_askable(services, {qid, other})
    _only_these_askable(services, {qid, other}, workspace="W2")
    ana, ben, cy = make_actor("U1"), make_actor("U2"), make_actor("U3")
    elsewhere = make_actor("V1", workspace="W2")
    for who in (ana, ben):
        _seen(services, who, qid)
        await services.core.handle_text(who, f"report {qid} unclear")
    for _ in range(5):
        item = services.core.quiz.next_question(cy)
        assert item is not None and item.question.id == other
    assert {services.core.quiz.next_question(elsewhere).question.id for _ in range(20)} == {
        qid,
        other,
    }


async def test_retire_is_for_good_and_clear_undoes_it(
    services: Services, clock: FixedClock
) -> None:
    qid, other = _two_questions(services)
    _only_these_askable(services, {qid, other})
    clock.advance(minutes=1)
    ana = make_actor("U1")
    _seen(services, ana, qid)
    await services.core.handle_text(ana, f"report {qid} outdated")
    retired = await services.core.handle_text(ADMIN, f"reports retire {qid}")
    assert retired.ok and "won't be asked in this workspace again" in retired.text
    assert "1 open report closed" in retired.text
    assert {r.state for r in _rows(services, qid)} == {ReportState.RETIRED.value}
    newcomer = make_actor("U5")
    assert {services.core.quiz.next_question(newcomer).question.id for _ in range(5)} == {other}
    again = await services.core.handle_text(ana, f"report {qid} typo")
    assert "already retired" in again.text
    queue = await services.core.handle_text(ADMIN, "reports")
    retired_count = len(services.core.ctx.catalog.bank.by_id) - 1  # all but `other`
    assert "No open reports" in queue.text
    assert f"Retired here ({retired_count}): {qid}," in queue.text
    twice = await services.core.handle_text(ADMIN, f"reports retire {qid}")
    assert twice.ok and "open report" not in twice.text
    undone = await services.core.handle_text(ADMIN, f"reports clear {qid}")
    assert undone.ok and "no longer retired" in undone.text
    nothing = await services.core.handle_text(ADMIN, f"reports clear {qid}")
    assert not nothing.ok and "no open reports" in nothing.text


async def test_a_cleared_report_can_be_made_again(services: Services) -> None:
    qid, _ = _two_questions(services)
    ana = make_actor("U1")
    _seen(services, ana, qid)
    await services.core.handle_text(ana, f"report {qid} typo")
    await services.core.handle_text(ADMIN, f"reports clear {qid}")
    again = await services.core.handle_text(ana, f"report {qid} wrong-key")
    assert "reported as wrong key" in again.text
    rows = _rows(services, qid)
    assert [(r.reason, r.state) for r in rows] == [("wrong-key", ReportState.OPEN.value)]


async def test_daily_question_skips_withheld_questions(services: Services) -> None:
    qid, other = _two_questions(services)
    _only_these_askable(services, {qid, other})
    core = services.core
    for who in (make_actor("U1"), make_actor("U2")):
        _seen(services, who, qid)
        await core.handle_text(who, f"report {qid} wrong-key")
    with core.ctx.work() as u:
        channel_id = u.channel(ADMIN)
    assert channel_id is not None
    with core.ctx.read() as s:
        assert s.get(Channel, channel_id) is not None
    picks = {core.daily.choose_question(channel_id, services.clock.now()) for _ in range(10)}
    assert picks == {other}
    await core.handle_text(ADMIN, f"reports retire {other}")
    assert core.daily.choose_question(channel_id, services.clock.now()) is None


def test_threshold_setting_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIIP_REPORT_THRESHOLD", "3")
    assert CoreSettings(_env_file=None).report_threshold == 3
    for bad in ("0", "-1", "51", "two"):
        monkeypatch.setenv("CIIP_REPORT_THRESHOLD", bad)
        with pytest.raises(ValidationError):
            CoreSettings(_env_file=None)
    monkeypatch.delenv("CIIP_REPORT_THRESHOLD")
    assert CoreSettings(_env_file=None).report_threshold == 2


async def test_a_higher_threshold_needs_more_members(database_url: str, clock: FixedClock) -> None:
    settings = CoreSettings(_env_file=None, database_url=None, report_threshold=3)
    core = build_core(database_url, clock, settings=settings, migrate=False, rng=random.Random(5))
    try:
        qid = core.ctx.catalog.bank.ids_in("image_management", None)[0]
        members = [make_actor(f"U{i}") for i in range(3)]
        for i, who in enumerate(members):
            q = core.ctx.catalog.get(qid)
            assert q is not None
            core.quiz.submit_answer(who, qid, q.key, idempotency_key=f"k{i}")
        with core.ctx.work() as u:
            workspace_id = u.workspace(members[0])
        for who in members[:2]:
            await core.handle_text(who, f"report {qid} typo")
        assert qid not in core.reports.withheld(workspace_id)
        await core.handle_text(members[2], f"report {qid} typo")
        assert qid in core.reports.withheld(workspace_id)
        with core.ctx.read() as s:
            count = s.scalar(select(func.count()).select_from(QuestionReport))
        assert count == 3
    finally:
        core.close()


def test_report_ids_round_trip() -> None:
    action = parse_action(report_question("IM-031", "wrong-key"))
    assert action is not None and (action.question_id, action.reason) == ("IM-031", "wrong-key")
    for bad in ("ciip:rep:im-031", "ciip:rep:IM-031:other", "ciip:rep:IM-031:typo:x", "ciip:rep:"):
        assert parse_action(bad) is None
    assert len(report_question("ABCDEFGH-" + "9" * 31, "wrong-key")) <= 100
