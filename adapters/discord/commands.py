"""`/ciip`: one app-command group with every core command, with Discord-native options.

Each subcommand builds the core's command text (`quiz image`, `ce log 1.5 'RSNA talk'`) and
hands it to the dispatcher, so the grammar and its error messages stay in the core. Options
use choices for domains, periods and on/off, autocomplete for timezones, and a role picker
for study groups. Leaderboards and study groups are Discord-side (paging, roles).
"""

from __future__ import annotations

import shlex
from functools import cache
from typing import Any
from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.app_commands import Choice

from adapters.discord.views import handlers_of
from bot.abii_rules import ELIGIBILITY
from question_bank.blueprint import DOMAINS

__all__ = ["CiipCommands", "zone_matches"]

Interaction = discord.Interaction[Any]

DOMAIN_CHOICES = [Choice(name=f"{d.letter}. {d.name}", value=d.key) for d in DOMAINS]
PERIOD_CHOICES = [
    Choice(name="This week", value="week"),
    Choice(name="This month", value="month"),
    Choice(name="All time", value="all"),
]
SCOPE_CHOICES = [
    Choice(name="Server", value="server"),
    Choice(name="This channel", value="channel"),
    Choice(name="Study group", value="group"),
]
ON_OFF = [Choice(name="On", value="on"), Choice(name="Off", value="off")]
ELIGIBILITY_STEPS = [Choice(name=c.name, value=c.key) for c in ELIGIBILITY.categories] + [
    Choice(name="Start over", value="reset")
]
MY_DATA = [
    Choice(name="Export my data", value="export"),
    Choice(name="Delete my data", value="delete"),
]
EXAM_LENGTHS = [
    Choice(name="Full (130 questions)", value="full"),
    Choice(name="Half (65)", value="half"),
    Choice(name="Short (20)", value="short"),
]
DAYS = [Choice(name="Weekdays", value="weekdays"), Choice(name="Every day", value="everyday")]
REASONS = [
    Choice(name="Wrong key", value="wrong-key"),
    Choice(name="Unclear", value="unclear"),
    Choice(name="Outdated", value="outdated"),
    Choice(name="Typo", value="typo"),
    Choice(name="Other (say what in the note)", value="other"),
]


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


def zone_matches(current: str, limit: int = 25) -> list[str]:
    """IANA zones for what was typed so far: prefixes of a name part first, then substrings."""
    needle = current.strip().lower().replace(" ", "_")
    if not needle:
        return [
            "UTC",
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
            "Europe/London",
            "Europe/Berlin",
            "Asia/Kolkata",
            "Australia/Sydney",
        ]
    zones = _zones()
    first = [z for z in zones if any(p.startswith(needle) for p in z.lower().split("/"))]
    rest = [z for z in zones if needle in z.lower() and z not in first]
    return (first + rest)[:limit]


async def _zone_autocomplete(interaction: Interaction, current: str) -> list[Choice[str]]:
    return [Choice(name=z, value=z) for z in zone_matches(current)]


def _q(value: str) -> str:
    return shlex.quote(value.strip())


