"""Where replies go: a personal quiz typed in a channel goes to the member's personal chat and
the channel gets the core's notice; a group chat mention works; an `Action.Submit` click (an
older client) replaces the card by a PUT of the clicked activity; members never reached get none."""

from __future__ import annotations

from bot.conversation_refs import PERSONAL, ConversationBook
from bot.identity import Address
from bot.messages import Message
from tests.teams import activities as A
from tests.teams.conftest import TeamsHarness


async def test_channel_quiz_goes_to_personal_chat_with_a_notice(teams: TeamsHarness) -> None:
    h = teams
    await h.send(A.installed_personally(h.service_url, "ana"))
    mark = h.standin.mark()
    response = await h.send(A.message(h.service_url, "quiz", where="channel"))
    assert response.status_code == 200
    posts = [c for c in h.standin.since(mark) if c.method == "POST" and "/activities" in c.path]
    assert [p.conversation for p in posts] == ["a:1personal-ana", A.CHANNEL]
    assert len(posts[0].action_ids()) == 4  # the question, privately
    assert posts[1].action_ids() == [] and "personal chat" in posts[1].text()


async def test_member_never_met_gets_a_personal_chat_created(teams: TeamsHarness) -> None:
    h = teams
    mark = h.standin.mark()
    await h.send(A.message(h.service_url, "stats", user="ben", where="channel"))
    calls = h.standin.since(mark)
    [created] = [c for c in calls if c.path.endswith("/v3/conversations")]
    assert created.body["members"] == [{"id": "29:1ben-teams-user"}]
    assert created.body["tenantId"] == A.TENANT
    book = ConversationBook(h.services.core.ctx.db)
    assert book.find("teams", A.TENANT, PERSONAL, "aad-0000-ben") is not None


async def test_group_chat_mention_is_a_command(teams: TeamsHarness) -> None:
    h = teams
    await h.send(A.message(h.service_url, "streak", where="group"))
    sends = h.standin.sends()
    assert sends and any("treak" in c.text() for c in sends)


async def test_action_submit_click_updates_the_card_in_place(teams: TeamsHarness) -> None:
    h = teams
    await h.send(A.message(h.service_url, "quiz"))
    question = h.standin.sends()[-1]
    ref = question.extra["id"]
    await h.send(A.submit(h.service_url, question.action_ids()[1], ref))
    [update] = h.standin.updates()
    assert update.path.endswith(f"/a:1personal-ana/activities/{ref}")
    assert "Reference" in update.text()


async def test_dm_to_a_member_never_reached_is_refused(teams: TeamsHarness) -> None:
    h = teams
    mark = h.standin.mark()
    try:
        await h.teams.messenger.send_dm(Address("teams", A.TENANT, "aad-unknown"), Message("x"))
    except LookupError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a member the bot never met must get no message")
    assert h.standin.since(mark) == []


async def test_healthz(teams: TeamsHarness) -> None:
    response = await teams.http.get(teams.url + "/healthz")
    assert response.status_code == 200 and response.json() == {"ok": True}
