"""TEAMS_* settings: every one is documented in .env.example, a copy of it loads, and the checks
name what is wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adapters.teams.settings import TeamsSettings

EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def test_every_teams_setting_is_documented() -> None:
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", EXAMPLE.read_text(), re.M))
    for name in TeamsSettings.model_fields:
        assert f"TEAMS_{name}".upper() in documented, name


def test_a_copy_of_the_example_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(__import__("os").environ):
        if name.startswith("TEAMS_"):
            monkeypatch.delenv(name)
    (tmp_path / ".env").write_text(EXAMPLE.read_text())
    monkeypatch.chdir(tmp_path)
    settings = TeamsSettings()
    assert settings.service_url.startswith("https://smba.trafficmanager.net")
    assert len(settings.problems()) == 3  # id, secret, tenant: nothing else


def test_secret_alias_and_masking() -> None:
    s = TeamsSettings(_env_file=None, TEAMS_APP_SECRET="abc")  # type: ignore[call-arg]
    assert s.secret == "abc" and "abc" not in repr(s)
    bad = TeamsSettings(_env_file=None, app_id="x", service_url="ftp://nope")
    assert any("TEAMS_SERVICE_URL" in p for p in bad.problems())
