"""`manifest.yaml` must agree with the code: command, scopes, events and paths."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import yaml

from adapters.slack.runner import EVENTS_PATH
from adapters.slack.settings import BOT_SCOPES, SlackSettings
from bot.commands import COMMANDS

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yaml"


def _manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_command_and_urls_match_the_server() -> None:
    manifest = _manifest()
    defaults = SlackSettings(_env_file=None, command="/ciip")
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == defaults.command
    for word in command["usage_hint"].replace("[domain]", "").split("|"):
        assert word.strip() in COMMANDS
    settings = manifest["settings"]
    urls = [
        command["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert {urlparse(u).path for u in urls} == {EVENTS_PATH}
    assert all(u.startswith("https://") for u in urls)
    [redirect] = manifest["oauth_config"]["redirect_urls"]
    assert urlparse(redirect).path == defaults.redirect_uri_path


def test_scopes_events_and_features() -> None:
    manifest = _manifest()
    assert manifest["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_home_opened", "app_uninstalled", "tokens_revoked"} <= set(events)
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    long_description = manifest["display_information"]["long_description"]
    assert 175 <= len(long_description) <= 4000  # Slack's bounds
