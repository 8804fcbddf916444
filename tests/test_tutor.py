"""The facade end to end on a real database: quiz, answers, idempotency, restarts, stats."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from adapters.services import Services, build_services
from bot.clock import FixedClock
from bot.errors import NotAllowed, NotFound, TutorError
from bot.identity import Actor
from bot.storage.models import Answer, CeEntry, Issued, Member, SrsCard
from question_bank.blueprint import find_domain
from tests.helpers import make_actor


def _count(services: Services, model) -> int:  # type: ignore[no-untyped-def]
    with services.tutor.db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_quiz_then_answer_records_everything(services: Services, actor: Actor) -> None:
    tutor = services.tutor
    item = tutor.next_question(actor)
    assert item is not None and item.reason == "new"
    wrong = next(letter for letter in "ABCD" if letter != item.question.key)
    outcome = tutor.answer_issued(actor, item.issued_id, wrong)
    assert not outcome.correct and not outcome.duplicate
    assert outcome.streak == 1
    with tutor.db.session() as s:
        answer = s.scalars(select(Answer)).one()
        assert (answer.choice, answer.correct, answer.source) == (wrong, False, "quiz")
        assert answer.question_hash == item.question.hash
        card = s.get(SrsCard, (answer.member_id, item.question.id))
        assert card is not None and card.due > tutor.now()


def test_double_click_counts_once(services: Services, actor: Actor) -> None:
    tutor = services.tutor
    item = tutor.next_question(actor)
    assert item is not None
    first = tutor.answer_issued(actor, item.issued_id, item.question.key)
    second = tutor.answer_issued(actor, item.issued_id, "A")
    assert first.correct and not first.duplicate
    assert second.duplicate and second.choice == item.question.key  # the first answer counts
    assert _count(services, Answer) == 1
    board = tutor.leaderboard(actor, "week")
    assert board.me is not None and board.me.answered == 1


def test_restart_mid_quiz_loses_nothing(
    services: Services, actor: Actor, database_url: str, clock: FixedClock, bank_questions
) -> None:
    item = services.tutor.next_question(actor)
    assert item is not None
    services.close()
    reopened = build_services(
        services.settings,
        clock,
        database_url=database_url,
        questions=bank_questions,
        rng=random.Random(9),
    )
    try:
        open_item = reopened.tutor.open_question(actor)
        assert open_item is not None and open_item.issued_id == item.issued_id
        outcome = reopened.tutor.answer_issued(actor, item.issued_id, item.question.key)
        assert outcome.correct
    finally:
        reopened.close()


def test_someone_elses_question_is_refused(services: Services, actor: Actor) -> None:
    item = services.tutor.next_question(actor)
    assert item is not None
    with pytest.raises(NotAllowed):
        services.tutor.answer_issued(make_actor("U2"), item.issued_id, "A")
    with pytest.raises(NotFound):
        services.tutor.answer_issued(actor, 999_999, "A")
    with pytest.raises(TutorError):
        services.tutor.answer_issued(actor, item.issued_id, "E")
    assert _count(services, Answer) == 0


def test_wrong_answer_comes_back_as_a_due_review(
    services: Services, actor: Actor, clock: FixedClock
) -> None:
    tutor = services.tutor
    item = tutor.next_question(actor)
    assert item is not None
    wrong = next(letter for letter in "ABCD" if letter != item.question.key)
    tutor.answer_issued(actor, item.issued_id, wrong)
    clock.advance(days=2)
    # it comes back within the day, once new questions have had their share (`bot.exam_selection`)
    for _ in range(12):
        again = tutor.next_question(actor)
        assert again is not None
        if again.reason == "due":
            break
        tutor.answer_issued(actor, again.issued_id, again.question.key)
    assert again.reason == "due" and again.question.id == item.question.id


def test_domain_filter_only_gives_that_domain(services: Services, actor: Actor) -> None:
    domain = find_domain("image")
    for _ in range(10):
        item = services.tutor.next_question(actor, domain)
        assert item is not None and item.question.domain == "image_management"
        services.tutor.answer_issued(actor, item.issued_id, item.question.key)


def test_no_question_repeats_within_the_gap(services: Services, actor: Actor) -> None:
    seen: set[str] = set()
    domain = find_domain("procurement")
    size = len(services.tutor.bank.ids_in("procurement", None))
    for _ in range(size):
        item = services.tutor.next_question(actor, domain)
        assert item is not None and item.question.id not in seen
        seen.add(item.question.id)
        services.tutor.answer_issued(actor, item.issued_id, item.question.key)
    assert services.tutor.next_question(actor, domain) is None


def test_streak_and_points_across_days(services: Services, actor: Actor, clock: FixedClock) -> None:
    tutor = services.tutor
    points = []
    for _day in range(3):
        item = tutor.next_question(actor)
        assert item is not None
        points.append(tutor.answer_issued(actor, item.issued_id, item.question.key).points)
        clock.advance(days=1)
    assert points == [10 + 1, 10 + 2, 10 + 3]
    current, best, _ = tutor.streak(actor)
    assert (current, best) == (3, 3)
    clock.advance(days=1)
    assert tutor.streak(actor)[0] == 0


def test_leaderboard_ranks_with_deterministic_tie_break(
    services: Services, clock: FixedClock
) -> None:
    tutor = services.tutor
    people = [make_actor(f"U{i}", f"Member {i}") for i in range(1, 6)]
    correct_counts = [3, 1, 3, 0, 2]
    for person, n in zip(people, correct_counts, strict=True):
        for _ in range(3):
            item = tutor.next_question(person)
            assert item is not None
            right = n > 0
            n -= 1
            letter = (
                item.question.key if right else next(x for x in "ABCD" if x != item.question.key)
            )
            tutor.answer_issued(person, item.issued_id, letter)
            clock.advance(seconds=1)
    board = tutor.leaderboard(people[3], "week", limit=3)
    assert [r.display_name for r in board.rows] == ["Member 1", "Member 3", "Member 5"]
    assert board.rows[0].points == board.rows[1].points  # tie broken by who got there first
    assert board.total == 5
    assert board.me is not None and board.me.rank == 5 and board.me.points == 1
    here = tutor.leaderboard(people[0], "all", here=True)
    assert here.total == 5


def test_weak_domains_named_from_evidence(services: Services, actor: Actor) -> None:
    tutor = services.tutor
    weak = find_domain("procurement")
    strong = find_domain("image")
    for domain, right in ((weak, False), (strong, True)):
        for _ in range(8):
            item = tutor.next_question(actor, domain)
            assert item is not None
            letter = (
                item.question.key if right else next(x for x in "ABCD" if x != item.question.key)
            )
            tutor.answer_issued(actor, item.issued_id, letter)
    skills = tutor.skills(actor)
    weakest = tutor.weakest(skills)
    assert weakest[0].domain.key == "procurement"
    # a domain answered perfectly is never called weak
    assert "image_management" not in [k.domain.key for k in weakest]
    proc = next(k for k in skills if k.domain.key == "procurement")
    assert proc.accuracy == 0 and proc.mean_retrievability is not None


def test_bad_timezone_is_refused_and_nothing_changes(services: Services, actor: Actor) -> None:
    with pytest.raises(TutorError, match="IANA"):
        services.tutor.set_timezone(actor, "Mars/Olympus")
    assert services.tutor.member_row(actor).timezone is None
    assert services.tutor.set_timezone(actor, "Europe/Berlin") == "Europe/Berlin"


def test_bank_edit_keeps_history(services: Services, actor: Actor, bank_questions) -> None:
    tutor = services.tutor
    item = tutor.next_question(actor)
    assert item is not None
    tutor.answer_issued(actor, item.issued_id, item.question.key)
    edited = item.question.model_copy(update={"stem": item.question.stem + " (edited)"})
    others = [q for q in bank_questions if q.id != edited.id]
    report = tutor.sync_bank([*others, edited])
    assert (report.changed, report.added) == (1, 0)
    with tutor.db.session() as s:
        answer = s.scalars(select(Answer)).one()
        assert answer.question_hash == item.question.hash != edited.hash
    assert tutor.bank.by_id[edited.id].stem.endswith("(edited)")


def test_answer_timestamps_follow_the_injected_clock(
    services: Services, actor: Actor, clock: FixedClock
) -> None:
    clock.advance(timedelta(hours=5))
    item = services.tutor.next_question(actor)
    assert item is not None
    services.tutor.answer_issued(actor, item.issued_id, "A")
    with services.tutor.db.session() as s:
        assert s.scalars(select(Answer.answered_at)).one() == clock.now()
        assert s.scalars(select(Issued.issued_at)).one() == clock.now()
        assert s.scalar(select(func.count()).select_from(Member)) == 1
        assert s.scalar(select(func.count()).select_from(CeEntry)) == 0


def test_concurrent_duplicate_deliveries_count_once(
    services: Services, second_instance: Services, actor: Actor
) -> None:
    """Two instances receive the same click at once (a platform retry): one answer is stored."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    item = services.tutor.next_question(actor)
    assert item is not None
    barrier = Barrier(2)

    def click(tutor):  # type: ignore[no-untyped-def]
        barrier.wait(timeout=10)
        return tutor.answer_issued(actor, item.issued_id, item.question.key)

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(click, s.tutor) for s in (services, second_instance)]
        outcomes = [f.result(timeout=30) for f in futures]
    assert sorted(o.duplicate for o in outcomes) == [False, True]
    assert _count(services, Answer) == 1
    board = services.tutor.leaderboard(actor, "all")
    assert board.me is not None and board.me.answered == 1
