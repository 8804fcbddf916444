"""Charts: real PNGs at phone width with alt text that names every number, from the core's
commands and the weekly digest."""

from __future__ import annotations

import struct
from datetime import timedelta

from adapters.services import Services
from bot.events import Tick, TickKind
from bot.identity import Actor
from bot.messages import Attachment
from question_bank.blueprint import DOMAINS
from tests.helpers import RecordingMessenger, make_actor


def _size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


async def _answer(services: Services, actor: Actor, right: bool) -> None:
    await services.core.handle_text(actor, "quiz")
    item = services.core.quiz.open_question(actor)
    assert item is not None
    letter = item.question.key if right else ("A" if item.question.key != "A" else "B")
    await services.core.handle_click(actor, f"ciip:a:{item.issued_id}:{letter}")


def _image(result_messages: list) -> Attachment:  # type: ignore[type-arg]
    [attachment] = [a for m in result_messages for a in m.attachments]
    return attachment


async def test_mastery_chart_is_640_wide_and_its_alt_text_names_every_domain(
    services: Services, actor: Actor
) -> None:
    await _answer(services, actor, right=True)
    await _answer(services, actor, right=False)
    result = await services.core.handle_text(actor, "chart")  # mastery is the default
    image = _image(result.messages)
    assert _size(image.data)[0] == 640 and image.mime == "image/png"
    for d in DOMAINS:
        assert f"{d.letter} {d.name} (weight {d.weight:.0%})" in image.alt
    assert "interval" in image.alt and "recall" in image.alt


async def test_progress_chart_counts_this_week(services: Services, actor: Actor) -> None:
    for right in (True, True, False):
        await _answer(services, actor, right)
    result = await services.core.handle_text(actor, "chart progress")
    image = _image(result.messages)
    assert _size(image.data)[0] == 640
    assert "3 answered, 67% correct" in image.alt
    assert image.alt.count("week of") == 12


async def test_progress_chart_shows_readiness_growing_week_by_week(
    services: Services, actor: Actor
) -> None:
    """Readiness per week comes from the answers up to that week's end: none before the first
    answer, and more right answers the next week raise it."""
    await _answer(services, actor, right=False)
    services.clock.advance(timedelta(weeks=1))  # type: ignore[attr-defined]
    for _ in range(6):
        await _answer(services, actor, right=True)
    weeks = services.core.progress.weekly(actor)
    assert [w.readiness for w in weeks[:10]] == [None] * 10
    before, after = weeks[-2].readiness, weeks[-1].readiness
    assert before is not None and after is not None and after > before
    result = await services.core.handle_text(actor, "chart progress")
    image = _image(result.messages)
    assert f"readiness {before:.0f}%" in image.alt and f"readiness {after:.0f}%" in image.alt
    assert "not a pass prediction" in result.text


async def test_group_picture_in_the_weekly_digest_and_on_request(
    services: Services, actor: Actor
) -> None:
    core = services.core
    messenger = RecordingMessenger()
    core.attach(messenger=messenger)
    for user in ("U1", "U2"):
        await _answer(services, make_actor(user), right=user == "U1")
    result = await core.handle_text(actor, "chart group")
    image = _image(result.messages)
    assert "2 (2 answers)" in image.alt and not result.messages[0].private
    with core.ctx.work() as u:
        channel_id = u.channel(actor)
    assert channel_id is not None
    await core.handle(Tick(TickKind.DIGEST_DUE, channel_id=channel_id))
    pictures = [m for _, m in messenger.posts if m.attachments]
    assert len(pictures) == 1 and _size(pictures[0].attachments[0].data)[1] == 640


async def test_group_chart_needs_a_channel(services: Services) -> None:
    result = await services.core.handle_text(make_actor("U5", channel=None), "chart group")
    assert not result.ok and "channel" in result.text
