"""`/ciip ...` slash commands through discord.py's real CommandTree, answered to the stand-in."""

from __future__ import annotations

from sqlalchemy import select

from adapters.discord.bot import TutorBot
from bot.storage.models import CeEntry, Channel, Issued, Member
from tests.discord.conftest import Harness
from tests.discord.payloads import CHANNEL_ID, autocomplete, slash

ANA = "400000000000000001"


def _member(bot: TutorBot, user: str = ANA) -> Member:
    with bot.services.tutor.db.session() as s:
        row = s.scalar(select(Member).where(Member.external_id == user))
        assert row is not None
        return row


async def test_quiz_is_a_private_question_with_four_persistent_buttons(
    harness: Harness, bot: TutorBot
) -> None:
    [call] = await harness.interact(slash("quiz"))

    assert call.method == "POST" and call.path.endswith("/callback")
    assert call.body["type"] == 4  # CHANNEL_MESSAGE_WITH_SOURCE, answered without deferring
    assert call.ephemeral
    with bot.services.tutor.db.session() as s:
        issued = s.scalars(select(Issued)).one()
    question = bot.services.tutor.bank.by_id[issued.question_id]
    assert call.custom_ids == [f"ciip:a:{issued.id}:{letter}" for letter in "ABCD"]
    [embed] = call.embeds
    assert question.id in embed["title"]
    assert question.stem in embed["description"]
    for letter in "ABCD":
        assert f"**{letter})** {question.options[letter]}" in embed["description"]
    # The member is recorded with the name Discord sent (no members intent needed).
    assert _member(bot).display_name == "Ana"


async def test_quiz_domain_choice_narrows_the_question(harness: Harness, bot: TutorBot) -> None:
    [call] = await harness.interact(slash("quiz", {"domain": "image_management"}))

    with bot.services.tutor.db.session() as s:
        issued = s.scalars(select(Issued)).one()
    assert bot.services.tutor.bank.by_id[issued.question_id].domain == "image_management"
    assert "Image Management" in call.embeds[0]["title"]


async def test_help_stats_and_streak_answer_privately(harness: Harness) -> None:
    [help_call] = await harness.interact(slash("help"))
    [stats_call] = await harness.interact(slash("stats"))
    [streak_call] = await harness.interact(slash("streak"))

    assert "/ciip quiz" in help_call.text
    assert "/ciip daily" not in help_call.text  # admin commands hidden from members
    assert "Your CIIP domains" in stats_call.text
    assert "No streak running" in streak_call.text
    assert help_call.ephemeral and stats_call.ephemeral and streak_call.ephemeral


async def test_admins_see_admin_help(harness: Harness) -> None:
    [call] = await harness.interact(slash("help", admin=True))
    assert "/ciip daily" in call.text


async def test_timezone_option_is_stored(harness: Harness, bot: TutorBot) -> None:
    [call] = await harness.interact(slash("timezone", {"zone": "Europe/Berlin"}))

    assert "Timezone set to Europe/Berlin" in call.text
    assert _member(bot).timezone == "Europe/Berlin"


async def test_bad_timezone_gets_a_friendly_error(harness: Harness, bot: TutorBot) -> None:
    [call] = await harness.interact(slash("timezone", {"zone": "Mars/Olympus Mons"}))

    assert call.ephemeral
    assert "is not an IANA timezone name" in call.text
    assert _member(bot).timezone is None  # still unset (streaks use the default), not Mars