class CiipCommands(app_commands.Group):
    """The `/ciip` group; its callbacks find the handlers on the bot (no module state)."""

    def __init__(self) -> None:
        super().__init__(
            name="ciip",
            description="CIIP exam practice: quizzes, streaks, leaderboards and CE credits",
            guild_only=True,
        )

    @app_commands.command(name="help", description="What the tutor can do.")
    async def help_(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "help")

    @app_commands.command(description="A personal question (due reviews first).")
    @app_commands.describe(domain="Practise one exam domain")
    @app_commands.choices(domain=DOMAIN_CHOICES)
    async def quiz(self, interaction: Interaction, domain: str | None = None) -> None:
        await handlers_of(interaction).command(interaction, f"quiz {domain}" if domain else "quiz")

    @app_commands.command(description="Your overview, or your data: export it or delete it.")
    @app_commands.describe(data="Export (a JSON file, privately) or delete everything about you")
    @app_commands.choices(data=MY_DATA)
    async def me(self, interaction: Interaction, data: str | None = None) -> None:
        await handlers_of(interaction).command(interaction, f"me {data}" if data else "me")

    # ------------------------------------------------------------------ /ciip chart ...
    chart = app_commands.Group(name="chart", description="Pictures of where you stand")

    @chart.command(name="mastery", description="Accuracy and recall per domain vs the blueprint.")
    async def chart_mastery(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "chart mastery")

    @chart.command(name="progress", description="Your weekly accuracy over 12 weeks.")
    async def chart_progress(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "chart progress")

    @chart.command(name="group", description="This channel's study group: activity, weak spots.")
    async def chart_group(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "chart group")

    # ------------------------------------------------------------------ /ciip exam ...
    exam = app_commands.Group(name="exam", description="A timed mock exam on the ABII blueprint")

    @exam.command(name="start", description="Start a timed mock exam (or resume the open one).")
    @app_commands.describe(length="Full 130 questions, half 65, short 20")
    @app_commands.choices(length=EXAM_LENGTHS)
    async def exam_start(self, interaction: Interaction, length: str = "full") -> None:
        await handlers_of(interaction).command(interaction, f"exam start {length}")

    @exam.command(name="status", description="Where you are in your open exam.")
    async def exam_status(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "exam")

    @exam.command(name="finish", description="End the exam now and see the report.")
    async def exam_finish(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "exam finish")

    @exam.command(name="stop", description="Abandon the open exam (nothing is scored).")
    async def exam_stop(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "exam stop")

    @exam.command(name="history", description="Your past attempts and the trend.")
    async def exam_history(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "exam history")

    @exam.command(name="report", description="Your last exam's report again.")
    async def exam_report(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "exam report")

    @exam.command(name="flag", description="Flag (or unflag) the current question for review.")
    async def exam_flag(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "exam flag")

    @exam.command(name="review", description="Your flagged and unanswered questions.")
    async def exam_review(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "exam review")

    @exam.command(name="goto", description="Open question N of your exam.")
    async def exam_goto(
        self, interaction: Interaction, number: app_commands.Range[int, 1, 200]
    ) -> None:
        await handlers_of(interaction).command(interaction, f"exam goto {number}")

    @app_commands.command(description="Your accuracy per exam domain and your weakest domains.")
    async def stats(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "stats")

    @app_commands.command(description="Your current and best daily streak.")
    async def streak(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "streak")

    @app_commands.command(description="Top of the server, this channel or your study group.")
    @app_commands.describe(period="Which period", scope="Whose board")
    @app_commands.choices(period=PERIOD_CHOICES, scope=SCOPE_CHOICES)
    async def leaderboard(
        self, interaction: Interaction, period: str = "week", scope: str = "server"
    ) -> None:
        await handlers_of(interaction).leaderboard(interaction, period, scope)

    @app_commands.command(description="Set your timezone, so streaks follow your local days.")
    @app_commands.describe(zone="An IANA timezone, e.g. Europe/Berlin")
    @app_commands.autocomplete(zone=_zone_autocomplete)
    async def timezone(self, interaction: Interaction, zone: str) -> None:
        await handlers_of(interaction).command(interaction, f"timezone {_q(zone)}")

    @app_commands.command(description="A DM when reviews are due and your streak is at risk.")
    @app_commands.describe(state="On or off", time="Your local time, HH:MM (needed for On)")
    @app_commands.choices(state=ON_OFF)
    async def nudges(self, interaction: Interaction, state: str, time: str | None = None) -> None:
        if state == "off":
            text = "nudges off"
        else:  # without a time the core answers with the usage line
            text = f"nudges on {_q(time)}" if time and time.strip() else "nudges on"
        await handlers_of(interaction).command(interaction, text)

    @app_commands.command(description="Your exam date and week-by-week study plan.")
    @app_commands.describe(exam_date="Your exam day, YYYY-MM-DD, or `off` to clear it")
    async def plan(self, interaction: Interaction, exam_date: str | None = None) -> None:
        text = f"plan {_q(exam_date)}" if exam_date and exam_date.strip() else "plan"
        await handlers_of(interaction).command(interaction, text)

    @app_commands.command(
        description="Predicted % correct on a fresh 130-item exam, and what helps."
    )
    async def ready(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "ready")

    @app_commands.command(
        description="Check ABII's Seven-Point Qualification System, step by step."
    )
    @app_commands.describe(step="Which category to answer", answer="Months, level, number or hours")
    @app_commands.choices(step=ELIGIBILITY_STEPS)
    async def eligibility(
        self, interaction: Interaction, step: str | None = None, answer: str | None = None
    ) -> None:
        parts = ["eligibility"]
        if step:
            parts.append(step)
            if answer and answer.strip():
                parts += [_q(word) for word in answer.split()]
        await handlers_of(interaction).command(interaction, " ".join(parts))

    @app_commands.command(description="Report a question that is wrong or unclear.")
    @app_commands.describe(
        question="The question id from its header, e.g. IM-031",
        reason="What is wrong",
        note="What exactly (needed for Other)",
    )
    @app_commands.choices(reason=REASONS)
    async def report(
        self,
        interaction: Interaction,
        question: app_commands.Range[str, 1, 40],
        reason: str,
        note: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        text = f"report {_q(question)} {reason}" + (f" {_q(note)}" if note else "")
        await handlers_of(interaction).command(interaction, text)

    # ------------------------------------------------------------------ /ciip reports ...
    reports = app_commands.Group(name="reports", description="Admins: questions members reported")

    @reports.command(name="list", description="Open reports, grouped by question.")
    async def reports_list(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "reports list")

    @reports.command(name="clear", description="Clear a question's reports: it is asked again.")
    @app_commands.describe(question="The question id, e.g. IM-031")
    async def reports_clear(
        self, interaction: Interaction, question: app_commands.Range[str, 1, 40]
    ) -> None:
        await handlers_of(interaction).command(interaction, f"reports clear {_q(question)}")

    @reports.command(name="retire", description="Never ask this question on this server again.")
    @app_commands.describe(question="The question id, e.g. IM-031")
    async def reports_retire(
        self, interaction: Interaction, question: app_commands.Range[str, 1, 40]
    ) -> None:
        await handlers_of(interaction).command(interaction, f"reports retire {_q(question)}")

    # ------------------------------------------------------------------ /ciip ce ...
    ce = app_commands.Group(name="ce", description="Continuing-education credits and deadlines")

    @ce.command(name="status", description="Your CE period, credits and ABII deadlines.")
    async def ce_status(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "ce status")

    @ce.command(name="setup", description="Tell me when you passed the CIIP exam.")
    @app_commands.describe(passed_on="The day you passed, YYYY-MM-DD")
    async def ce_setup(self, interaction: Interaction, passed_on: str) -> None:
        await handlers_of(interaction).command(interaction, f"ce setup {_q(passed_on)}")

    @ce.command(name="log", description="Log CE credits you earned.")
    @app_commands.describe(
        credits="Credits earned, e.g. 1.5",
        title="What it was",
        earned_on="When, YYYY-MM-DD (default today)",
        category="Optional category",
    )
    async def ce_log(
        self,
        interaction: Interaction,
        credits: app_commands.Range[float, 0.0, 1000.0],
        title: app_commands.Range[str, 1, 300],
        earned_on: str | None = None,
        category: str | None = None,
    ) -> None:
        parts = ["ce", "log", f"{credits:g}", _q(title)]
        if earned_on:
            parts.append(_q(earned_on))
        if category:
            parts.append(_q(f"category={category.strip()}"))
        await handlers_of(interaction).command(interaction, " ".join(parts))

    @ce.command(name="list", description="Your logged CE activities.")
    async def ce_list(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "ce list")

    @ce.command(name="delete", description="Delete a logged CE activity.")
    @app_commands.describe(entry="The entry number from /ciip ce list")
    async def ce_delete(
        self, interaction: Interaction, entry: app_commands.Range[int, 1, None]
    ) -> None:
        await handlers_of(interaction).command(interaction, f"ce delete {entry}")

    @ce.command(name="reminders", description="CE and renewal reminders by DM.")
    @app_commands.choices(state=ON_OFF)
    async def ce_reminders(self, interaction: Interaction, state: str) -> None:
        await handlers_of(interaction).command(interaction, f"ce reminders {state}")

    # ------------------------------------------------------------------ /ciip daily ...
    daily = app_commands.Group(
        name="daily", description="Admins: the daily question in this channel"
    )

    @daily.command(name="here", description="Post a daily question in this channel.")
    @app_commands.describe(
        time="Local time, HH:MM", timezone="IANA timezone (default yours)", days="Which days"
    )
    @app_commands.autocomplete(timezone=_zone_autocomplete)
    @app_commands.choices(days=DAYS)
    async def daily_here(
        self,
        interaction: Interaction,
        time: str,
        timezone: str | None = None,
        days: str | None = None,
    ) -> None:
        parts = ["daily", "here", _q(time)]
        if timezone:
            parts.append(_q(timezone))
        if days:
            parts.append(days)
        await handlers_of(interaction).command(interaction, " ".join(parts), public=True)

    @daily.command(name="off", description="Stop the daily question here.")
    async def daily_off(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "daily off")

    @daily.command(name="now", description="Post today's question now.")
    async def daily_now(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "daily now")

    @daily.command(name="status", description="This channel's daily schedule.")
    async def daily_status(self, interaction: Interaction) -> None:
        await handlers_of(interaction).command(interaction, "daily status")

    @daily.command(name="digest", description="A weekly leaderboard digest here.")
    @app_commands.choices(state=ON_OFF)
    async def daily_digest(self, interaction: Interaction, state: str) -> None:
        await handlers_of(interaction).command(interaction, f"daily digest {state}")

    @daily.command(name="plan", description="The daily question follows a shared exam plan.")
    @app_commands.describe(exam_date="The group's exam day, YYYY-MM-DD, or `off`")
    async def daily_plan(self, interaction: Interaction, exam_date: str) -> None:
        await handlers_of(interaction).command(
            interaction, f"daily plan {_q(exam_date)}", public=True
        )

    # ------------------------------------------------------------------ /ciip group ...
    group = app_commands.Group(name="group", description="Study groups: a channel or a role")

    @group.command(name="here", description="Admins: make this channel or thread a study group.")
    @app_commands.describe(role="Members are this role's holders (default: whoever answers here)")
    async def group_here(self, interaction: Interaction, role: discord.Role | None = None) -> None:
        await handlers_of(interaction).group(interaction, "here", role)

    @group.command(name="off", description="Admins: this channel is no longer a study group.")
    async def group_off(self, interaction: Interaction) -> None:
        await handlers_of(interaction).group(interaction, "off")

    @group.command(name="list", description="The study groups of this server.")
    async def group_list(self, interaction: Interaction) -> None:
        await handlers_of(interaction).group(interaction, "list")
