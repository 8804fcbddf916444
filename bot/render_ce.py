"""Wording of CE tracking: status, the log, deadlines and the reminder texts."""

from __future__ import annotations

from bot.ce_book import CeLine, Deadline, Logged, SetupResult
from bot.ce_calendar import CeStatus
from bot.messages import Bullets, Message, Paragraph, Tone, code, rich
from bot.render import count_noun

__all__ = [
    "ce_list_message",
    "ce_logged_message",
    "ce_setup_message",
    "ce_status_message",
    "deadlines_message",
]


def ce_status_message(status: CeStatus | None) -> Message:
    if status is None:
        return Message(
            title="CE tracking",
            body=rich(
                "Tell me when you passed the CIIP exam first: ",
                code("/ciip ce setup YYYY-MM-DD"),
                ".",
            ),
        )
    lines = []
    if status.period_started:
        lines.append(
            f"Period {status.period.label}: {status.credits:g} of "
            f"{count_noun(status.required, 'credit')}, {status.remaining:g} to go, "
            f"{count_noun(status.days_left, 'day')} left (due {status.period.end})."
        )
    else:
        lines.append(
            f"Your first CE period starts {status.period.start} and runs to {status.period.end}; "
            f"{count_noun(status.credits, 'credit')} logged for it so far."
        )
    lines.append(
        f"Annual renewal: ${status.fee_usd} due {status.fee_due}; from Jan 1 to Mar 31 a "
        f"${status.late_fee_usd} late fee applies, after Mar 31 the certification is discontinued."
    )
    if status.in_late_window:
        lines.append(
            f"⚠️ Late window until {status.late_window_end}: if last year's renewal is unpaid, "
            f"pay it with the ${status.late_fee_usd} late fee now."
        )
        if status.previous_period is not None and status.previous_short > 0:
            lines.append(
                f"⚠️ Period {status.previous_period.label} is "
                f"{count_noun(status.previous_short, 'credit')} short: report them by "
                f"{status.late_window_end}."
            )
    if status.ten_year_due < status.today:
        lines.append(
            f"Ten-year requirements were due {status.ten_year_due}; check ABII's portal that "
            "they are recorded."
        )
    else:
        lines.append(f"Ten-year requirements due {status.ten_year_due}.")
    return Message(
        title="CE status",
        body=tuple(Paragraph(rich(line)) for line in lines),
        tone=Tone.WARNING if status.in_late_window else Tone.INFO,
    )


def deadlines_message(deadlines: list[Deadline]) -> Message:
    return Message(
        title="Next deadlines",
        body=(Bullets(tuple(rich(f"{d.day.isoformat()}: {d.what}") for d in deadlines)),),
    )


def ce_list_message(lines: list[CeLine]) -> Message:
    if not lines:
        return Message(
            title="CE log", body=rich("Nothing logged yet: ", code('/ciip ce log 1.5 "Title"'), ".")
        )
    items = tuple(
        rich(
            f"#{x.id} {x.earned_on} {count_noun(x.credits, 'credit')}: {x.title}"
            + (f" [{x.category}]" if x.category else "")
        )
        for x in lines
    )
    return Message(
        title="CE log",
        body=(Bullets(items),),
        footer=rich("Delete with ", code("/ciip ce delete ID"), "."),
    )


def ce_logged_message(logged: Logged) -> Message:
    x = logged.line
    text = f"Logged #{x.id}: {count_noun(x.credits, 'credit')}, {x.title} ({x.earned_on})"
    if x.category:
        text += f" [{x.category}]"
    paragraphs = [Paragraph(rich(text + "."))]
    if not logged.counts:
        paragraphs.append(
            Paragraph(
                rich(f"⚠️ Stored, but it does not count towards your period: {logged.why_not}.")
            )
        )
    return Message(body=tuple(paragraphs), tone=Tone.INFO if logged.counts else Tone.WARNING)


def ce_setup_message(result: SetupResult) -> Message:
    text = f"Noted: you passed on {result.passed_on}."
    if result.replaced is not None:
        text += f" This replaces the date you gave before ({result.replaced})."
    return Message(body=text)


def ce_reminder_text(status: CeStatus, days_left: int) -> str:
    return (
        f"CE reminder: {status.credits:g} of {count_noun(status.required, 'credit')} logged for "
        f"{status.period.label}; {status.remaining:g} still missing, due {status.period.end} "
        f"({count_noun(days_left, 'day')} left)."
    )


def renewal_reminder_text(status: CeStatus) -> str:
    return (
        f"Renewal reminder: the ${status.fee_usd} ABII annual renewal is due {status.fee_due}. "
        f"From Jan 1 to Mar 31 a ${status.late_fee_usd} late fee applies."
    )


def late_window_text(status: CeStatus) -> str:
    text = (
        f"Late-fee window: if your {status.today.year - 1} renewal is unpaid, pay it with the "
        f"${status.late_fee_usd} late fee by {status.late_window_end}; after that the "
        "certification is discontinued."
    )
    if status.previous_period is not None and status.previous_short > 0:
        text += (
            f" Your period {status.previous_period.label} is "
            f"{count_noun(status.previous_short, 'credit')} short: report them in the same "
            "transaction."
        )
    return text


def ten_year_text(status: CeStatus, requirements: str) -> str:
    return f"Your ten-year requirements are due {status.ten_year_due}. {requirements}"


def reminder_message(text: str) -> Message:
    return Message(title="ciip-tutor reminder", body=text, tone=Tone.WARNING)