async def test_timezone_autocomplete_suggests_zones(harness: Harness) -> None:
    [call] = await harness.interact(autocomplete("timezone", "zone", "berl"))

    assert call.body["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    names = [c["value"] for c in call.body["data"]["choices"]]
    assert names[0] == "Europe/Berlin"
    assert len(names) <= 25


async def test_ce_log_quotes_title_and_category_through_the_core(
    harness: Harness, bot: TutorBot
) -> None:
    await harness.interact(slash("ce setup", {"passed_on": "2024-05-01"}))
    [call] = await harness.interact(
        slash(
            "ce log",
            {
                "credits": 1.5,
                "title": 'RSNA "AI" session\'s recap',
                "earned_on": "2026-02-20",
                "category": "Category A",
            },
        )
    )

    assert "Logged #" in call.text
    with bot.services.tutor.db.session() as s:
        entry = s.scalars(select(CeEntry)).one()
    assert entry.title == 'RSNA "AI" session\'s recap'
    assert entry.category == "Category A"
    assert entry.credits == 1.5
    assert entry.earned_on.isoformat() == "2026-02-20"


async def test_nudges_need_a_time(harness: Harness, bot: TutorBot) -> None:
    [bad] = await harness.interact(slash("nudges", {"state": "on"}))
    [good] = await harness.interact(slash("nudges", {"state": "on", "time": "7:30"}))

    assert bad.ephemeral and "Usage: `/ciip nudges on HH:MM`" in bad.text
    assert "07:30" in good.text
    member = _member(bot)
    assert member.nudges_enabled and member.nudge_time == "07:30"


async def test_daily_is_for_admins(harness: Harness, bot: TutorBot) -> None:
    [call] = await harness.interact(slash("daily here", {"time": "09:00"}))

    assert call.ephemeral
    assert "for workspace admins" in call.text
    with bot.services.tutor.db.session() as s:
        assert s.scalar(select(Channel).where(Channel.daily_enabled.is_(True))) is None


async def test_daily_here_confirms_publicly(harness: Harness, bot: TutorBot) -> None:
    [call] = await harness.interact(
        slash(
            "daily here",
            {"time": "08:30", "timezone": "America/Chicago", "days": "weekdays"},
            admin=True,
        )
    )

    assert not call.ephemeral  # the channel sees that a daily question is coming
    assert "08:30 America/Chicago on weekdays" in call.text
    with bot.services.tutor.db.session() as s:
        row = s.scalar(select(Channel).where(Channel.external_id == CHANNEL_ID))
    assert row is not None and row.daily_enabled and row.daily_weekdays_only


async def test_slow_core_is_deferred_then_edited(
    harness: Harness, bot: TutorBot, discord_settings
) -> None:
    """With no time budget the bot acknowledges first ("thinking…") and edits afterwards."""
    discord_settings.defer_after = 0.0
    payload = slash("quiz")
    defer, edit = await harness.interact(payload, calls=2)

    assert defer.body == {"type": 5, "data": {"flags": 64}}  # deferred, private
    assert edit.method == "PATCH" and edit.path.endswith("/messages/@original")
    assert len(edit.custom_ids) == 4 and edit.embeds


async def test_deferred_public_reply_that_turns_out_private_is_replaced(
    harness: Harness, discord_settings
) -> None:
    """`daily here` defers publicly; an error must not be shown to the channel."""
    discord_settings.defer_after = 0.0
    defer, delete, followup = await harness.interact(
        slash("daily here", {"time": "25:99"}, admin=True), calls=3
    )

    assert defer.body == {"type": 5}  # public "thinking…"
    assert delete.method == "DELETE" and delete.path.endswith("/messages/@original")
    assert followup.method == "POST" and followup.ephemeral
    assert "`25:99` is not a time" in followup.text


async def test_stale_command_gets_a_reply_not_a_failure(harness: Harness) -> None:
    """A subcommand Discord still shows but the bot no longer has."""
    [call] = await harness.interact(slash("frobnicate"))

    assert call.body["type"] == 4 and call.ephemeral
    assert "changed since your Discord loaded it" in call.text


def test_every_core_command_has_a_discord_subcommand() -> None:
    """The core's command table and the `/ciip` group cannot drift apart unnoticed."""
    from discord import app_commands

    from adapters.discord.commands import CiipCommands
    from bot.commands import COMMANDS

    group = CiipCommands()
    children = {c.name: c for c in group.commands}
    for spec in COMMANDS.values():
        assert spec.name in children, f"/ciip {spec.name} is missing on Discord"
        sub = children[spec.name]
        if spec.subcommands:
            # e.g. `/ciip group here|off|list` are the core's `group here|off|list`
            assert isinstance(sub, app_commands.Group), f"/ciip {spec.name} needs subcommands"
            assert {c.name for c in sub.commands} == set(spec.subcommands)
        else:
            assert isinstance(sub, app_commands.Command), f"/ciip {spec.name} takes no subcommand"
    assert set(children) == set(COMMANDS), "a Discord subcommand the core does not know"
    assert len(children) <= 25  # Discord's limit of subcommands in one group


async def test_me_shows_the_overview_privately(harness: Harness) -> None:
    first, *rest = await harness.interact(slash("me"), calls=2)

    assert first.body["type"] == 4 and first.ephemeral
    assert first.embeds[0]["title"] == "Your CIIP study"
    assert rest[0].method == "POST" and rest[0].ephemeral  # the rest follow, privately too
    assert rest[0].embeds[0]["title"] == "Progress"
