"""ABII's rules for the CIIP credential, kept as data in one place.

Everything here is a published fact that ABII may change; when it does, this module is the only
place to edit. Sources (see docs/ciip-exam-facts.md):

* The exam blueprint (domains and item counts) is data the bank owns: question_bank/blueprint.yaml.
* Maintaining certification: ABII "Maintaining Certification" page: 24 CE credits per two-year
  period starting January 1 of the first full year after passing, reported by December 31 of the
  period's second year; $70 annual renewal due December 31; $20 late fee January 1 - March 31;
  discontinued when either is missing after March 31; ten-year requirements due at ten years.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CE_RULES", "CERules"]


@dataclass(frozen=True, slots=True)
class CERules:
    """Continuing-education and renewal calendar (ABII "Maintaining Certification")."""

    credits_per_period: float = 24.0
    period_years: int = 2
    annual_fee_usd: int = 70
    fee_due_month: int = 12
    fee_due_day: int = 31
    late_fee_usd: int = 20
    late_window_end_month: int = 3
    late_window_end_day: int = 31
    certification_years: int = 10
    max_credits_per_entry: float = 50.0
    reminder_lead_days: tuple[int, ...] = (90, 30, 7)
    """CE reminders go out this many days before the period ends (the most urgent owed only)."""
    ten_year_lead_days: int = 365
    ten_year_requirements_text: str = (
        "Ten-Year Requirements are due at the ten-year mark (ABII has described them as not "
        "including a re-test; check ABII's current page for the exact items)."
    )


CE_RULES = CERules()
