"""Which CE and renewal reminders a member is owed on a local date (pure; ABII's rules as data).

Each reminder has a kind and an occasion (e.g. `ce-30` for period `2025-2026`), recorded in
`reminders_sent` so it goes out once. A reminder is owed from its trigger date until its deadline
passes, so a member who was quiet-houred or offline on the exact day still gets it later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta

from bot.abii_rules import CE_RULES
from bot.ce_calendar import CeStatus

__all__ = ["CE_LEAD_DAYS", "Reminder", "in_quiet_hours", "owed_reminders"]

CE_LEAD_DAYS = (90, 30, 7)
RENEWAL_MONTH = 12
TEN_YEAR_LEAD_DAYS = 365


@dataclass(frozen=True, slots=True)
class Reminder:
    kind: str
    occasion: str
    text: str


def owed_reminders(status: CeStatus) -> list[Reminder]:
    """Reminders due on `status.today`; the caller drops those already sent."""
    today = status.today
    owed: list[Reminder] = []
    period = status.period
    if status.period_started and status.remaining > 0:
        days_left = (period.end - today).days
        for lead in sorted(CE_LEAD_DAYS):
            if 0 <= days_left <= lead:
                owed.append(
                    Reminder(
                        f"ce-{lead}",
                        f"{period.start.year}-{period.end.year}",
                        f"CE reminder: {status.credits:g} of {status.required:g} credits logged "
                        f"for {period.label}; {status.remaining:g} still missing, due "
                        f"{period.end} ({days_left} days left).",
                    )
                )
                break  # only the most urgent stage
    if today.month == RENEWAL_MONTH:
        owed.append(
            Reminder(
                "renewal",
                str(today.year),
                f"Renewal reminder: the ${status.fee_usd} ABII annual renewal is due "
                f"{status.fee_due}. From Jan 1 to Mar 31 a ${status.late_fee_usd} late fee "
                "applies.",
            )
        )
    if status.in_late_window:
        text = (
            f"Late-fee window: if your {today.year - 1} renewal is unpaid, pay it with the "
            f"${status.late_fee_usd} late fee by {status.late_window_end}; after that the "
            "certification is discontinued."
        )
        if status.previous_period is not None and status.previous_short > 0:
            text += (
                f" Your period {status.previous_period.label} is {status.previous_short:g} "
                "credits short: report them in the same transaction."
            )
        owed.append(Reminder("late-window", str(today.year), text))
    ten = status.ten_year_due
    if ten - timedelta(days=TEN_YEAR_LEAD_DAYS) <= today <= ten:
        owed.append(
            Reminder(
                "ten-year",
                ten.isoformat(),
                f"Your ten-year requirements are due {ten}. {CE_RULES.ten_year_requirements_text}",
            )
        )
    return owed


def in_quiet_hours(local: time, start: str, end: str) -> bool:
    """Quiet hours may wrap midnight (21:00-08:00)."""
    s = time.fromisoformat(start)
    e = time.fromisoformat(end)
    if s <= e:
        return s <= local < e
    return local >= s or local < e
