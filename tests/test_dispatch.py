"""The shared command grammar via the dispatcher: friendly errors, nothing stored on bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from adapters.services import Services
from bot.actions import answer_issued, parse_action
from bot.commands import UsageError, help_text, parse
from bot.identity import Actor
from bot.messages import Tone
from bot.storage.models import Answer, CeEntry, Member


def _ce_count(services: Services) -> int:
    with services.tutor.db.session() as s:
        return s.scalar(select(func.count()).select_from(CeEntry)) or 0


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        ("/ciip quiz image", "quiz", ("image",)),
        ("ciip quiz", "quiz", ()),
        ("quiz", "quiz", ()),
        ("", "help", ()),
        ("lb month", "leaderboard", ("month",)),
        (
            'ce log 1.5 "SIIM webinar" 2026-01-02',
            "ce",
            ("log", "1.5", "SIIM webinar", "2026-01-02"),
        ),
        ("ce", "ce", ("status",)),
        (
            "daily here 09:00 Europe/Berlin weekdays",
            "daily",
            ("here", "09:00", "Europe/Berlin", "weekdays"),
        ),
    ],
)
def test_parse(text: str, name: str, args: tuple) -> None:
    parsed = parse(text)
    assert (parsed.name, parsed.args) == (name, args)


@pytest.mark.parametrize(
    "text", ["dance", 'ce log 1 "unclosed', "ce frobnicate", "daily sometimes"]
)
def test_parse_rejects_with_usage(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse(text)
    assert "ciip" in str(info.value)


def test_help_lists_every_command_and_hides_admin_ones() -> None:
    member, admin = help_text(False), help_text(True)
    for word in ("quiz", "stats", "streak", "leaderboard", "ce setup", "timezone"):
        assert word in member
    assert "/ciip daily" not in member and "/ciip daily here" in admin


def test_action_ids_round_trip_and_reject_garbage() -> None:
    action = parse_action(answer_issued(42, "C"))
    assert action is not None and (action.kind, action.ref, action.letter) == ("answer", 42, "C")
    for bad in ("", "ciip:a:x:A", "ciip:a:1:E", "other:thing", "ciip:a:1:A:extra"):
        assert parse_action(bad) is None


async def test_unknown_command_is_friendly(services: Services, actor: Actor) -> None:
    reply = await services.core.handle_text(actor, "/ciip dance")
    assert not reply.ok and "don't know" in reply.text
    assert reply.messages[0].tone is Tone.ERROR


async def test_unknown_domain_lists_choices(services: Services, actor: Actor) -> None:
    reply = await services.core.handle_text(actor, "quiz astrology")
    assert not reply.ok and "image" in reply.text and "`" not in reply.text


async def test_quiz_then_button_click(services: Services, actor: Actor) -> None:
    reply = await services.core.handle_text(actor, "quiz")
    question = reply.messages[0]
    assert len(question.choices) == 4 and len(question.buttons) == 4
    assert "·" in question.title  # domain · id · difficulty
    result = await services.core.handle_click(actor, question.buttons[0].action_id)
    assert result.ok
    text = result.text
    assert "The answer is" in text and "Reference:" in text and "Why:" in text
    assert result.messages[0].buttons[0].label == "Next question"
    stale = await services.core.handle_click(actor, "ciip:zz:1")
    assert not stale.ok and "older version" in stale.text


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        ('ce log -2 "Webinar"', "positive"),
        ('ce log 900 "Conference"', "looks wrong"),
        ('ce log nan "Conference"', "positive"),
        ('ce log two "Conference"', "not a number"),
        ('ce log 2 "Future talk" 2099-01-01', "future"),
        ('ce log 2 "Bad date" 2026-13-45', "YYYY-MM-DD"),
        ("ce log 2", "Usage"),
        ("ce setup 2099-01-01", "future"),
        ("ce setup yesterday", "YYYY-MM-DD"),
        ("ce delete 12345", "no CE entry"),
        ("timezone Nowhere/City", "IANA"),
        ("timezone", "Usage"),
        # issue 11: never store a guess
        ('ce log 0.001 "x"', "more than two decimals"),
        ('ce log 2 "Title" 2026-11-01 oops', "I don't know what oops means after the date"),
        ('ce log 1 "Journal" category=journal club', 'category="journal club"'),
        ('ce log 1 "' + "x" * 400 + '"', "That title is 400 characters; keep it to 300."),
        ("nudges on 25:00", "25:00 is not a time"),
        ("leaderboard decade", "Usage"),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_stored(
    services: Services, actor: Actor, command: str, fragment: str
) -> None:
    reply = await services.core.handle_text(actor, command)
    assert not reply.ok
    assert fragment in reply.text
    assert _ce_count(services) == 0
    assert services.tutor.member_row(actor).ce_passed_on is None
    # the default is not copied onto the member
    assert services.tutor.member_row(actor).timezone is None


async def test_ce_flow(services: Services, actor: Actor) -> None:
    d = services.core
    status = await d.handle_text(actor, "ce status")
    assert "ce setup" in status.text
    setup = await d.handle_text(actor, "ce setup 2016-04-10")
    assert setup.ok and "2025-01-01 to 2026-12-31" in setup.text
    logged = await d.handle_text(
        actor, 'ce log 1.5 "SIIM webinar on AI" 2026-02-01 category=webinar'
    )
    assert logged.ok and "1.5 of 24" in logged.text
    listing = await d.handle_text(actor, "ce list")
    assert "SIIM webinar on AI" in listing.text and "[webinar]" in listing.text
    entry_id = services.core.ce.entries(actor)[0].id
    other = Actor("test", "W1", "U9", "Bo")
    refused = await d.handle_text(other, f"ce delete {entry_id}")
    assert not refused.ok and _ce_count(services) == 1
    deleted = await d.handle_text(actor, f"ce delete {entry_id}")
    assert deleted.ok and _ce_count(services) == 0
    off = await d.handle_text(actor, "ce reminders off")
    assert off.ok and services.tutor.member_row(actor).ce_reminders is False


async def test_daily_is_admin_only(services: Services, actor: Actor) -> None:
    reply = await services.core.handle_text(actor, "daily here 09:00")
    assert not reply.ok and "admins" in reply.text


async def test_stats_and_streak_and_leaderboard_render(services: Services, actor: Actor) -> None:
    d = services.core
    quiz = await d.handle_text(actor, "quiz")
    await d.handle_click(actor, quiz.messages[0].buttons[1].action_id)
    stats = await d.handle_text(actor, "stats")
    assert "Weakest" in stats.text and "95% CI" in stats.text
    streak = await d.handle_text(actor, "streak")
    assert "1 day in a row" in streak.text
    board = await d.handle_text(actor, "leaderboard all here")
    assert "Ana" in board.text and "#ciip-study" in board.text
    with services.tutor.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == 1
        assert s.scalar(select(func.count()).select_from(Member)) == 1


async def test_terminal_colour_codes_are_dropped_and_single_letters_get_no_guess(
    services: Services, actor: Actor
) -> None:
    """Found in the fresh-clone trial: pasted `\\x1b[31mstats\\x1b[0m` was echoed as
    `[31mstats[0m`, and a stray `E` got "Did you mean me?"."""
    pasted = await services.core.handle_text(actor, "\x1b[31mstreak\x1b[0m")
    assert pasted.ok and "Your streak" in pasted.text, pasted.text
    stray = await services.core.handle_text(actor, "E")
    assert stray.text == "I don't know the command E. Try /ciip help."


async def test_ce_says_when_an_entry_does_not_count_and_when_setup_replaces(
    services: Services, actor: Actor
) -> None:
    """Issue 11: stored but not counted is said out loud, and so is a replaced pass date."""
    d = services.core
    today = services.clock.now().date()
    first = await d.handle_text(actor, "ce setup 2016-04-10")
    assert first.ok and "replaces" not in first.text
    again = await d.handle_text(actor, "ce setup 2016-05-10")
    assert "This replaces the date you gave before (2016-04-10)." in again.text
    before_pass = await d.handle_text(actor, 'ce log 1 "Old course" 2016-05-01')
    assert before_pass.ok and (
        "⚠️ Stored, but it does not count towards your period: it is dated before you passed "
        "(2016-05-10)." in before_pass.text
    )
    earlier_period = await d.handle_text(actor, f'ce log 1 "Last period" {today.year - 3}-06-01')
    assert "does not count towards your period: it falls outside your current period" in (
        earlier_period.text
    )
    counted = await d.handle_text(actor, f'ce log 1 "This period" {today.isoformat()}')
    assert counted.ok and "does not count" not in counted.text
    assert _ce_count(services) == 3


async def test_stats_right_after_a_miss_do_not_promise_full_recall(
    services: Services, actor: Actor
) -> None:
    """Issue 11 saw '0/1 ... recall 100%' right after a miss."""
    question = (await services.core.handle_text(actor, "quiz")).messages[0]
    qid = question.title.split(" · ")[1]
    key = services.tutor.bank.by_id[qid].key
    wrong = next(b for b in question.buttons if not b.action_id.endswith(f":{key}"))
    assert "Not quite" in (await services.core.handle_click(actor, wrong.action_id)).text
    stats = (await services.core.handle_text(actor, "stats")).text
    line = next(x for x in stats.splitlines() if "0 of 1 correct (" in x)
    recall = int(line.rsplit("recall tomorrow ", 1)[1].rstrip("%"))
    assert recall < 90, line
