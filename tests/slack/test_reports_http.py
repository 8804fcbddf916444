"""Report this question through real signed Slack requests: the Report button on the verdict,
the reason picker, a double report counted once, and the admins' `/ciip reports`."""

from __future__ import annotations

import asyncio

from bot.actions import report_question
from tests.slack.conftest import SlackHarness, slack_actor


async def _answered(h: SlackHarness, user: str = "U1") -> tuple[str, list[str]]:
    """`/ciip quiz` and a click on A; returns the question id and the verdict's action ids."""
    _, key = await h.command("quiz", user=user)
    [question] = await h.response(key)
    item = await asyncio.to_thread(h.services.tutor.open_question, slack_actor(user))
    assert item is not None
    _, key = await h.click(question.action_ids()[0], user=user)
    [verdict] = await h.response(key)
    assert verdict.params["replace_original"] is True
    return item.question.id, verdict.action_ids()


async def test_report_button_picker_and_duplicate(slack_http: SlackHarness) -> None:
    h = slack_http
    qid, ids = await _answered(h)
    assert ids == ["ciip:next", f"ciip:rep:{qid}"]

    _, key = await h.click(ids[1])
    [picker] = await h.response(key)
    assert picker.params["replace_original"] is False  # the verdict stays; the picker is new
    assert picker.params["response_type"] == "ephemeral"
    assert picker.action_ids() == [
        f"ciip:rep:{qid}:{reason}" for reason in ("wrong-key", "unclear", "outdated", "typo")
    ]
    assert f"/ciip report {qid} " in picker.block_text()

    _, key = await h.click(f"ciip:rep:{qid}:unclear")
    [done] = await h.response(key)
    assert done.params["replace_original"] is True
    assert "reported as unclear" in done.block_text()
    _, key = await h.click(f"ciip:rep:{qid}:unclear")
    [twice] = await h.response(key)
    assert "already reported" in twice.block_text()


async def test_two_members_withhold_and_admin_clears(slack_http: SlackHarness) -> None:
    h = slack_http
    qid, _ = await _answered(h, "U1")
    q = h.services.core.ctx.catalog.get(qid)
    assert q is not None
    await asyncio.to_thread(h.services.tutor.submit_answer, slack_actor("U2"), qid, q.key, "k2")
    _, key = await h.click(report_question(qid, "wrong-key"), user="U1")
    await h.response(key)
    _, key = await h.command(f"report {qid} other the key should be C", user="U2")
    [typed] = await h.response(key)
    assert "reported as other" in typed.block_text()

    _, key = await h.command("reports", user="U1")
    [refused] = await h.response(key)
    assert "for workspace admins" in refused.params["text"]

    _, key = await h.command("reports", user="UADMIN")
    [queue] = await h.response(key)
    text = queue.block_text()
    assert f"*{qid}*: 2 members" in text and "withheld" in text
    assert "the key should be C" in text

    _, key = await h.command(f"reports clear {qid}", user="UADMIN")
    [cleared] = await h.response(key)
    assert "back in rotation" in cleared.block_text()
