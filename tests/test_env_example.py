"""`.env.example` documents every setting, and a copy of it as `.env` starts cleanly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adapters.discord.settings import DiscordSettings
from adapters.slack.settings import SlackSettings
from bot.settings import CoreSettings

EXAMPLE = Path(__file__).resolve().parents[1] / ".env.example"


@pytest.fixture
def env_from_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(__import__("os").environ):
        if name.startswith(("CIIP_", "SLACK_", "DISCORD_")) or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    (tmp_path / ".env").write_text(EXAMPLE.read_text())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_copy_of_the_example_loads_with_defaults(env_from_example: Path) -> None:
    core = CoreSettings()
    assert core.database_url is None and core.desired_retention == 0.9
    assert SlackSettings().api_url.startswith("https://slack.com/api")
    assert DiscordSettings().dev_guild is None


@pytest.mark.parametrize("settings", [CoreSettings, SlackSettings, DiscordSettings])
def test_every_setting_is_documented(settings: type) -> None:
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", EXAMPLE.read_text(), re.M))
    prefix = settings.model_config["env_prefix"]
    for name in settings.model_fields:
        env = f"{prefix}{name}".upper()
        if settings is CoreSettings and name == "database_url":
            env = "DATABASE_URL"
        if name in (
            "install_path",
            "redirect_uri_path",
            "state_expiration_seconds",
            "admin_cache_seconds",
        ):
            continue  # internal tuning knobs with safe defaults
        assert env in documented, f"{env} is missing from .env.example"
