"""Teams settings from the environment or `.env` (prefix `TEAMS_`), checked before anything starts.

The secret is a `SecretStr`, so printing or logging the settings never shows it. Every outside URL
(OpenID metadata, login endpoint, service URL) is a setting so tests can point it at loopback;
production leaves them at Microsoft's public-cloud defaults.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["TeamsSettings"]

_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

DEFAULT_OPENID = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_LOGIN = "https://login.microsoftonline.com"
DEFAULT_SERVICE_URL = "https://smba.trafficmanager.net/teams"


class TeamsSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_prefix="TEAMS_", extra="ignore", env_ignore_empty=True
    )

    app_id: str = Field(default="", description="Microsoft App ID (Entra app registration).")
    app_password: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TEAMS_APP_PASSWORD", "TEAMS_APP_SECRET", "app_password"),
        description="Client secret of that app registration.",
    )
    tenant_id: str = Field(default="", description="Directory (tenant) id: single-tenant bot.")
    openid_metadata_url: str = Field(
        default=DEFAULT_OPENID,
        description="Bot Framework OpenID metadata; the inbound JWKS is derived from it.",
    )
    login_endpoint: str = Field(
        default=DEFAULT_LOGIN, description="Entra login host; the token endpoint lives under it."
    )
    service_url: str = Field(
        default=DEFAULT_SERVICE_URL,
        description="Bot Connector URL for proactive sends before a conversation is known.",
    )
    host: str = Field(default="127.0.0.1", description="Bind address (behind a reverse proxy).")
    public_host: str = Field(
        default="ciip-tutor.example.org", description="Public host name for the app manifest."
    )
    admin_cache_seconds: int = Field(default=600, ge=0)

    @property
    def secret(self) -> str:
        return self.app_password.get_secret_value() if self.app_password else ""

    @property
    def token_url(self) -> str:
        return f"{self.login_endpoint.rstrip('/')}/{self.tenant_id}/oauth2/v2.0/token"

    def problems(self) -> list[str]:
        """What is missing or malformed, as sentences an admin can act on."""
        found = []
        if not _GUID.match(self.app_id.strip()):
            found.append(
                "TEAMS_APP_ID must be the bot's Microsoft App ID, a GUID "
                "(Azure Bot > Configuration, or Developer Portal > Bot management)."
            )
        if not self.secret.strip():
            found.append("TEAMS_APP_PASSWORD (the app registration's client secret) is required.")
        if not _GUID.match(self.tenant_id.strip()):
            found.append(
                "TEAMS_TENANT_ID must be your directory (tenant) id, a GUID "
                "(the bot is single-tenant)."
            )
        for name in ("openid_metadata_url", "login_endpoint", "service_url"):
            url = urlparse(getattr(self, name))
            if url.scheme not in ("http", "https") or not url.netloc:
                found.append(f"TEAMS_{name.upper()} must be an http(s) URL.")
        return found
