"""The one command grammar every adapter shares: `/ciip <command> [args]`.

Adapters hand over the text after the slash command (or a console line); this module splits it
into a command and arguments and knows each command's usage line and help. Handlers live in
`bot.dispatch`; the help text is generated from this table so it cannot drift.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

__all__ = ["COMMANDS", "CommandSpec", "ParsedCommand", "UsageError", "help_text", "parse"]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    usage: str
    summary: str
    admin: bool = False
    subcommands: tuple[str, ...] = ()


COMMANDS: dict[str, CommandSpec] = {
    spec.name: spec
    for spec in (
        CommandSpec("help", "help", "Show this help."),
        CommandSpec("quiz", "quiz [domain]", "A personal question (due reviews first)."),
        CommandSpec("stats", "stats", "Your accuracy per exam domain and your three weakest."),
        CommandSpec("streak", "streak", "Your current and best daily streak."),
        CommandSpec(
            "leaderboard",
            "leaderboard [week|month|all] [here]",
            "Top of the workspace, or of this channel with `here`.",
        ),
        CommandSpec(
            "ce",
            "ce setup YYYY-MM-DD | ce log CREDITS TITLE [YYYY-MM-DD] [category=NAME] | ce list "
            "| ce delete ID | ce status | ce reminders on|off",
            "Track continuing-education credits and ABII deadlines.",
            subcommands=("setup", "log", "list", "delete", "status", "reminders"),
        ),
        CommandSpec("timezone", "timezone <IANA name>", "Set your timezone, e.g. Europe/Berlin."),
        CommandSpec(
            "daily",
            "daily here HH:MM [IANA timezone] [weekdays|everyday] | daily off | daily now "
            "| daily status | daily digest on|off",
            "Admins: schedule this channel's daily question.",
            admin=True,
            subcommands=("here", "off", "now", "status", "digest"),
        ),
        CommandSpec(
            "nudges",
            "nudges on HH:MM | nudges off",
            "A DM when reviews are due and your streak is at risk.",
        ),
    )
}

# Phones and chat clients turn straight quotes into curly ones; shlex only knows straight ones.
_SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})

ALIASES = {"?": "help", "q": "quiz", "lb": "leaderboard", "tz": "timezone", "stat": "stats"}


class UsageError(ValueError):
    """Input we could not understand; its message is safe and friendly to show as it is."""


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    name: str
    args: tuple[str, ...] = ()

    @property
    def spec(self) -> CommandSpec:
        return COMMANDS[self.name]


def parse(text: str) -> ParsedCommand:
    """Parse `/ciip quiz image`, `ciip quiz image` or `quiz image`. Empty input means help."""
    text = (text or "").translate(_SMART_QUOTES)
    try:
        tokens = shlex.split(text)
    except ValueError as exc:
        raise UsageError(
            f"I couldn't read that ({exc}). Check your quotes, or try `/ciip help`."
        ) from None
    if tokens and tokens[0].lower() in ("/ciip", "ciip"):
        tokens = tokens[1:]
    if not tokens:
        return ParsedCommand("help")
    word = tokens[0].lower()
    name = ALIASES.get(word, word)
    if name not in COMMANDS:
        raise UsageError(f"I don't know the command `{tokens[0][:40]}`. Try `/ciip help`.")
    args = tuple(tokens[1:])
    spec = COMMANDS[name]
    if spec.subcommands:
        if not args:
            default = "status" if "status" in spec.subcommands else None
            if default is None:
                raise UsageError(f"Usage: `/ciip {spec.usage}`")
            args = (default,)
        sub = args[0].lower()
        if sub not in spec.subcommands:
            raise UsageError(f"Usage: `/ciip {spec.usage}`")
        args = (sub, *args[1:])
    return ParsedCommand(name, args)


def help_text(is_admin: bool = False) -> str:
    lines = ["*ciip-tutor*: practice for the CIIP exam. Commands:"]
    for spec in COMMANDS.values():
        if spec.admin and not is_admin:
            continue
        lines.append(f"• `/ciip {spec.usage}`: {spec.summary}")
    return "\n".join(lines)
