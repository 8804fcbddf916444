"""The mock exam, charts and "my data" on Discord: the real CommandTree and persistent views,
the PNG and JSON files checked in the multipart REST call."""

from __future__ import annotations

import json

from adapters.discord.bot import TutorBot
from bot.exam import ExamView
from bot.identity import Actor
from tests.discord.conftest import Harness
from tests.discord.payloads import GUILD_ID, click, slash

ANA = "400000000000000001"


def _ana() -> Actor:
    return Actor(platform="discord", workspace=GUILD_ID, user=ANA)


async def test_short_exam_through_buttons_ends_with_the_chart_in_the_embed(
    harness: Harness, bot: TutorBot
) -> None:
    [call] = await harness.interact(slash("exam start", {"length": "short"}))
    assert call.ephemeral and "Question 1 of 20 · 20 min left" in call.text
    assert call.custom_ids[:4] == [
        f"ciip:x:{call.custom_ids[0].split(':')[2]}:0:{letter}" for letter in "ABCD"
    ]
    message = harness.message_of(call, flags=64)
    for _ in range(20):
        step = bot.services.core.exams.status(_ana())
        assert isinstance(step, ExamView)
        custom_id = f"ciip:x:{step.exam_id}:{step.position}:{step.question.key}"
        [call] = await harness.interact(click(custom_id, message))
        message = harness.message_of(call, flags=64)
    # the last click edits the question into the report, with the chart attached
    assert "Mock exam report (short)" in call.text and "100%" in call.text
    [name] = call.files
    assert name.endswith(".png") and call.files[name].startswith(b"\x89PNG")
    [embed] = [e for e in call.embeds if "report" in (e.get("title") or "")]
    assert embed["image"]["url"] == f"attachment://{name}"
    [described] = call.data["attachments"]
    assert "overall 100%" in described["description"]


async def test_chart_and_my_data_commands_attach_files(harness: Harness, bot: TutorBot) -> None:
    [chart] = await harness.interact(slash("chart mastery"))
    assert chart.ephemeral and list(chart.files) == ["ciip-mastery.png"]
    [export] = await harness.interact(slash("me", {"data": "export"}))
    assert export.ephemeral
    data = json.loads(export.files["ciip-my-data.json"])
    assert data["member"]["external_id"] == ANA
    [asked] = await harness.interact(slash("me", {"data": "delete"}))
    [button] = asked.custom_ids
    [done] = await harness.interact(click(button, harness.message_of(asked, flags=64)))
    assert "deleted" in done.text
