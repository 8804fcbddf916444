"""The shared scenarios. Each takes a driver and the services behind it (for the answer key)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import func, select

from adapters.services import Services
from bot.storage.models import Answer, Issued, MockExam, MockExamItem, QuestionReport

ANSWER_ID = re.compile(r"^ciip:a:(\d+):([A-D])$")
STREAK_OF_ONE = re.compile(r"Streak\W+1 day\b")
"""'Streak: 1 day' in text, or a 'Streak' label beside '1 day' where a platform has fields."""


@dataclass
class Screen:
    """What the member sees after a step: all readable text, and the buttons under it."""

    text: str
    actions: list[str] = field(default_factory=list)
    raw: object = None
    """The platform's own form of the message (a driver needs it to press a button on it)."""

    def answer_buttons(self) -> list[str]:
        return [a for a in self.actions if ANSWER_ID.match(a)]


class Driver(Protocol):
    buttons: bool

    async def command(self, text: str, user: str = "ana") -> Screen:
        """Type `/ciip <text>` (or the platform's form of it) as `user`."""
        ...

    async def press(self, screen: Screen, action_id: str, user: str = "ana") -> Screen:
        """Press a button shown on `screen` (a driver without buttons types the equivalent)."""
        ...


def _open_question(services: Services, user: str) -> Issued:
    with services.tutor.db.session() as s:
        issued = s.scalars(select(Issued).order_by(Issued.id.desc())).first()
        assert issued is not None, f"no question was issued to {user}"
        s.expunge(issued)
        return issued


def answers(services: Services, issued_id: int | None = None) -> int:
    """Answers stored in all, or to the question behind one issued card."""
    with services.tutor.db.session() as s:
        query = select(func.count()).select_from(Answer)
        if issued_id is not None:
            issued = s.get(Issued, issued_id)
            assert issued is not None
            query = query.where(Answer.question_id == issued.question_id)
        return s.scalar(query) or 0


def choices(services: Services, screen: Screen, user: str) -> tuple[int, str, str]:
    """The issued question on `screen`: its id, the key's action and a wrong option's action."""
    buttons = screen.answer_buttons()
    if buttons:
        match = ANSWER_ID.match(buttons[0])
        assert match is not None
        issued_id = int(match.group(1))
    else:
        issued_id = _open_question(services, user).id
    with services.tutor.db.session() as s:
        issued = s.get(Issued, issued_id)
        assert issued is not None
        key = services.tutor.bank.by_id[issued.question_id].key
    wrong = next(letter for letter in "ABCD" if letter != key)
    return issued_id, f"ciip:a:{issued_id}:{key}", f"ciip:a:{issued_id}:{wrong}"


async def help_lists_every_command(d: Driver, services: Services) -> None:
    screen = await d.command("help")
    for command in ("quiz", "stats", "streak", "leaderboard", "me", "ce", "timezone"):
        assert command in screen.text, command


async def unknown_command_gets_a_suggestion(d: Driver, services: Services) -> None:
    screen = await d.command("quzi")
    assert "quzi" in screen.text and "Did you mean" in screen.text and "quiz" in screen.text


async def quiz_answer_and_next(d: Driver, services: Services) -> None:
    question = await d.command("quiz")
    assert "A)" in question.text and "D)" in question.text
    if d.buttons:
        assert len(question.answer_buttons()) == 4
    issued_id, right, _ = choices(services, question, "ana")

    verdict = await d.press(question, right)
    assert "Correct" in verdict.text and "Reference" in verdict.text
    assert STREAK_OF_ONE.search(verdict.text), verdict.text
    if d.buttons:
        assert "ciip:next" in verdict.actions
    assert answers(services, issued_id) == 1

    following = await d.press(verdict, "ciip:next")
    next_id, _, _ = choices(services, following, "ana")
    assert next_id != issued_id and "A)" in following.text


async def a_second_press_counts_once(d: Driver, services: Services) -> None:
    question = await d.command("quiz")
    issued_id, _, wrong = choices(services, question, "ana")
    first = await d.press(question, wrong)
    assert "Not quite" in first.text
    await d.press(question, wrong)  # a double click, or the same letter typed twice
    assert answers(services, issued_id) == 1
    stats = await d.command("stats")
    assert "0 of 1 correct" in stats.text


