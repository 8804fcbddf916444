"""Slack settings: what each mode needs, and secrets that never print."""

from __future__ import annotations

from adapters.slack.settings import SlackSettings


def _settings(**values: object) -> SlackSettings:
    base: dict[str, object] = {
        "bot_token": None,
        "app_token": None,
        "signing_secret": None,
        "client_id": None,
        "client_secret": None,
    }
    base.update(values)
    return SlackSettings(_env_file=None, **base)  # type: ignore[arg-type]


def test_socket_mode_needs_app_and_bot_tokens() -> None:
    problems = _settings().problems(http=False)
    assert any("SLACK_APP_TOKEN" in p for p in problems)
    assert any("SLACK_BOT_TOKEN" in p for p in problems)
    assert _settings(app_token="xapp-1", bot_token="xoxb-1").problems(http=False) == []


def test_socket_mode_refuses_oauth_credentials() -> None:
    s = _settings(app_token="xapp-1", bot_token="xoxb-1", client_id="1.2", client_secret="s")
    assert any("--http" in p for p in s.problems(http=False))


def test_http_needs_signing_secret_and_a_way_to_authorize() -> None:
    problems = _settings().problems(http=True)
    assert any("SLACK_SIGNING_SECRET" in p for p in problems)
    assert any("SLACK_CLIENT_ID" in p for p in problems)
    assert _settings(signing_secret="s", bot_token="xoxb-1").problems(http=True) == []
    oauth = _settings(signing_secret="s", client_id="1.2", client_secret="c")
    assert oauth.oauth_enabled and oauth.problems(http=True) == []


def test_api_url_gets_its_trailing_slash_and_command_its_slash() -> None:
    s = _settings(api_url="http://127.0.0.1:9/api", command="ciip")
    assert s.api_base == "http://127.0.0.1:9/api/"
    assert s.command == "/ciip"


def test_secrets_do_not_print(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env-123")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-from-env")
    s = SlackSettings(_env_file=None)
    assert s.bot_token is not None and s.bot_token.get_secret_value() == "xoxb-from-env-123"
    shown = repr(s) + str(s.model_dump())
    assert "xoxb-from-env-123" not in shown and "signing-from-env" not in shown
