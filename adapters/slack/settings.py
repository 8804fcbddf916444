"""Slack settings from the environment or `.env` (prefix `SLACK_`), checked before anything starts.

Tokens and secrets are `SecretStr`, so printing or logging the settings never shows them.
"""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["BOT_SCOPES", "DEFAULT_API_URL", "SlackSettings"]

DEFAULT_API_URL = "https://slack.com/api/"

BOT_SCOPES: tuple[str, ...] = (
    "commands",  # the /ciip slash command
    "chat:write",  # questions, answers, daily posts and thread reveals
    "chat:write.public",  # post the daily question in a public channel without an invite
    "im:write",  # open a DM for nudges, CE reminders and "Quiz me" from App Home
    "users:read",  # users.info: is the member a workspace admin or owner?
    "files:write",  # charts, mock-exam reports and "my data" exports (files_upload_v2)
)
"""The bot scopes the app asks for; `manifest.yaml` lists the same (a test keeps them equal)."""


class SlackSettings(BaseSettings):
    # An empty `KEY=` line (as in .env.example) means "use the default", not "empty string".
    model_config = SettingsConfigDict(
        env_file=".env", env_prefix="SLACK_", extra="ignore", env_ignore_empty=True
    )

    bot_token: SecretStr | None = Field(
        default=None, description="xoxb- token for a single workspace (Socket Mode or HTTP)."
    )
    app_token: SecretStr | None = Field(
        default=None, description="xapp- app-level token with connections:write (Socket Mode)."
    )
    signing_secret: SecretStr | None = Field(
        default=None, description="Basic Information > Signing Secret (HTTP mode)."
    )
    client_id: str | None = Field(default=None, description="OAuth client id (multi-workspace).")
    client_secret: SecretStr | None = Field(default=None, description="OAuth client secret.")
    api_url: str = Field(
        default=DEFAULT_API_URL, description="Web API base URL; a loopback stand-in in tests."
    )
    command: str = Field(default="/ciip", description="The slash command, as in the manifest.")
    redirect_uri: str | None = Field(
        default=None,
        description="Full OAuth redirect URL when Slack has several; unset uses the app's one.",
    )
    install_path: str = "/slack/install"
    redirect_uri_path: str = "/slack/oauth_redirect"
    state_expiration_seconds: int = Field(default=600, ge=60, le=3600)
    admin_cache_seconds: int = Field(
        default=600, ge=0, description="How long a users.info admin answer is reused."
    )
    ack_deadline_seconds: float = Field(
        default=1.5,
        ge=0,
        le=2.5,
        description="How long a request may wait for its answer before it is acknowledged "
        "empty and finished after (Slack allows 3 s).",
    )

    @field_validator("command")
    @classmethod
    def _slash(cls, value: str) -> str:
        value = value.strip()
        return value if value.startswith("/") else "/" + value

    @property
    def api_base(self) -> str:
        """The Web API base with the trailing slash slack_sdk needs."""
        url = self.api_url.strip() or DEFAULT_API_URL
        return url if url.endswith("/") else url + "/"

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.client_id and self.client_secret and self.client_secret.get_secret_value())

    @staticmethod
    def _has(secret: SecretStr | None) -> bool:
        return secret is not None and bool(secret.get_secret_value().strip())

    def problems(self, *, http: bool) -> list[str]:
        """What is missing for the chosen mode, as sentences an admin can act on."""
        found = []
        if http:
            if not self._has(self.signing_secret):
                found.append("SLACK_SIGNING_SECRET is required with --http (Basic Information).")
            if not self.oauth_enabled and not self._has(self.bot_token):
                found.append(
                    "Set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID and "
                    "SLACK_CLIENT_SECRET for the multi-workspace install flow."
                )
        else:
            if not self._has(self.app_token):
                found.append(
                    "SLACK_APP_TOKEN (xapp-, scope connections:write) is required for Socket Mode."
                )
            if not self._has(self.bot_token):
                found.append("SLACK_BOT_TOKEN (xoxb-) is required for Socket Mode.")
            if self.oauth_enabled:
                found.append(
                    "Socket Mode serves one workspace with SLACK_BOT_TOKEN: unset SLACK_CLIENT_ID "
                    "and SLACK_CLIENT_SECRET, or run with --http for multi-workspace installs."
                )
        return found

    def scopes(self) -> list[str]:
        return list(BOT_SCOPES)
