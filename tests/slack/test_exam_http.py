"""The mock exam, charts and "my data" on Slack: signed requests into the real Bolt app, files
caught by the stand-in's files_upload_v2 endpoints, every block checked by slack_sdk's models."""

from __future__ import annotations

import asyncio
import json

from slack_sdk.models.blocks import Block

from bot.exam import ExamView
from tests.slack.conftest import SlackHarness, slack_actor
from tests.slack.stand_in import Call


def _valid_blocks(call: Call) -> None:
    for raw in call.blocks():
        block = Block.parse(raw)
        assert block is not None, raw
        block.validate_json()  # raises SlackObjectFormationError on a malformed block


async def test_short_exam_to_the_report_with_its_chart_uploaded(slack_http: SlackHarness) -> None:
    h = slack_http
    sent, key = await h.command("exam start short")
    assert sent.status == 200
    [question] = await h.response(key)
    _valid_blocks(question)
    assert question.params["response_type"] == "ephemeral"
    assert "Question 1 of 20 · 20 min left" in question.block_text()
    ids = question.action_ids()
    assert ids[:4] == [f"ciip:x:{ids[0].split(':')[2]}:0:{letter}" for letter in "ABCD"]
    assert any(i.endswith(":f") for i in ids) and any(i.endswith(":e") for i in ids)
    for position in range(20):
        step = await asyncio.to_thread(h.services.core.exams.status, slack_actor())
        assert isinstance(step, ExamView) and step.position == position
        _, key = await h.click(f"ciip:x:{step.exam_id}:{position}:{step.question.key}")
        [reply] = await h.response(key)
        _valid_blocks(reply)
        assert reply.params["replace_original"] is True
    text = reply.block_text()
    assert "Mock exam report (short)" in text and "20 of 20 (100%)" in text
    assert "% of the exam" in text
    uploads = await h.stand_in.wait_method("files.completeUploadExternal")
    [ask] = h.stand_in.calls_to("files.getUploadURLExternal")
    assert ask.params["filename"].endswith(".png") and "overall 100%" in ask.params["alt_txt"]
    [upload] = await h.stand_in.wait_method("upload")
    assert h.stand_in.uploads[upload.params["file_id"]].startswith(b"\x89PNG")
    assert uploads[0].params["channel_id"] == "DU1"  # private: into the member's DM


async def test_chart_command_uploads_a_png_with_alt_text(slack_http: SlackHarness) -> None:
    h = slack_http
    _, key = await h.command("chart progress")
    [reply] = await h.response(key)
    _valid_blocks(reply)
    assert "Your progress" in reply.block_text()
    [ask] = await h.stand_in.wait_method("files.getUploadURLExternal")
    assert ask.params["filename"] == "ciip-progress.png"
    assert "Line chart of weekly accuracy" in ask.params["alt_txt"]


async def test_my_data_only_in_a_dm(slack_http: SlackHarness) -> None:
    h = slack_http
    _, key = await h.command("me export")  # in channel C1
    [refused] = await h.response(key)
    assert "direct message" in refused.block_text()
    assert not h.stand_in.calls_to("files.getUploadURLExternal")
    _, key = await h.command("me export", channel="DU1", channel_name="directmessage")
    [reply] = await h.response(key)
    assert "Your data" in reply.block_text()
    [upload] = await h.stand_in.wait_method("upload")
    data = json.loads(h.stand_in.uploads[upload.params["file_id"]])
    assert data["member"]["external_id"] == "U1"
    _, key = await h.command("me delete", channel="DU1", channel_name="directmessage")
    [confirm] = await h.response(key)
    _valid_blocks(confirm)
    [button] = confirm.action_ids()
    _, key = await h.click(button, channel="DU1")
    [done] = await h.response(key)
    assert "records about you were deleted" in done.block_text()
