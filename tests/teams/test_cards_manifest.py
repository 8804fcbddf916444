"""Cards validate against the Adaptive Card schema subset and the SDK's card models; literal
markdown in a question stays literal; the app package validates against Microsoft's manifest
schema and carries two PNG icons of the sizes Teams requires."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import jsonschema
import pytest
from microsoft_teams.cards import AdaptiveCard

from adapters.teams.cards import card, escape, markdown
from adapters.teams.manifest import SCHEMA_PATH, build_manifest, write_package
from bot.commands import COMMANDS
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
    rich,
    role_mention,
    strong,
)
from tests.teams import activities as A
from tests.teams.conftest import TeamsHarness, teams_settings

CARD_SCHEMA = json.loads(
    (SCHEMA_PATH.parent / "adaptive-card-subset.schema.json").read_text(encoding="utf-8")
)

RICH = Message(
    title="Image Management (F) · IM-031",
    body=(
        Paragraph(rich("Which tag holds ", code("StudyInstanceUID"), " for *this* study?")),
        Bullets((rich(strong("Why"), ": (0020,000D)"), rich("[not] a_link"))),
    ),
    choices=(Choice("A", "(0020,000D) *star*"), Choice("B", "`tick`")),
    buttons=(
        Button("A", "ciip:a:1:A", ButtonStyle.PRIMARY),
        Button("Stop", "x", ButtonStyle.DANGER),
    ),
    fields=(Field("Reference", rich("DICOM PS3.3")),),
    footer=rich("🔥 Streak: 2 days"),
    attachments=(Attachment("chart.png", b"\x89PNG", "a chart"),),
    tone=Tone.SUCCESS,
)


def _check(payload: dict) -> None:
    jsonschema.Draft7Validator(CARD_SCHEMA).validate(payload)
    model = AdaptiveCard.model_validate(payload)
    assert model.model_dump(by_alias=True, exclude_none=True)["body"]


@pytest.mark.parametrize("message", [RICH, Message(), Message(body="plain text only")])
def test_rendered_cards_validate(message: Message) -> None:
    _check(card(message))


def test_literal_markdown_stays_literal() -> None:
    assert escape("*x* _y_ `z` [a](b)") == r"\*x\* \_y\_ \`z\` \[a\](b)"
    assert markdown(rich("a ", strong("*b*"), " ", code("c`d"))) == r"a **\*b\*** `c'd`"
    mentions = rich("Group ", channel_mention("19:a_b@thread.tacv2"), " · ", role_mention("r_1"))
    assert markdown(mentions) == r"Group \#19:a\_b@thread.tacv2 · @r\_1"
    [facts] = [b for b in card(RICH)["body"] if b["type"] == "FactSet"]
    assert facts["facts"] == [{"title": "Reference", "value": "DICOM PS3.3"}]
    fact = card(Message(fields=(Field("*Ref*", rich(strong("x_y"))),)))["body"][0]["facts"][0]
    assert fact == {"title": r"\*Ref\*", "value": r"**x\_y**"}
    payload = card(RICH)
    assert payload["actions"][0] == {
        "type": "Action.Execute",
        "title": "A",
        "verb": "ciip",
        "data": {"action_id": "ciip:a:1:A"},
        "style": "positive",
    }


async def test_every_card_the_bot_sent_validates(teams: TeamsHarness) -> None:
    svc = teams.service_url
    for text in (
        "ciip help",
        "ciip quiz",
        "ciip stats",
        "ciip leaderboard",
        "ciip ce status",
        "nonsense words",
    ):
        assert (await teams.send(A.message(svc, text))).status_code == 200
    sent = teams.standin.sends()
    assert len(sent) == 6
    for call in sent:
        _check(call.card())
    assert "Try" in sent[-1].text()  # unknown text: the core's pointer to help, never silence


def test_manifest_validates_against_microsofts_schema(tmp_path: Path) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    settings = teams_settings_stub()
    manifest = build_manifest(settings)
    jsonschema.Draft4Validator(schema).validate(manifest)
    [bot] = manifest["bots"]
    assert bot["botId"] == A.APP_ID and set(bot["scopes"]) == {"personal", "team", "groupChat"}
    titles = {c["title"] for lst in bot["commandLists"] for c in lst["commands"]}
    # Teams allows ten commands per list: all are the core's, `help` and `daily` always shown
    assert titles <= set(COMMANDS) and {"help", "quiz", "daily"} <= titles
    assert all(len(lst["commands"]) <= 10 for lst in bot["commandLists"])

    out = tmp_path / "ciip-tutor-teams.zip"
    assert write_package(out, settings) == 0
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        jsonschema.Draft4Validator(schema).validate(json.loads(package.read("manifest.json")))
        for name, size in (("color.png", 192), ("outline.png", 32)):
            png = package.read(name)
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            assert struct.unpack(">II", png[16:24]) == (size, size)


def teams_settings_stub():  # type: ignore[no-untyped-def]
    from adapters.teams.settings import TeamsSettings

    return TeamsSettings(_env_file=None, app_id=A.APP_ID, public_host="tutor.hospital.example")


def test_harness_settings_are_valid(standin) -> None:  # type: ignore[no-untyped-def]
    assert teams_settings(standin).problems() == []
