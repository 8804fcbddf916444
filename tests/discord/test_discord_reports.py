"""Report this question through discord.py's real command tree and view store: the Report
button on the verdict, the private reason picker, a second report counted once, `/ciip report`
and the admins' `/ciip reports`."""

from __future__ import annotations

from sqlalchemy import func, select

from adapters.discord.bot import TutorBot
from bot.identity import Actor
from bot.storage.models import Issued, QuestionReport
from tests.discord.conftest import Harness
from tests.discord.payloads import GUILD_ID, click, slash

OTHER = "400000000000000002"


def _reports(bot: TutorBot) -> int:
    with bot.services.tutor.db.session() as s:
        return s.scalar(select(func.count()).select_from(QuestionReport)) or 0


async def _verdict(harness: Harness) -> tuple[str, dict]:  # type: ignore[type-arg]
    """Quiz and answer; the question id and the verdict message as Discord shows it."""
    [asked] = await harness.interact(slash("quiz"))
    issued_id = int(asked.custom_ids[0].split(":")[2])
    with harness.bot.services.tutor.db.session() as s:
        issued = s.get(Issued, issued_id)
        assert issued is not None
    [answered] = await harness.interact(click(asked.custom_ids[0], harness.message_of(asked)))
    assert answered.custom_ids == ["ciip:next", f"ciip:rep:{issued.question_id}"]
    return issued.question_id, harness.message_of(answered, flags=64)


async def test_report_button_picker_and_a_second_click(harness: Harness, bot: TutorBot) -> None:
    qid, verdict = await _verdict(harness)
    [picker] = await harness.interact(click(f"ciip:rep:{qid}", verdict))
    assert picker.body["type"] == 4 and picker.ephemeral  # a new private message
    assert picker.custom_ids == [
        f"ciip:rep:{qid}:{r}" for r in ("wrong-key", "unclear", "outdated", "typo")
    ]
    assert f"/ciip report {qid}" in picker.text
    shown = harness.message_of(picker, flags=64)

    [sent] = await harness.interact(click(f"ciip:rep:{qid}:typo", shown))
    assert sent.body["type"] == 7  # the picker becomes the confirmation
    assert "reported as typo" in sent.text and sent.custom_ids == []
    [again] = await harness.interact(click(f"ciip:rep:{qid}:typo", shown))
    assert "already reported" in again.text
    assert _reports(bot) == 1


async def test_slash_report_and_the_admin_queue(harness: Harness, bot: TutorBot) -> None:
    qid, verdict = await _verdict(harness)
    [picker] = await harness.interact(click(f"ciip:rep:{qid}", verdict))
    shown = harness.message_of(picker, flags=64)
    await harness.interact(click(f"ciip:rep:{qid}:wrong-key", shown))
    q = bot.services.tutor.bank.by_id[qid]
    other = Actor("discord", GUILD_ID, OTHER, "Ben")
    bot.services.tutor.submit_answer(other, qid, q.key, idempotency_key="ben")
    [typed] = await harness.interact(
        slash(
            "report",
            {"question": qid.lower(), "reason": "other", "note": "reference is superseded"},
            user=OTHER,
            name="Ben",
        )
    )
    assert typed.ephemeral and "reported as other" in typed.text

    [refused] = await harness.interact(slash("reports list"))
    assert refused.ephemeral and "for workspace admins" in refused.text
    [queue] = await harness.interact(slash("reports list", admin=True))
    assert queue.ephemeral and f"{qid}**: 2 members" in queue.text and "withheld" in queue.text
    assert "reference is superseded" in queue.text

    [retired] = await harness.interact(slash("reports retire", {"question": qid}, admin=True))
    assert "won't be asked in this workspace again" in retired.text
    with bot.services.tutor.db.session() as s:
        states = set(s.scalars(select(QuestionReport.state)))
    assert states == {"retired"}
