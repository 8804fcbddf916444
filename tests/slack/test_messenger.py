"""`SlackMessenger`, the scheduler's port, against the Web API stand-in."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers as retry_handlers

from bot.identity import Actor, Address, ChannelKey
from bot.messages import Button, Message
from tests.slack.conftest import BOT_TOKEN, SlackHarness, slack_actor


async def _channel(h: SlackHarness) -> ChannelKey:
    return await asyncio.to_thread(h.services.tutor.channel_key, slack_actor())


async def test_post_update_thread_and_dm(slack_http: SlackHarness) -> None:
    h = slack_http
    channel = await _channel(h)
    messenger = h.slack.messenger
    message = Message(title="Hello", body="a <b> & c", buttons=(Button("Go", "ciip:next"),))

    ref = await messenger.post(channel, message)
    [post] = h.stand_in.calls_to("chat.postMessage")
    assert ref == f"C1:{post.response['ts']}"
    assert post.token == BOT_TOKEN
    assert "a &lt;b&gt; &amp; c" in post.block_text()
    assert post.action_ids() == ["ciip:next"]

    await messenger.update(channel, ref, Message(body="edited"))
    [update] = h.stand_in.calls_to("chat.update")
    assert (update.params["channel"], update.params["ts"]) == tuple(ref.split(":", 1))
    assert "edited" in update.block_text()

    await messenger.reply_in_thread(channel, ref, Message(body="in thread"))
    threaded = h.stand_in.calls_to("chat.postMessage")[-1]
    assert threaded.params["thread_ts"] == ref.split(":", 1)[1]

    await messenger.send_dm(Address("slack", "T1", "U2"), Message(body="reminder"))
    [opened] = h.stand_in.calls_to("conversations.open")
    assert opened.params["users"] == "U2"
    dm = h.stand_in.calls_to("chat.postMessage")[-1]
    assert dm.params["channel"] == "DU2" and "reminder" in dm.block_text()


async def test_429_is_waited_out_then_succeeds(
    slack_http: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = slack_http
    channel = await _channel(h)
    waits: list[float] = []

    async def recorded_sleep(seconds: float) -> None:
        waits.append(seconds)  # the sleeper is injected: nothing waits a real second

    monkeypatch.setattr(retry_handlers, "asyncio", SimpleNamespace(sleep=recorded_sleep))
    h.stand_in.fail("chat.postMessage", status=429, times=1, retry_after="7")
    ref = await h.slack.messenger.post(channel, Message(body="after a rate limit"))
    calls = h.stand_in.calls_to("chat.postMessage")
    assert [c.response.get("status") for c in calls] == [429, None]
    assert ref == f"C1:{calls[1].response['ts']}"
    assert len(waits) == 1 and 7 <= waits[0] < 8  # Retry-After was honoured before the retry


async def test_persistent_429_surfaces_as_an_error(slack_http: SlackHarness) -> None:
    h = slack_http
    channel = await _channel(h)
    h.stand_in.fail("chat.update", status=429, times=3, retry_after="0")
    with pytest.raises(SlackApiError):
        await h.slack.messenger.update(channel, "C1:1.0", Message(body="x"))
    assert len(h.stand_in.calls_to("chat.update")) == 3  # first try + two retries


async def test_refuses_other_platforms_and_bad_refs(slack_http: SlackHarness) -> None:
    h = slack_http
    with pytest.raises(ValueError):
        await h.slack.messenger.send_dm(Address("discord", "G1", "U1"), Message(body="x"))
    channel = await _channel(h)
    with pytest.raises(ValueError):
        await h.slack.messenger.update(channel, "no-separator", Message(body="x"))
    discord_actor = Actor(platform="discord", workspace="G1", user="U1", channel="X1")
    other = await asyncio.to_thread(h.services.tutor.channel_key, discord_actor)
    with pytest.raises(LookupError):
        await h.slack.messenger.post(other, Message(body="x"))
    assert h.stand_in.calls_to("chat.postMessage") == []
