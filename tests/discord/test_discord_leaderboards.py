"""Server, channel and study-group leaderboards: embeds, paging buttons, own rank, groups."""

from __future__ import annotations

import pytest

from adapters.discord.bot import TutorBot
from bot.identity import Actor
from tests.discord.conftest import Harness
from tests.discord.payloads import (
    CHANNEL_ID,
    GUILD_ID,
    OTHER_CHANNEL_ID,
    ROLE_ID,
    THREAD_ID,
    click,
    slash,
)

ANA = "400000000000000001"
PEOPLE = [  # (user id, name, correct answers)
    ("400000000000000011", "Kim", 5),
    ("400000000000000012", "Lee", 4),
    ("400000000000000013", "Max", 3),
    ("400000000000000014", "Noa", 2),
    (ANA, "Ana", 1),
]


def _score(bot: TutorBot, user: str, name: str, correct: int, channel: str = CHANNEL_ID) -> None:
    """Answers given earlier (through the core, as any adapter would have recorded them)."""
    tutor = bot.services.tutor
    actor = Actor("discord", GUILD_ID, user, name, channel, "ciip-study", "Radiology")
    questions = list(tutor.bank.by_id.values())
    for n in range(correct):
        q = questions[n]
        tutor.submit_answer(actor, q.id, q.key, idempotency_key=f"seed:{user}:{q.id}")


@pytest.fixture
def scored(bot: TutorBot) -> TutorBot:
    for user, name, correct in PEOPLE:
        _score(bot, user, name, correct)
    return bot


async def test_server_board_pages_and_shows_my_rank_off_the_page(
    harness: Harness, scored: TutorBot
) -> None:
    [call] = await harness.interact(slash("leaderboard", {"period": "week"}))

    [embed] = call.embeds
    assert call.ephemeral
    assert "Radiology Informatics Study" in embed["title"]  # the guild name from the cache
    assert [line.split(":")[0] for line in embed["description"].splitlines()] == [
        "• 🥇 Kim",
        "• 🥈 Lee",
        "• 🥉 Max",
    ]
    assert "Page 1 of 2" in embed["footer"]["text"]
    assert "You: #5 of 5 with 11 points" in embed["footer"]["text"]  # Ana, off this page
    assert call.custom_ids == ["ciip:lb:w:0:week:3"]

    [page2] = await harness.interact(
        click("ciip:lb:w:0:week:3", harness.message_of(call), admin=False)
    )
    assert page2.body["type"] == 7  # the private board is edited in place
    assert len(page2.embeds) == 1  # the new page replaces the old one, nothing stays above
    assert "4. Noa" in page2.embeds[0]["description"]
    assert "5. Ana" in page2.embeds[0]["description"]
    assert "Page 2 of 2" in page2.embeds[0]["footer"]["text"]
    assert page2.custom_ids == ["ciip:lb:w:0:week:0"]


async def test_paging_a_public_board_answers_privately(harness: Harness, scored: TutorBot) -> None:
    [call] = await harness.interact(slash("leaderboard", {"period": "all"}))
    public = harness.message_of(call, flags=0)  # e.g. a board someone shared in the channel
    [page] = await harness.interact(click("ciip:lb:w:0:all:3", public))

    assert page.body["type"] == 4 and page.ephemeral
    assert "Page 2 of 2" in page.text


async def test_stale_next_button_shows_the_last_page(harness: Harness, scored: TutorBot) -> None:
    """An old board had a Next button to offset 30; the board has since shrunk to 5 rows."""
    [call] = await harness.interact(slash("leaderboard"))
    old = harness.message_of(call, flags=64)
    old["components"][0]["components"][0]["custom_id"] = "ciip:lb:w:0:week:30"
    [page] = await harness.interact(click("ciip:lb:w:0:week:30", old))

    assert "Page 2 of 2" in page.text


