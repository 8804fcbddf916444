"""Report this question through the Teams SDK's real endpoint and the stand-in: the Report
button on the verdict card, the reason picker in the personal chat, a second report counted
once, the typed form, and a team owner's `reports` queue."""

from __future__ import annotations

import asyncio

from bot.identity import Actor
from tests.teams import activities as A
from tests.teams.conftest import TeamsHarness
from tests.teams.standin import card_text


async def _verdict(h: TeamsHarness) -> tuple[str, list[str]]:
    """ana asks for a question and clicks A; the question id and the verdict's action ids."""
    await h.send(A.message(h.service_url, "ciip quiz"))
    question = h.standin.sends()[-1]
    item = await asyncio.to_thread(
        h.services.tutor.open_question, Actor("teams", A.TENANT, "aad-0000-ana")
    )
    assert item is not None
    sent = await h.send(
        A.card_action(h.service_url, question.action_ids()[0], reply_to=question.extra["id"])
    )
    actions = [a["data"]["action_id"] for a in sent.json()["value"]["actions"]]
    return item.question.id, actions


async def test_report_button_picker_and_duplicate(teams: TeamsHarness) -> None:
    h = teams
    qid, actions = await _verdict(h)
    assert actions == ["ciip:next", f"ciip:rep:{qid}"]

    sent = await h.send(A.card_action(h.service_url, f"ciip:rep:{qid}"))
    assert sent.json()["type"] == "application/vnd.microsoft.activity.message"
    picker = h.standin.sends()[-1]  # a new card in ana's personal chat
    assert picker.conversation == "a:1personal-ana"
    assert picker.action_ids() == [
        f"ciip:rep:{qid}:{r}" for r in ("wrong-key", "unclear", "outdated", "typo")
    ]
    assert f"/ciip report {qid}" in picker.text()

    done = await h.send(
        A.card_action(h.service_url, f"ciip:rep:{qid}:outdated", reply_to=picker.extra["id"])
    )
    body = done.json()
    assert body["type"] == "application/vnd.microsoft.card.adaptive"  # the picker is replaced
    assert "reported as outdated" in card_text(body["value"])
    again = await h.send(
        A.card_action(h.service_url, f"ciip:rep:{qid}:outdated", reply_to=picker.extra["id"])
    )
    assert "already reported" in card_text(again.json()["value"])
    assert len(h.services.core.reports.queue(Actor("teams", A.TENANT, "x")).items) == 1


async def test_typed_report_and_the_owner_queue(teams: TeamsHarness) -> None:
    h = teams
    qid, _ = await _verdict(h)
    await h.send(A.card_action(h.service_url, f"ciip:rep:{qid}:wrong-key"))
    q = h.services.core.ctx.catalog.get(qid)
    assert q is not None
    ben = Actor("teams", A.TENANT, "aad-0000-ben")
    await asyncio.to_thread(h.services.tutor.submit_answer, ben, qid, q.key, "ben-1")
    await h.send(A.message(h.service_url, f"ciip report {qid} wrong-key", user="ben"))
    assert "reported as wrong key" in h.standin.sends()[-1].text()

    await h.send(A.message(h.service_url, "ciip reports"))  # ana is not an owner
    assert "for workspace admins" in h.standin.sends()[-1].text()

    mark = h.standin.mark()
    await h.send(A.message(h.service_url, "reports", user="owner", where="channel"))
    texts = [c.text() for c in h.standin.since(mark) if c.method == "POST" and c.text()]
    queue = next(t for t in texts if "Reported questions" in t)
    assert f"**{qid}**: 2 members (wrong key 2) · withheld" in queue

    mark = h.standin.mark()
    await h.send(A.message(h.service_url, f"reports clear {qid}", user="owner", where="channel"))
    texts = [c.text() for c in h.standin.since(mark) if c.method == "POST"]
    assert any("back in rotation" in t for t in texts)
