"""The issue's recorded session, through the SDK's real HTTP endpoint and the stand-in:
install in a team -> `ciip help` -> `ciip quiz` in personal chat -> click an answer (the card is
replaced with the verdict and explanation) -> an owner schedules the daily question -> the
scheduler posts it proactively -> two members answer -> the count updates -> the reveal goes in
the thread -> a CE reminder arrives by personal message."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FixedClock
from bot.conversation_refs import CHANNEL, PERSONAL, TEAM, ConversationBook
from bot.daily_posting import PostStatus
from bot.events import Tick, TickKind
from tests.teams import activities as A
from tests.teams.conftest import TeamsHarness
from tests.teams.standin import card_text


def _right(h: TeamsHarness, post_id: int) -> str:
    post = h.services.core.daily.get(post_id)
    assert post is not None
    return h.services.core.ctx.catalog.bank.by_id[post.question_id].key


async def test_recorded_session(teams: TeamsHarness, clock: FixedClock) -> None:
    h = teams
    svc = h.service_url
    core = h.services.core
    book = ConversationBook(core.ctx.db)

    # 1. The app is added to a team: the channel and team conversations are stored.
    assert (await h.send(A.bot_added_to_team(svc))).status_code == 200
    channel_ref = book.find("teams", A.TENANT, CHANNEL, A.CHANNEL)
    assert channel_ref is not None and channel_ref.service_url == svc
    assert book.find("teams", A.TENANT, TEAM, A.TEAM) is not None
    assert h.standin.sends() == []  # installing says nothing by itself

    # 2. `ciip help` in personal chat: the core's help, as a card, in that chat.
    assert (await h.send(A.message(svc, "ciip help"))).status_code == 200
    [help_card] = h.standin.sends()
    assert help_card.conversation == "a:1personal-ana"
    assert "quiz" in help_card.text() and help_card.token  # sent with the bot's token
    assert book.find("teams", A.TENANT, PERSONAL, "aad-0000-ana") is not None

    # 3. `ciip quiz`: a question card with four Action.Execute buttons.
    await h.send(A.message(svc, "ciip quiz"))
    question = h.standin.sends()[-1]
    assert [a.rsplit(":", 1)[1] for a in question.action_ids()] == ["A", "B", "C", "D"]
    assert all(a["type"] == "Action.Execute" for a in question.card()["actions"])

    # 4. Click an answer: the invoke's response is the replacement card (verdict, explanation).
    sent = await h.send(A.card_action(svc, question.action_ids()[0], reply_to=question.extra["id"]))
    assert sent.status_code == 200
    body = sent.json()
    assert body["statusCode"] == 200
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    verdict = card_text(body["value"])
    assert ("Correct" in verdict or "Not quite" in verdict) and "Reference" in verdict
    next_id, report_id = (a["data"]["action_id"] for a in body["value"]["actions"])
    assert next_id == "ciip:next" and report_id.startswith("ciip:rep:")

    # 5. The team owner schedules the daily question in the channel (roster says owner).
    before = len(h.standin.sends())
    await h.send(A.message(svc, "daily here 09:00 UTC everyday", user="owner", where="channel"))
    assert any(c.path.endswith("/members/29:1olga-owner") for c in h.standin.of("GET"))
    reply = h.standin.sends()[before]
    assert reply.conversation == A.CHANNEL and "Daily question scheduled here" in reply.text()
    [schedule] = core.daily.schedules("teams")
    assert schedule.channel.external_id == A.CHANNEL

    # 6. The daily tick fires at 09:00 the next day and posts to the channel, proactively.
    clock.advance(timedelta(hours=18, minutes=1))  # 2026-03-03 09:01 UTC
    cid = schedule.channel.channel_id
    tick = Tick(TickKind.DAILY_DUE, channel_id=cid, platform="teams")
    result = await core.ticks.fire_channel(cid, tick)
    assert result is not None and result.status is PostStatus.POSTED
    daily = h.standin.sends()[-1]
    assert daily.conversation == A.CHANNEL and "0 answered" in daily.text()
    post_id = int(daily.action_ids()[0].split(":")[2])
    ref = daily.extra["id"]

    # 7. Two members answer in the channel: private verdicts, one live count edit each.
    right = _right(h, post_id)
    wrong = next(letter for letter in "ABCD" if letter != right)
    for user, letter, count in (("ana", right, 1), ("ben", wrong, 2)):
        mark = h.standin.mark()
        response = await h.send(
            A.card_action(
                svc, f"ciip:d:{post_id}:{letter}", user=user, where="channel", reply_to=ref
            )
        )
        assert response.status_code == 200
        assert response.json()["type"] == "application/vnd.microsoft.activity.message"
        calls = h.standin.since(mark)
        dm = [c for c in calls if c.method == "POST" and "personal" in c.path]
        assert dm and ("Correct" in dm[-1].text() or "Not quite" in dm[-1].text())
        [edit] = [c for c in calls if c.method == "PUT"]
        assert edit.path.endswith(f"/activities/{ref}") and f"{count} answered" in edit.text()
    assert h.standin.of("POST", "/v3/conversations")  # ben's personal chat was created

    tally = core.daily.tally(post_id)
    assert (tally.answered, tally.correct) == (2, 1)

    # 8. The reveal: a reply in the post's thread, and the card closed.
    clock.advance(timedelta(minutes=h.services.settings.daily_reveal_minutes + 1))
    assert [p.id for p in core.daily.reveal_due(clock.now())] == [post_id]
    assert await core.posting.reveal_due() == 1
    thread = h.standin.sends()[-1]
    assert thread.conversation == f"{A.CHANNEL};messageid={ref}"
    assert "2 answered, 50% correct" in thread.text()
    closed = h.standin.updates()[-1]
    assert "closed" in closed.text() and closed.action_ids() == []

    # 9. A CE reminder arrives by personal message (passed 2024: the first period ends 2026-12-31).
    await h.send(A.message(svc, "ce setup 2024-04-01"))
    clock.advance(timedelta(days=273))  # 2026-12-01: 30 days before the period ends
    mark = h.standin.mark()
    assert await core.sweeps.ce_reminders("teams") >= 1
    reminders = [c for c in h.standin.since(mark) if c.method == "POST"]
    assert reminders and reminders[0].conversation == "a:1personal-ana"
    assert "reminder" in reminders[0].text().lower()
