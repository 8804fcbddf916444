"""App Home through signed Events API deliveries, including Slack's retried deliveries."""

from __future__ import annotations

import asyncio
from datetime import date

from tests.slack import payloads
from tests.slack.conftest import SlackHarness, slack_actor
from tests.slack.stand_in import Call


def _view(publish: Call) -> Call:
    """The published view's blocks, readable with the stand-in's helpers."""
    view = publish.params["view"]
    assert view["type"] == "home"
    return Call("view", {"blocks": view["blocks"]})


def _home_opened(user: str = "U1", tab: str = "home") -> dict[str, str]:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": "D" + user,
        "tab": tab,
        "event_ts": "1700000000.000100",
    }


async def test_home_tab_is_published(slack_http: SlackHarness) -> None:
    h = slack_http
    sent = await h.post(
        payloads.event_callback(_home_opened(), event_id="Ev1"), content_type="json"
    )
    assert sent.status == 200
    [publish] = await h.stand_in.wait_method("views.publish")
    assert publish.params["user_id"] == "U1"
    view = _view(publish)
    for expected in ("Your CIIP study", "Weakest domains", "not on the board yet", "CE tracking"):
        assert expected in view.block_text()
    assert view.action_ids() == ["ciip:next"]


async def test_retried_event_delivered_twice_publishes_once(slack_http: SlackHarness) -> None:
    h = slack_http
    body = payloads.event_callback(_home_opened(), event_id="Ev-retry")
    first = await h.post(body, content_type="json")
    retry = await h.post(
        body,
        content_type="json",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert first.status == retry.status == 200
    await h.stand_in.wait_method("views.publish")
    await h.slack.drain()
    assert len(h.stand_in.calls_to("views.publish")) == 1
    # A different event for the same member is new work, not a redelivery.
    await h.post(payloads.event_callback(_home_opened(), event_id="Ev-next"), content_type="json")
    await h.stand_in.wait_method("views.publish", count=2)


async def test_messages_tab_is_ignored(slack_http: SlackHarness) -> None:
    h = slack_http
    sent = await h.post(
        payloads.event_callback(_home_opened(tab="messages"), event_id="Ev2"), content_type="json"
    )
    assert sent.status == 200
    await h.slack.drain()
    assert h.stand_in.calls_to("views.publish") == []


async def test_home_shows_progress_rank_and_deadlines(slack_http: SlackHarness) -> None:
    h = slack_http
    tutor = h.services.tutor
    actor = slack_actor()
    for _ in range(3):
        item = await asyncio.to_thread(tutor.next_question, actor)
        assert item is not None
        wrong = next(letter for letter in "ABCD" if letter != item.question.key)
        await asyncio.to_thread(tutor.answer_issued, actor, item.issued_id, wrong)
    await asyncio.to_thread(h.services.core.ce.setup, actor, date(2024, 5, 1))
    await h.post(payloads.event_callback(_home_opened(), event_id="Ev3"), content_type="json")
    [publish] = await h.stand_in.wait_method("views.publish")
    view = _view(publish)
    text = view.block_text()
    assert "0 of 3 correct" in text
    assert "#1 of 1" in text
    assert "Next deadlines" in text and "annual renewal fee" in text
    ids = view.action_ids()
    assert ids[0] == "ciip:next"
    assert any(i.startswith("ciip:next:") for i in ids)  # practise a weak domain


async def test_quiz_me_from_home_arrives_as_a_dm(slack_http: SlackHarness) -> None:
    h = slack_http
    body = payloads.block_action("ciip:next", response_url=None, from_view=True)
    sent = await h.post(body)
    assert sent.status == 200
    [opened] = await h.stand_in.wait_method("conversations.open")
    assert opened.params["users"] == "U1"
    [dm] = await h.stand_in.wait_method("chat.postMessage")
    assert dm.params["channel"] == "DU1"
    ids = dm.action_ids()
    assert len(ids) == 4 and all(i.startswith("ciip:a:") for i in ids)
