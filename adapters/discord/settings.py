"""Discord settings from the environment or `.env` (prefix `DISCORD_`)."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_API_URL", "DiscordSettings"]

DEFAULT_API_URL = "https://discord.com/api/v10"


class DiscordSettings(BaseSettings):
    # An empty `KEY=` line (as in .env.example) means "use the default", not "empty string".
    model_config = SettingsConfigDict(
        env_file=".env", env_prefix="DISCORD_", extra="ignore", env_ignore_empty=True
    )

    token: SecretStr | None = Field(
        default=None, description="The bot token from the Developer Portal (Bot > Reset Token)."
    )
    dev_guild: int | None = Field(
        default=None,
        description="A server id: sync the commands there only, instantly (development). "
        "Unset syncs them globally.",
    )
    api_url: str = Field(
        default=DEFAULT_API_URL,
        description="REST base URL including the API version; tests point it at a loopback "
        "stand-in, whose /gateway/bot then also names the gateway to connect to.",
    )
    shards: str | None = Field(
        default=None,
        description="Unset: one connection. `auto`: AutoShardedClient with Discord's "
        "recommended shard count. A number: that many shards.",
    )
    defer_after: float = Field(
        default=1.5,
        ge=0,
        le=2.5,
        description="Seconds to wait for the core before deferring an interaction, so every "
        "interaction is acknowledged inside Discord's 3 seconds.",
    )
    board_page_size: int = Field(default=10, ge=3, le=25)
    sync_commands: bool = Field(
        default=True, description="Sync the /ciip commands at start-up (turn off to skip)."
    )

    @field_validator("api_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("shards")
    @classmethod
    def _check_shards(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().lower()
        if value != "auto" and not (value.isdigit() and int(value) >= 1):
            raise ValueError("DISCORD_SHARDS is `auto` or a shard count such as 4")
        return value

    @property
    def shard_count(self) -> int | None:
        """None for `auto` (ask Discord) or no sharding; see `sharded`."""
        return int(self.shards) if self.shards and self.shards.isdigit() else None

    @property
    def sharded(self) -> bool:
        return self.shards is not None

    @property
    def custom_api(self) -> bool:
        return self.api_url != DEFAULT_API_URL
