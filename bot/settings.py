"""Core settings from the environment or `.env` (documented in `.env.example`)."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["CoreSettings"]


class CoreSettings(BaseSettings):
    # An empty `KEY=` line (as in .env.example) means "use the default", not "empty string".
    model_config = SettingsConfigDict(
        env_file=".env", env_prefix="CIIP_", extra="ignore", env_ignore_empty=True
    )

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "CIIP_DATABASE_URL"),
        description="SQLAlchemy URL; unset means the embedded SQLite file ./ciip_tutor.db.",
    )
    desired_retention: float = Field(default=0.9, gt=0.5, lt=1.0)
    repeat_gap_days: int = Field(default=7, ge=0, le=365)
    daily_new_quota: int = Field(default=10, ge=0, le=200)
    """New questions a day without an exam date (with one, the plan computes the quota); 0 means
    due reviews always first (up to the cap), the rule before exam-aware selection."""
    daily_review_cap: int = Field(default=25, ge=1, le=500)
    """At most this many reviews a day, so reviews never crowd out new questions."""
    review_share: float = Field(default=0.1, ge=0.0, le=0.9)
    """Share of each day's picks that may be reviews while today's new quota is not met."""
    max_repeats_per_week: int = Field(default=3, ge=1, le=7)
    """No question is asked more often than this in any seven days."""
    plan_nudge_time: str = "19:00"
    """Evening local time after which a member behind the plan's daily target is nudged."""
    mock_exam_length: int = Field(
        default=130, ge=10, le=200, description="Items in a `full` mock exam (the real one: 130)."
    )
    mock_exam_half_length: int = Field(default=65, ge=5, le=200)
    mock_exam_short_length: int = Field(default=20, ge=5, le=200)
    mock_exam_minutes_per_item: float = Field(
        default=1.0, gt=0, le=5, description="Pace: the real exam gives about a minute an item."
    )
    chart_dir: str | None = Field(
        default=None, description="Where the console writes chart PNGs (default: beside the DB)."
    )
    default_timezone: str = "UTC"
    admin_ids: str = Field(default="", description="Comma-separated platform user ids.")
    daily_grace_hours: float = Field(default=6.0, ge=0)
    daily_reveal_minutes: int = Field(default=480, ge=5)
    report_threshold: int = Field(
        default=2,
        ge=1,
        le=50,
        description="Open reports from this many members withhold a question in a workspace.",
    )
