"""Neutral messages to Discord embeds and views; settings; the endpoint override; the runner's
configuration errors; and the Messenger port against the stand-in."""

from __future__ import annotations

import discord
import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.bot import TutorBot
from adapters.discord.commands import zone_matches
from adapters.discord.embeds import discord_markdown, render, to_embed, to_view
from adapters.discord.endpoints import ApiEndpoints
from adapters.discord.runner import run_discord
from adapters.discord.settings import DEFAULT_API_URL, DiscordSettings
from adapters.discord.views import CoreButton
from bot.identity import Address, ChannelKey
from bot.messages import (
    Attachment,
    Bullets,
    Button,
    ButtonStyle,
    Choice,
    Field,
    Message,
    Paragraph,
    Tone,
    channel_mention,
    code,
    em,
    rich,
    role_mention,
    strong,
)
from tests.discord.payloads import CHANNEL_ID
from tests.discord.standin import DiscordStandIn


def test_rich_spans_become_discord_markdown_and_literal_markup_is_escaped() -> None:
    assert discord_markdown(rich("The answer is ", strong("B) HL7"), ".")) == (
        "The answer is **B) HL7**."
    )
    assert discord_markdown(rich(em("maybe"), " run ", code("/ciip quiz"))) == (
        "*maybe* run `/ciip quiz`"
    )
    # A question's literal asterisks are words, not formatting (plain spans and plain strings).
    assert discord_markdown(rich("2 * 3 * 4")) == "2 \\* 3 \\* 4"
    assert discord_markdown("*not bold*") == "\\*not bold\\*"
    # Channel and role mentions render natively (in embeds they ping nobody).
    assert discord_markdown(rich(channel_mention("123"), " for ", role_mention("456"))) == (
        "<#123> for <@&456>"
    )


def test_embed_has_choices_fields_footer_and_tone_colour() -> None:
    embed = to_embed(
        Message(
            title="Q",
            body=(
                Paragraph(rich("Which ", strong("one"), "?")),
                Bullets((rich("in ", channel_mention(CHANNEL_ID)), rich("plain"))),
            ),
            choices=(Choice("A", "one"), Choice("B", "two")),
            fields=(Field("Why", rich("because ", strong("HL7")), inline=False),),
            footer=rich("see ", code("/ciip stats")),
            tone=Tone.SUCCESS,
            attachments=(Attachment("chart.png", b"\x89PNG", alt="a chart"),),
        )
    )
    assert embed.description == (
        f"Which **one**?\n• in <#{CHANNEL_ID}>\n• plain\n\n**A)** one\n**B)** two"
    )
    assert embed.fields[0].name == "Why" and embed.fields[0].inline is False
    assert embed.fields[0].value == "because **HL7**"
    assert embed.footer.text == "see /ciip stats"  # footers take no markdown: plain words
    assert embed.colour == discord.Colour.green()
    assert embed.image.url == "attachment://chart.png"


def test_embed_respects_discord_limits() -> None:
    huge = Message(
        title="T" * 400,
        body="B" * 5000,
        fields=tuple(Field(f"F{i}", "V" * 2000) for i in range(30)),
        footer="x" * 3000,
    )
    embed = to_embed(huge)
    assert len(embed.title or "") == 256 and embed.title.endswith("…")  # type: ignore[union-attr]
    assert len(embed.description or "") == 4096
    assert len(embed.fields) <= 25
    assert all(len(f.value or "") <= 1024 for f in embed.fields)
    assert len(embed) <= 6000  # discord.py's own count of the embed's characters


def test_view_is_persistent_with_dynamic_items_and_rows() -> None:
    buttons = (
        *(Button(letter, f"ciip:a:7:{letter}") for letter in "ABCD"),
        Button("Next question", "ciip:next:image_management", ButtonStyle.PRIMARY),
        Button("Next ▶", "ciip:lb:g:12:month:10"),
        Button("Other", "somebody-else:1", ButtonStyle.DANGER),
    )
    view = to_view(Message(body="x", buttons=buttons))
    assert view is not None and view.timeout is None
    items = view.children
    assert [type(i) for i in items[:6]] == [CoreButton] * 6
    assert isinstance(items[6], discord.ui.Button) and items[6].style is discord.ButtonStyle.danger
    rows = view.to_components()
    assert [len(r["components"]) for r in rows] == [5, 2]
    assert rows[0]["components"][4]["style"] == discord.ButtonStyle.primary.value
    assert render(Message(body="x")).view is None


