"""The daily channel question through Slack: admin posting, private answers, live count,
reveal in the thread, and the admin gate."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.clock import FixedClock
from tests.slack.conftest import SlackHarness
from tests.slack.stand_in import Call


async def _post_daily(h: SlackHarness, user: str = "UADMIN") -> tuple[Call, int]:
    """`/ciip daily now` as an admin; returns the channel post and its daily post id."""
    _, key = await h.command("daily now", user=user)
    [reply] = await h.response(key)
    assert "Posted today's question here." in reply.params["text"]
    assert reply.params["response_type"] == "ephemeral"
    [post] = h.stand_in.calls_to("chat.postMessage")
    post_id = int(post.action_ids()[0].split(":")[2])
    return post, post_id


def _right_letter(h: SlackHarness, post_id: int) -> str:
    post = h.services.core.daily.get(post_id)
    assert post is not None
    return h.services.tutor.bank.by_id[post.question_id].key


async def test_admin_daily_now_posts_the_channel_question(slack_http: SlackHarness) -> None:
    h = slack_http
    post, post_id = await _post_daily(h)
    assert post.params["channel"] == "C1"
    assert post.token == "xoxb-1111-2222-test-bot-token"
    assert [a.rsplit(":", 1)[1] for a in post.action_ids()] == ["A", "B", "C", "D"]
    assert all(a.startswith(f"ciip:d:{post_id}:") for a in post.action_ids())
    assert "0 answered" in post.block_text()
    stored = h.services.core.daily.get(post_id)
    assert stored is not None and stored.status == "posted"
    assert stored.message_ref == f"C1:{post.response['ts']}"


async def test_daily_answers_are_private_and_counted_live(slack_http: SlackHarness) -> None:
    h = slack_http
    _, post_id = await _post_daily(h)
    right = _right_letter(h, post_id)
    _, key = await h.click(f"ciip:d:{post_id}:{right}", user="U1", ephemeral=False)
    [reply] = await h.response(key)
    assert reply.params["response_type"] == "ephemeral"
    assert reply.params["replace_original"] is False  # the channel message stays
    assert "Correct" in reply.block_text() and "Reference" in reply.block_text()
    [update] = await h.stand_in.wait_method("chat.update")
    assert update.params["channel"] == "C1"
    assert "1 answered" in update.block_text()
    assert update.action_ids()  # still answerable

    wrong = next(letter for letter in "ABCD" if letter != right)
    _, key = await h.click(f"ciip:d:{post_id}:{wrong}", user="U2", ephemeral=False)
    [reply] = await h.response(key)
    assert "Not quite" in reply.block_text()
    updates = await h.stand_in.wait_method("chat.update", count=2)
    assert "2 answered" in updates[1].block_text()


async def test_daily_double_click_counts_once_and_edits_once(slack_http: SlackHarness) -> None:
    h = slack_http
    _, post_id = await _post_daily(h)
    right = _right_letter(h, post_id)
    (_, first), (_, second) = await asyncio.gather(
        h.click(f"ciip:d:{post_id}:{right}", user="U1", ephemeral=False),
        h.click(f"ciip:d:{post_id}:{right}", user="U1", ephemeral=False),
    )
    [a] = await h.response(first)
    [b] = await h.response(second)
    assert sum("already answered" in c.block_text() for c in (a, b)) == 1
    tally = h.services.core.daily.tally(post_id)
    assert tally.answered == 1 and tally.correct == 1
    await h.slack.drain()
    updates = h.stand_in.calls_to("chat.update")
    assert len(updates) == 1
    assert "1 answered" in updates[0].block_text()


async def test_reveal_posts_answer_and_percentage_in_thread(
    slack_http: SlackHarness, clock: FixedClock
) -> None:
    h = slack_http
    post, post_id = await _post_daily(h)
    right = _right_letter(h, post_id)
    wrong = next(letter for letter in "ABCD" if letter != right)
    for user, letter in (("U1", right), ("U2", wrong)):
        _, key = await h.click(f"ciip:d:{post_id}:{letter}", user=user, ephemeral=False)
        await h.response(key)
    await h.slack.drain()
    clock.advance(timedelta(minutes=h.services.settings.daily_reveal_minutes + 1))
    assert await h.scheduler.runner.reveal_due() == 1
    stored = h.services.core.daily.get(post_id)
    assert stored is not None and stored.message_ref is not None
    ts = stored.message_ref.split(":", 1)[1]
    threaded = [c for c in h.stand_in.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert len(threaded) == 1 and threaded[0].params["thread_ts"] == ts
    assert "2 answered, 50% correct" in threaded[0].block_text()
    closed = h.stand_in.calls_to("chat.update")[-1]
    assert "closed" in closed.block_text() and closed.action_ids() == []

    # A late click is told the question is closed, and the message is not edited back.
    before = len(h.stand_in.calls_to("chat.update"))
    _, key = await h.click(f"ciip:d:{post_id}:{right}", user="U3", ephemeral=False)
    [late] = await h.response(key)
    assert "closed" in late.block_text()
    await h.slack.drain()
    assert len(h.stand_in.calls_to("chat.update")) == before
    assert post.params["channel"] == "C1"


async def test_member_without_admin_rights_is_refused_politely(slack_http: SlackHarness) -> None:
    h = slack_http
    for text in ("daily now", "daily here 09:00 Europe/Berlin", "daily off"):
        _, key = await h.command(text, user="U1")
        [reply] = await h.response(key)
        assert "for workspace admins" in reply.params["text"]
        assert reply.params["response_type"] == "ephemeral"
    assert h.stand_in.calls_to("chat.postMessage") == []
    assert h.services.core.daily.schedules("slack") == []
    assert len(h.stand_in.calls_to("users.info")) == 1  # cached per member


async def test_owner_may_schedule_the_channel(slack_http: SlackHarness) -> None:
    h = slack_http
    _, key = await h.command("daily here 09:00 Europe/Berlin weekdays", user="UOWNER")
    [reply] = await h.response(key)
    assert reply.params["response_type"] == "in_channel"
    assert (
        "Daily question scheduled here at 09:00 Europe/Berlin on weekdays" in reply.params["text"]
    )
    [schedule] = h.services.core.daily.schedules("slack")
    assert schedule.channel.external_id == "C1" and schedule.weekdays_only


async def test_rate_limited_post_is_retried_after_retry_after(slack_http: SlackHarness) -> None:
    h = slack_http
    h.stand_in.fail("chat.postMessage", status=429, times=1, retry_after="0")
    _, key = await h.command("daily now", user="UADMIN")
    [reply] = await h.response(key, timeout=10)
    assert "Posted today's question here." in reply.params["text"]
    attempts = h.stand_in.calls_to("chat.postMessage")
    assert len(attempts) == 2  # 429, then the same call again
    assert attempts[0].params["channel"] == attempts[1].params["channel"] == "C1"
    posts = h.services.core.daily.unrevealed()
    assert len(posts) == 1 and posts[0].message_ref is not None
