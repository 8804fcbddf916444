"""Button clicks through discord.py's real view store (DynamicItem templates), from raw payloads."""

from __future__ import annotations

from sqlalchemy import func, select

from adapters.discord.bot import TutorBot, build_bot
from adapters.discord.settings import DiscordSettings
from adapters.services import Services
from bot.storage.models import Answer, Issued
from tests.discord.conftest import TOKEN, Harness
from tests.discord.payloads import click, guild_create, slash
from tests.discord.standin import Call, DiscordStandIn


async def _quiz(harness: Harness, **who: object) -> tuple[dict, str, str]:  # type: ignore[type-arg]
    """Ask for a question; return the message as Discord shows it, the key and a wrong letter."""
    [call] = await harness.interact(slash("quiz", **who))  # type: ignore[arg-type]
    issued_id = int(call.custom_ids[0].split(":")[2])
    with harness.bot.services.tutor.db.session() as s:
        issued = s.get(Issued, issued_id)
        assert issued is not None
    question = harness.bot.services.tutor.bank.by_id[issued.question_id]
    wrong = next(letter for letter in "ABCD" if letter != question.key)
    return (
        harness.message_of(call),
        f"ciip:a:{issued_id}:{question.key}",
        f"ciip:a:{issued_id}:{wrong}",
    )


def _answers(bot: TutorBot) -> int:
    with bot.services.tutor.db.session() as s:
        return s.scalar(select(func.count()).select_from(Answer)) or 0


async def test_right_answer_turns_the_question_into_the_result(harness: Harness) -> None:
    message, right, _ = await _quiz(harness)
    [call] = await harness.interact(click(right, message))

    assert call.body["type"] == 7  # UPDATE_MESSAGE: the private question is edited in place
    question_embed, outcome = call.embeds
    assert question_embed == message["embeds"][0]  # the question stays visible above
    assert outcome["description"].startswith("✅ Correct!")
    fields = {f["name"]: f["value"] for f in outcome["fields"]}
    assert fields["Why"] and fields["Reference"]
    assert "Streak: 1 day" in outcome["footer"]["text"]
    assert call.custom_ids[0] == "ciip:next" and call.custom_ids[1].startswith("ciip:rep:")


async def test_wrong_answer_shows_the_correct_option_and_why_not(
    harness: Harness, bot: TutorBot
) -> None:
    message, right, wrong = await _quiz(harness)
    [call] = await harness.interact(click(wrong, message))

    outcome = call.embeds[-1]
    key = right[-1]
    issued_id = int(right.split(":")[2])
    with bot.services.tutor.db.session() as s:
        issued = s.get(Issued, issued_id)
        assert issued is not None
    question = bot.services.tutor.bank.by_id[issued.question_id]
    assert outcome["description"].startswith("❌ Not quite.")
    assert f"**{key}) {question.options[key]}**" in outcome["description"]
    assert f"You chose {wrong[-1]})" in outcome["description"]
    names = [f["name"] for f in outcome["fields"]]
    assert "Why" in names and "Reference" in names


async def test_double_click_counts_once(harness: Harness, bot: TutorBot) -> None:
    message, right, wrong = await _quiz(harness)
    await harness.interact(click(right, message))
    [again] = await harness.interact(click(wrong, message))  # a second, different click

    assert _answers(bot) == 1
    outcome = again.embeds[-1]
    assert "your first answer counts" in outcome["footer"]["text"]
    assert outcome["description"].startswith("✅ Correct!")  # the first answer stands


async def test_next_question_button_asks_a_new_private_question(
    harness: Harness, bot: TutorBot
) -> None:
    message, right, _ = await _quiz(harness)
    [answered] = await harness.interact(click(right, message))
    [call] = await harness.interact(click("ciip:next", harness.message_of(answered, flags=64)))

    assert call.body["type"] == 4 and call.ephemeral
    assert len(call.custom_ids) == 4
    assert call.custom_ids[0] != right.rsplit(":", 1)[0] + ":A"
    with bot.services.tutor.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Issued)) == 2


async def test_buttons_keep_working_after_a_restart(
    harness: Harness,
    bot: TutorBot,
    services: Services,
    discord_settings: DiscordSettings,
    standin: DiscordStandIn,
) -> None:
    """Persistent views: a brand-new process answers a button from the old one's message."""
    message, right, _ = await _quiz(harness)
    await bot.close()

    restarted = build_bot(services, discord_settings)
    await restarted.login(TOKEN)
    restarted._connection.parse_guild_create(guild_create())  # type: ignore[arg-type]
    try:
        [call] = await Harness(restarted, standin).interact(click(right, message))
    finally:
        await restarted.close()
    assert call.body["type"] == 7
    assert call.embeds[-1]["description"].startswith("✅ Correct!")


async def test_unknown_custom_id_from_an_old_message_is_answered_kindly(
    harness: Harness, bot: TutorBot
) -> None:
    old = {
        "type": 1,
        "components": [{"type": 2, "style": 1, "label": "Vote", "custom_id": "poll:vote:3"}],
    }
    message = harness.message_of(Call("POST", "", {}, {"components": [old]}))
    [call] = await harness.interact(click("poll:vote:3", message))

    assert call.body["type"] == 4 and call.ephemeral
    assert "That button is from an older version" in call.text
    assert _answers(bot) == 0


async def test_malformed_action_id_is_refused_without_storing(
    harness: Harness, bot: TutorBot
) -> None:
    bad = "ciip:a:notanumber:Z"
    row = {"type": 1, "components": [{"type": 2, "style": 2, "label": "A", "custom_id": bad}]}
    message = harness.message_of(Call("POST", "", {}, {"components": [row]}))
    [call] = await harness.interact(click(bad, message))

    assert "older version" in call.text and call.ephemeral
    assert _answers(bot) == 0


async def test_someone_elses_question_is_not_answered_or_edited(
    harness: Harness, bot: TutorBot
) -> None:
    message, right, _ = await _quiz(harness)
    [call] = await harness.interact(click(right, message, user="400000000000000009", name="Bo"))

    assert call.body["type"] == 4 and call.ephemeral  # a private note, not an edit of Ana's
    assert "someone else's" in call.text
    assert _answers(bot) == 0


async def test_slow_answer_is_deferred_then_the_message_edited(
    harness: Harness, discord_settings: DiscordSettings
) -> None:
    message, right, _ = await _quiz(harness)
    discord_settings.defer_after = 0.0
    defer, edit = await harness.interact(click(right, message), calls=2)

    assert defer.body == {"type": 6}  # DEFERRED_UPDATE_MESSAGE: no "thinking" message
    assert edit.method == "PATCH" and edit.path.endswith("/messages/@original")
    assert edit.embeds[-1]["description"].startswith("✅ Correct!")
    assert edit.custom_ids[0] == "ciip:next" and edit.custom_ids[1].startswith("ciip:rep:")
