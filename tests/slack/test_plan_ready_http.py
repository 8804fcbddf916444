"""Exam date, plan and readiness through real signed Slack requests into the Bolt app."""

from __future__ import annotations

import asyncio

from tests.slack import payloads
from tests.slack.conftest import SlackHarness, slack_actor
from tests.slack.stand_in import Call

EXAM = "2026-04-13"  # six weeks after the test clock's Monday 2026-03-02


async def _say(h: SlackHarness, text: str) -> Call:
    sent, key = await h.command(text)
    assert sent.status == 200
    [reply] = await h.response(key, timeout=5)
    return reply


async def test_plan_then_answers_then_ready(slack_http: SlackHarness) -> None:
    h = slack_http
    plan = await _say(h, f"plan {EXAM}")
    assert plan.params["response_type"] == "ephemeral"
    text = plan.block_text()
    assert "42 days to go" in text and "Week 1" in text and "Week 6" in text
    assert "Image Management" in text and "/ciip exam start" in text
    assert "Daily target" in text

    for _ in range(3):
        quiz = await _say(h, "quiz")
        item = await asyncio.to_thread(h.services.tutor.open_question, slack_actor())
        assert item is not None
        _, key = await h.click(f"ciip:a:{item.issued_id}:{item.question.key}")
        await h.response(key)
        assert quiz.action_ids()

    again = (await _say(h, "plan")).block_text()
    assert "3 of " in again  # today's progress against the target

    ready = (await _say(h, "ready")).block_text()
    assert "correct on 2026-04-13" in ready and "80% band" in ready
    assert "scaled pass/fail" in ready and "not a prediction that you will pass" in ready
    assert ready.count("questions: +") >= 2  # three actions, each with its gain


async def test_bad_plan_date_is_refused_and_nothing_is_saved(slack_http: SlackHarness) -> None:
    h = slack_http
    for bad, words in (
        ("2020-01-01", "in the past"),
        ("2031-01-01", "two years"),
        ("2026-02-31", "not a calendar date"),
        ("soon", "YYYY-MM-DD"),
    ):
        reply = await _say(h, f"plan {bad}")
        assert words in reply.block_text()
    assert "no exam date yet" in (await _say(h, "plan")).block_text()


async def test_app_home_shows_readiness(slack_http: SlackHarness) -> None:
    h = slack_http
    await _say(h, f"plan {EXAM}")
    event = {
        "type": "app_home_opened",
        "user": "U1",
        "channel": "DU1",
        "tab": "home",
        "event_ts": "1700000000.000100",
    }
    sent = await h.post(payloads.event_callback(event, event_id="EvR"), content_type="json")
    assert sent.status == 200
    [publish] = await h.stand_in.wait_method("views.publish")
    view = Call("view", {"blocks": publish.params["view"]["blocks"]})
    text = view.block_text()
    assert "Exam readiness" in text and "80% band" in text and "Today's plan" in text