async def boards_and_overview_show_the_member(d: Driver, services: Services) -> None:
    question = await d.command("quiz")
    _, right, _ = choices(services, question, "ana")
    await d.press(question, right)
    board = await d.command("leaderboard")
    assert "#1 of 1" in board.text and "1 of 1 correct" in board.text
    overview = await d.command("me")
    assert STREAK_OF_ONE.search(overview.text) and "CE tracking" in overview.text


async def a_stale_button_is_answered_kindly(d: Driver, services: Services) -> None:
    screen = await d.command("help")
    stale = await d.press(screen, "ciip:zz:1")
    assert "older version" in stale.text
    assert answers(services) == 0


async def bad_arguments_get_a_reason(d: Driver, services: Services) -> None:
    screen = await d.command("timezone Mars/Olympus")
    assert "Mars/Olympus" in screen.text and "timezone" in screen.text.lower()
    screen = await d.command("nudges on 25:00")
    assert "25:00" in screen.text and "not a time" in screen.text


async def a_short_mock_exam_runs_to_its_report(d: Driver, services: Services) -> None:
    """No feedback on the way, the score and per-domain report at the end."""
    screen = await d.command("exam start short")
    assert "Question 1 of 20" in screen.text and "min left" in screen.text
    for _ in range(20):
        assert "Correct" not in screen.text and "Not quite" not in screen.text
        with services.tutor.db.session() as s:
            exam = s.scalars(select(MockExam).order_by(MockExam.id.desc())).first()
            assert exam is not None
            item = s.get(MockExamItem, (exam.id, exam.position))
            assert item is not None
            key = services.tutor.bank.by_id[item.question_id].key
            action = f"ciip:x:{exam.id}:{exam.position}:{key}"
        if d.buttons:
            assert action in screen.actions, screen.actions
        screen = await d.press(screen, action)
    assert "Mock exam report (short)" in screen.text and "20 of 20 (100%)" in screen.text
    assert "% of the exam" in screen.text


def reports(services: Services) -> int:
    with services.tutor.db.session() as s:
        return s.scalar(select(func.count()).select_from(QuestionReport)) or 0


async def a_question_is_reported_once(d: Driver, services: Services) -> None:
    """Report this question: the button and its reason picker (or the typed form where there
    are no buttons); a second report by the same member counts once."""
    question = await d.command("quiz")
    issued_id, right, _ = choices(services, question, "ana")
    verdict = await d.press(question, right)
    with services.tutor.db.session() as s:
        issued = s.get(Issued, issued_id)
        assert issued is not None
        qid = issued.question_id
    assert f"/ciip report {qid}" in verdict.text or f"ciip:rep:{qid}" in verdict.actions
    if d.buttons:
        picker = await d.press(verdict, f"ciip:rep:{qid}")
        reason = f"ciip:rep:{qid}:wrong-key"
        assert reason in picker.actions and f"/ciip report {qid}" in picker.text
        first = await d.press(picker, reason)
        second = await d.press(picker, reason)
    else:
        first = await d.command(f"report {qid} wrong-key")
        second = await d.command(f"report {qid} wrong-key")
    assert "reported as wrong key" in first.text
    assert "already reported" in second.text
    typed = await d.command(f"report {qid} other the figure is out of date")
    assert "already reported" in typed.text
    assert reports(services) == 1


Scenario = Callable[[Driver, Services], Awaitable[None]]
SCENARIOS: list[Scenario] = [
    help_lists_every_command,
    quiz_answer_and_next,
    a_second_press_counts_once,
    boards_and_overview_show_the_member,
    bad_arguments_get_a_reason,
    a_short_mock_exam_runs_to_its_report,
    a_question_is_reported_once,
]
"""What every adapter shows."""
TYPED_SCENARIOS: list[Scenario] = [unknown_command_gets_a_suggestion]
"""Where members type free text (not Discord, whose command picker offers only real commands)."""
BUTTON_SCENARIOS: list[Scenario] = [a_stale_button_is_answered_kindly]
"""Where messages carry buttons (not the console)."""


def ids(scenarios: list[Scenario]) -> list[str]:
    return [s.__name__ for s in scenarios]
