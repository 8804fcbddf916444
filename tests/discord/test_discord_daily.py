"""The daily question on Discord: posted by the real scheduler through the Discord messenger,
answered once per member with buttons, revealed with the percentage correct, then closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from adapters.discord.bot import TutorBot
from adapters.discord.runner import attach_scheduler
from adapters.services import Services
from bot.clock import FixedClock
from bot.storage.models import DailyPost
from scheduler.service import DailyScheduler
from tests.discord.conftest import Harness
from tests.discord.payloads import CHANNEL_ID, bot_message, click, slash
from tests.discord.standin import Call, DiscordStandIn

BO = "400000000000000002"


@pytest.fixture
def scheduler(bot: TutorBot, services: Services) -> DailyScheduler:
    attach_scheduler(bot, services)
    control = services.core.daily_control
    assert isinstance(control, DailyScheduler)
    return control


async def _post_daily(harness: Harness, standin: DiscordStandIn) -> tuple[DailyPost, Call]:
    await harness.interact(slash("daily here", {"time": "09:00", "timezone": "UTC"}, admin=True))
    [reply] = await harness.interact(slash("daily now", admin=True))
    assert "Posted today's question here." in reply.text
    [posted] = standin.matching("POST", f"/channels/{CHANNEL_ID}/messages")
    with harness.bot.services.tutor.db.session() as s:
        post = s.scalars(select(DailyPost)).one()
    return post, posted


async def test_daily_now_posts_the_question_with_buttons_in_the_channel(
    harness: Harness, standin: DiscordStandIn, scheduler: DailyScheduler
) -> None:
    post, posted = await _post_daily(harness, standin)

    assert post.status == "posted" and post.message_ref is not None
    assert posted.custom_ids == [f"ciip:d:{post.id}:{letter}" for letter in "ABCD"]
    assert not posted.ephemeral
    assert posted.embeds[0]["title"].startswith("Daily question")
    assert "0 answered" in posted.embeds[0]["footer"]["text"]


async def test_each_member_counts_once_and_the_count_updates(
    harness: Harness, standin: DiscordStandIn, scheduler: DailyScheduler, bot: TutorBot
) -> None:
    post, posted = await _post_daily(harness, standin)
    message = bot_message(posted.data, message_id=post.message_ref)
    key = bot.services.tutor.bank.by_id[post.question_id].key

    [first] = await harness.interact(click(f"ciip:d:{post.id}:{key}", message))
    [again] = await harness.interact(click(f"ciip:d:{post.id}:{key}", message))

    assert first.body["type"] == 4 and first.ephemeral  # only the member sees their result
    assert first.embeds[0]["description"].startswith("✅ Correct!")
    assert "your first answer counts" in again.embeds[0]["footer"]["text"]
    assert bot.handlers.core.daily.tally(post.id).answered == 1
    edits = standin.matching("PATCH", f"/channels/{CHANNEL_ID}/messages/{post.message_ref}")
    assert edits, "the channel's question shows the live count"
    assert "1 answered" in edits[-1].embeds[0]["footer"]["text"]
    assert edits[-1].custom_ids == posted.custom_ids  # buttons stay while it is open


async def test_reveal_posts_answer_and_percentage_then_closes(
    harness: Harness,
    standin: DiscordStandIn,
    scheduler: DailyScheduler,
    bot: TutorBot,
    clock: FixedClock,
) -> None:
    post, posted = await _post_daily(harness, standin)
    message = bot_message(posted.data, message_id=post.message_ref)
    question = bot.services.tutor.bank.by_id[post.question_id]
    wrong = next(letter for letter in "ABCD" if letter != question.key)
    await harness.interact(click(f"ciip:d:{post.id}:{question.key}", message))
    await harness.interact(click(f"ciip:d:{post.id}:{wrong}", message, user=BO, name="Bo"))

    clock.advance(hours=9)
    assert await scheduler.runner.reveal_due() == 1

    reply = standin.matching("POST", f"/channels/{CHANNEL_ID}/messages")[-1]
    assert str(reply.body["message_reference"]["message_id"]) == post.message_ref
    assert f"Answer: {question.key}) {question.options[question.key]}" in reply.text
    assert "2 answered, 50% correct." in reply.text
    closed = standin.matching("PATCH", f"/channels/{CHANNEL_ID}/messages/{post.message_ref}")[-1]
    assert closed.custom_ids == []  # no buttons on a closed question
    assert "closed" in closed.embeds[0]["title"]

    # A member whose Discord still shows the old buttons clicks one.
    [late] = await harness.interact(
        click(f"ciip:d:{post.id}:A", message, user="400000000000000003", name="Cy")
    )
    assert late.ephemeral and "This daily question is closed" in late.text
    assert bot.handlers.core.daily.tally(post.id).answered == 2


async def test_daily_now_twice_posts_once(
    harness: Harness, standin: DiscordStandIn, scheduler: DailyScheduler, clock: FixedClock
) -> None:
    await _post_daily(harness, standin)
    clock.advance(timedelta(minutes=5))
    [again] = await harness.interact(slash("daily now", admin=True))

    assert "already posted" in again.text
    assert len(standin.matching("POST", f"/channels/{CHANNEL_ID}/messages")) == 1


async def test_daily_now_without_a_scheduler_says_so(harness: Harness) -> None:
    [call] = await harness.interact(slash("daily now", admin=True))
    assert "needs the scheduler" in call.text and call.ephemeral