async def test_role_study_group_board_counts_only_role_holders(
    harness: Harness, scored: TutorBot
) -> None:
    [setup] = await harness.interact(
        slash("group here", {"role": ROLE_ID}, admin=True, roles=[ROLE_ID])
    )
    assert not setup.ephemeral and f"<@&{ROLE_ID}>" in setup.text

    # Kim holds the role; Lee (more points than Ana) does not. Roles arrive with interactions.
    await harness.interact(slash("streak", user=PEOPLE[0][0], name="Kim", roles=[ROLE_ID]))
    await harness.interact(slash("streak", user=PEOPLE[1][0], name="Lee", roles=[]))
    [board] = await harness.interact(
        slash("leaderboard", {"scope": "group"}, roles=[ROLE_ID], channel=OTHER_CHANNEL_ID)
    )

    text = board.embeds[0]["description"]
    assert f"<#{CHANNEL_ID}>" in text and f"<@&{ROLE_ID}>" in text
    assert "Kim" in text and "Ana" in text
    assert "Lee" not in text and "Max" not in text
    assert "You: #2 of 2" in board.embeds[0]["footer"]["text"]

    # Kim loses the role: the next interaction drops Kim from the group.
    await harness.interact(slash("streak", user=PEOPLE[0][0], name="Kim", roles=[]))
    [after] = await harness.interact(
        slash("leaderboard", {"scope": "group"}, roles=[ROLE_ID], channel=OTHER_CHANNEL_ID)
    )
    assert "Kim" not in after.embeds[0]["description"]


async def test_thread_study_group_counts_answers_given_there(
    harness: Harness, bot: TutorBot
) -> None:
    await harness.interact(slash("group here", admin=True, channel=THREAD_ID))
    [quiz] = await harness.interact(slash("quiz", channel=THREAD_ID))
    issued_id = int(quiz.custom_ids[0].split(":")[2])
    with bot.services.tutor.db.session() as s:
        from bot.storage.models import Issued

        issued = s.get(Issued, issued_id)
        assert issued is not None
    key = bot.services.tutor.bank.by_id[issued.question_id].key
    message = harness.message_of(quiz, channel=THREAD_ID)
    await harness.interact(click(f"ciip:a:{issued_id}:{key}", message, channel=THREAD_ID))
    _score(bot, PEOPLE[0][0], "Kim", 5, channel=OTHER_CHANNEL_ID)  # elsewhere: not the group's

    [board] = await harness.interact(slash("leaderboard", {"scope": "group"}, channel=THREAD_ID))

    text = board.embeds[0]["description"]
    assert f"<#{THREAD_ID}>" in text
    assert "Ana: 11 points" in text
    assert "Kim" not in text


async def test_member_not_in_a_study_group_is_told_what_to_do(
    harness: Harness, scored: TutorBot
) -> None:
    [call] = await harness.interact(
        slash("leaderboard", {"scope": "group"}, channel=OTHER_CHANNEL_ID, roles=[])
    )

    assert call.ephemeral
    assert "You're not in a study group here" in call.text
    assert "/ciip group list" in call.text


async def test_only_admins_set_up_groups_and_everyone_can_list_them(
    harness: Harness,
) -> None:
    [refused] = await harness.interact(slash("group here", {"role": ROLE_ID}))
    [empty] = await harness.interact(slash("group list"))
    await harness.interact(slash("group here", {"role": ROLE_ID}, admin=True))
    [listed] = await harness.interact(slash("group list"))
    [off] = await harness.interact(slash("group off", admin=True))
    [off_again] = await harness.interact(slash("group off", admin=True))

    assert "Only workspace admins can set up" in refused.text and refused.ephemeral
    assert empty.ephemeral and listed.ephemeral  # the list is for whoever asked
    assert "None yet" in empty.text and "`/ciip group here`" in empty.text
    assert f"• <#{CHANNEL_ID}>: members hold <@&{ROLE_ID}>" in listed.text
    assert not off.ephemeral and f"<#{CHANNEL_ID}> is no longer a study group" in off.text
    assert off_again.ephemeral and "is not a study group" in off_again.text


async def test_channel_board_counts_this_channel_only(harness: Harness, bot: TutorBot) -> None:
    _score(bot, PEOPLE[0][0], "Kim", 2, channel=OTHER_CHANNEL_ID)
    _score(bot, PEOPLE[1][0], "Lee", 1, channel=CHANNEL_ID)
    [call] = await harness.interact(slash("leaderboard", {"scope": "channel"}))

    text = call.embeds[0]["description"]
    assert "#ciip-study" in call.embeds[0]["title"]
    assert "Lee" in text and "Kim" not in text
