"""Personal quizzes through real signed HTTP requests into the real Bolt app."""

from __future__ import annotations

import asyncio

from tests.slack.conftest import SlackHarness, slack_actor


async def _question(h: SlackHarness, user: str = "U1") -> tuple[int, str, list[str]]:
    """Ask `/ciip quiz`; returns (issued id, correct letter, the button action ids)."""
    sent, key = await h.command("quiz", user=user)
    assert sent.status == 200
    [reply] = await h.response(key, timeout=3)
    ids = reply.action_ids()
    issued = int(ids[0].split(":")[2])
    item = await asyncio.to_thread(h.services.tutor.open_question, slack_actor(user))
    assert item is not None and item.issued_id == issued
    return issued, item.question.key, ids


async def test_quiz_is_answered_in_the_ack_with_buttons(slack_http: SlackHarness) -> None:
    h = slack_http
    sent, key = await h.command("quiz")
    assert sent.status == 200
    [reply] = await h.response(key, timeout=3.0)
    assert reply.headers["via"] == "ack"  # one round trip: the question is the ack's body
    assert h.stand_in.calls_to("response_url") == [reply]
    assert reply.params["response_type"] == "ephemeral"
    ids = reply.action_ids()
    assert [i.rsplit(":", 1)[1] for i in ids] == ["A", "B", "C", "D"]
    assert all(i.startswith("ciip:a:") for i in ids)
    text = reply.block_text()
    assert "*A)*" in text and "*D)*" in text
    assert reply.params["text"]  # notification fallback


async def test_click_replaces_question_with_explanation(slack_http: SlackHarness) -> None:
    h = slack_http
    issued, right, _ = await _question(h)
    sent, key = await h.click(f"ciip:a:{issued}:{right}")
    assert sent.status == 200
    [outcome] = await h.response(key)
    assert outcome.params["replace_original"] is True
    text = outcome.block_text()
    assert "Correct" in text
    assert "Why" in text and "Reference" in text
    assert "Streak: 1 day" in text
    next_id, report_id = outcome.action_ids()
    assert next_id == "ciip:next" and report_id.startswith("ciip:rep:")


async def test_wrong_answer_names_the_right_option(slack_http: SlackHarness) -> None:
    h = slack_http
    issued, right, _ = await _question(h)
    wrong = next(letter for letter in "ABCD" if letter != right)
    _, key = await h.click(f"ciip:a:{issued}:{wrong}")
    [outcome] = await h.response(key)
    text = outcome.block_text()
    assert "Not quite" in text
    assert f"The answer is *{right})" in text
    assert f"You chose {wrong})" in text


async def test_double_click_counts_once(slack_http: SlackHarness) -> None:
    h = slack_http
    issued, right, _ = await _question(h)
    wrong = next(letter for letter in "ABCD" if letter != right)
    (_, first), (_, second) = await asyncio.gather(
        h.click(f"ciip:a:{issued}:{right}"), h.click(f"ciip:a:{issued}:{wrong}")
    )
    [a] = await h.response(first)
    [b] = await h.response(second)
    texts = [a.block_text(), b.block_text()]
    assert sum("already answered" in t for t in texts) == 1
    skills = await asyncio.to_thread(h.services.tutor.skills, slack_actor())
    assert sum(k.answered for k in skills) == 1
    current, _, _ = await asyncio.to_thread(h.services.tutor.streak, slack_actor())
    assert current == 1


async def test_next_question_comes_as_a_new_ephemeral(slack_http: SlackHarness) -> None:
    h = slack_http
    issued, right, _ = await _question(h)
    _, key = await h.click(f"ciip:a:{issued}:{right}")
    await h.response(key)
    _, key = await h.click("ciip:next")
    [nxt] = await h.response(key)
    assert nxt.params["replace_original"] is False
    assert nxt.params["response_type"] == "ephemeral"
    ids = nxt.action_ids()
    assert len(ids) == 4 and int(ids[0].split(":")[2]) != issued


async def test_someone_elses_question_is_refused_without_replacing(
    slack_http: SlackHarness,
) -> None:
    h = slack_http
    issued, right, _ = await _question(h, user="U1")
    _, key = await h.click(f"ciip:a:{issued}:{right}", user="U2")
    [reply] = await h.response(key)
    assert reply.params["replace_original"] is False
    assert "someone else's" in reply.block_text()
    item = await asyncio.to_thread(h.services.tutor.open_question, slack_actor("U1"))
    assert item is not None and item.issued_id == issued  # still open for its owner


async def test_stale_button_gets_a_friendly_message(slack_http: SlackHarness) -> None:
    h = slack_http
    _, key = await h.click("ciip:old-format:7")
    [reply] = await h.response(key)
    assert "older version" in reply.block_text()
    assert reply.params["replace_original"] is False


async def test_every_core_subcommand_answers(slack_http: SlackHarness) -> None:
    h = slack_http
    expectations = {
        "help": "/ciip quiz",
        "stats": "Your CIIP domains",
        "streak": "Your streak",
        "leaderboard": "Leaderboard",
        "leaderboard month here": "#ciip-study",
        "ce": "CE tracking",
        "ce setup 2024-05-01": "Noted: you passed on 2024-05-01",
        'ce log 1.5 "SIIM webinar"': "SIIM webinar",
        "ce list": "CE log",
        "ce reminders off": "CE reminders are off",
        "timezone Europe/Berlin": "Timezone set to Europe/Berlin",
        "nudges on 08:30": "nudge you at 08:30",
        "quiz image": "Answer with a button",
        "frobnicate": "I don't know the command",
    }
    for text, expected in expectations.items():
        _, key = await h.command(text)
        [reply] = await h.response(key)
        assert expected in reply.block_text() or expected in reply.params["text"], text


async def test_help_hides_admin_commands_from_members(slack_http: SlackHarness) -> None:
    h = slack_http
    _, member_key = await h.command("help", user="U1")
    _, admin_key = await h.command("help", user="UADMIN")
    [member] = await h.response(member_key)
    [admin] = await h.response(admin_key)
    assert "/ciip daily" not in member.params["text"]
    assert "/ciip daily" in admin.params["text"]


async def test_health_check(slack_http: SlackHarness) -> None:
    async with slack_http.http.get(slack_http.url + "/healthz") as r:
        assert r.status == 200
        assert (await r.json()) == {"ok": True, "mode": "single-workspace"}
