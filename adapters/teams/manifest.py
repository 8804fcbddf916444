"""`ciip-tutor teams manifest`: the Teams app package (manifest.json and two PNG icons).

The manifest follows Microsoft's published app-manifest schema (a copy with its licence is in
`adapters/teams/schema/`; a test validates against it). The command lists come from the core's
command table, so the compose box shows the same commands `ciip help` lists.
"""

from __future__ import annotations

import json
import struct
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

from adapters.teams.settings import TeamsSettings
from bot.commands import COMMANDS

__all__ = ["MANIFEST_VERSION", "SCHEMA_PATH", "build_manifest", "icon_png", "write_package"]

SCHEMA_PATH = Path(__file__).with_name("schema") / "MicrosoftTeams.schema.json"
MANIFEST_VERSION = "1.29"
ACCENT = (0x1F, 0x5F, 0x8B)
APP_VERSION = "1.0.0"


COMMAND_LIST_LIMIT = 10
"""Teams shows at most ten commands per command list."""


def _commands(admin: bool) -> list[dict[str, str]]:
    """The personal list: the member's commands in the grammar's order, as many as fit. The
    team list: the admin commands and those the personal list had no room for first, then the
    rest, so between the two lists every command is offered; both keep the grammar's order."""
    specs = list(COMMANDS.values())
    members = [s for s in specs if not s.admin]
    chosen = members[:COMMAND_LIST_LIMIT]
    if admin:
        first = [s for s in specs if s.admin or s not in chosen]
        chosen = (first + [s for s in members if s not in first])[:COMMAND_LIST_LIMIT]
    return [
        {"title": spec.name, "description": spec.summary[:128]} for spec in specs if spec in chosen
    ]


def build_manifest(settings: TeamsSettings) -> dict[str, Any]:
    host = settings.public_host.strip() or "ciip-tutor.example.org"
    site = f"https://{host}"
    return {
        "$schema": "https://developer.microsoft.com/en-us/json-schemas/teams/"
        f"v{MANIFEST_VERSION}/MicrosoftTeams.schema.json",
        "manifestVersion": MANIFEST_VERSION,
        "version": APP_VERSION,
        "id": settings.app_id,
        "developer": {
            "name": "ciip-tutor",
            "websiteUrl": site,
            "privacyUrl": f"{site}/privacy",
            "termsOfUseUrl": f"{site}/terms",
        },
        "name": {"short": "CIIP Tutor", "full": "CIIP Tutor: imaging informatics exam practice"},
        "description": {
            "short": "CIIP exam questions, daily channel quizzes and CE tracking.",
            "full": "A study-group tutor for the Certified Imaging Informatics Professional "
            "exam: spaced-repetition questions with explanations and references, a daily "
            "question in a channel with a live answer count, streaks, leaderboards and "
            "ABII continuing-education reminders.",
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [
            {
                "botId": settings.app_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": _commands(admin=False)},
                    {"scopes": ["team", "groupChat"], "commands": _commands(admin=True)},
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
    }


def _png(width: int, height: int, pixel: Any) -> bytes:
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def icon_png(kind: str) -> bytes:
    """`color`: 192x192, a white ring on the accent colour; `outline`: 32x32, a white ring on
    transparency (Teams' rules for the two icons)."""
    size = 192 if kind == "color" else 32
    centre, outer, inner = (size - 1) / 2, size * 0.36, size * 0.22

    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        d = ((x - centre) ** 2 + (y - centre) ** 2) ** 0.5
        ring = inner <= d <= outer
        if kind == "color":
            return (255, 255, 255, 255) if ring else (*ACCENT, 255)
        return (255, 255, 255, 255) if ring else (0, 0, 0, 0)

    return _png(size, size, pixel)


def write_package(out: Path, settings: TeamsSettings | None = None) -> int:
    settings = settings or TeamsSettings()
    problems = [p for p in settings.problems() if p.startswith("TEAMS_APP_ID")]
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    manifest = build_manifest(settings)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, indent=2))
        package.writestr("color.png", icon_png("color"))
        package.writestr("outline.png", icon_png("outline"))
    print(f"wrote {out} (manifest {MANIFEST_VERSION}, bot {settings.app_id})")
    return 0