def test_settings_validate_shards_and_api_url() -> None:
    s = DiscordSettings(_env_file=None, shards="4", api_url="http://127.0.0.1:9/api/v10/")  # type: ignore[call-arg]
    assert s.sharded and s.shard_count == 4
    assert s.api_url == "http://127.0.0.1:9/api/v10" and s.custom_api
    auto = DiscordSettings(_env_file=None, shards="auto")  # type: ignore[call-arg]
    assert auto.sharded and auto.shard_count is None and not auto.custom_api
    with pytest.raises(ValueError, match="DISCORD_SHARDS"):
        DiscordSettings(_env_file=None, shards="many")  # type: ignore[call-arg]


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    monkeypatch.setenv("DISCORD_DEV_GUILD", "123")
    monkeypatch.setenv("DISCORD_API_URL", "http://127.0.0.1:1/api/v10")
    s = DiscordSettings(_env_file=None)  # type: ignore[call-arg]
    assert s.token is not None and s.token.get_secret_value() == "abc"
    assert s.dev_guild == 123 and s.custom_api


def test_endpoints_are_restored() -> None:
    before = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    endpoints = ApiEndpoints("http://127.0.0.1:5/api/v10")
    endpoints.apply()
    endpoints.use_gateway("ws://127.0.0.1:5/gateway")
    assert Route("GET", "/users/@me").url == "http://127.0.0.1:5/api/v10/users/@me"
    assert str(DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:5/gateway"
    endpoints.restore()
    assert before == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    assert before[0] == DEFAULT_API_URL


def test_zone_autocomplete_prefers_city_prefixes() -> None:
    assert zone_matches("new y")[0] == "America/New_York"
    assert "Asia/Kolkata" in zone_matches("kolk")
    assert len(zone_matches("a")) == 25
    assert zone_matches("")[0] == "UTC"


def test_run_discord_without_a_token_explains_and_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_discord(DiscordSettings(_env_file=None, token=None)) == 2  # type: ignore[call-arg]
    assert "set DISCORD_TOKEN" in capsys.readouterr().err


def test_run_discord_with_bad_settings_exits_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("DISCORD_SHARDS", "lots")
    assert run_discord() == 2
    assert "DISCORD_SHARDS" in capsys.readouterr().err


# ---------------------------------------------------------------------- Messenger port
def _key() -> ChannelKey:
    return ChannelKey(1, 1, "discord", CHANNEL_ID)


async def test_messenger_posts_updates_and_replies(bot: TutorBot, standin: DiscordStandIn) -> None:
    messenger = bot.messenger
    ref = await messenger.post(
        _key(), Message(title="Daily", body="Q", buttons=(Button("A", "ciip:d:5:A"),))
    )
    await messenger.update(_key(), ref, Message(title="Daily (closed)", body="Q"))
    await messenger.reply_in_thread(_key(), ref, Message(title="Answer: A"))

    post, edit, reply = (c for c in standin.calls if f"/channels/{CHANNEL_ID}/" in c.path)
    assert post.method == "POST" and post.custom_ids == ["ciip:d:5:A"]
    assert edit.method == "PATCH" and edit.path.endswith(f"/messages/{ref}")
    assert edit.custom_ids == [] and edit.body["components"] == []  # buttons removed
    assert str(reply.body["message_reference"]["message_id"]) == ref
    assert reply.body["allowed_mentions"]["parse"] == []


async def test_messenger_dm_and_closed_dms(bot: TutorBot, standin: DiscordStandIn) -> None:
    await bot.messenger.send_dm(
        Address("discord", "g", "400000000000000001"), Message(body="Nudge")
    )
    [opened] = standin.matching("POST", "/users/@me/channels")
    assert opened.body == {"recipient_id": 400000000000000001}
    [sent] = [c for c in standin.calls if c.method == "POST" and "/messages" in c.path]
    assert "Nudge" in sent.text

    standin.fail_paths["/messages"] = 403  # the member does not accept DMs
    await bot.messenger.send_dm(
        Address("discord", "g", "400000000000000002"), Message(body="Nudge")
    )
    assert len(standin.matching("POST", "/users/@me/channels")) == 2

    with pytest.raises(ValueError, match="not a Discord"):
        await bot.messenger.send_dm(Address("slack", "T1", "U1"), Message(body="x"))


def test_invite_url_asks_for_the_documented_scopes_and_permissions() -> None:
    from adapters.discord.bot import invite_url

    url = invite_url(1234)
    assert "client_id=1234" in url
    assert "scope=bot+applications.commands" in url
    assert "permissions=274877991936" in url  # the value the README documents
