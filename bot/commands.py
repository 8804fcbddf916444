"""The one command grammar every adapter shares: `/ciip <command> [args]`.

Adapters hand over the text after the slash command (or a console line); this module splits it
into a command and arguments and knows each command's usage line and help. Handlers live in
`bot.dispatch`; the help text is generated from this table so it cannot drift.
"""

from __future__ import annotations

import difflib
import re
import shlex
import unicodedata
from dataclasses import dataclass

__all__ = [
    "COMMANDS",
    "TEXT_LIMIT",
    "CommandSpec",
    "ParsedCommand",
    "UsageError",
    "clean_text",
    "help_lines",
    "help_text",
    "needs_admin_status",
    "parse",
]

TEXT_LIMIT = 2000
"""No real command is longer; longer text is refused before any parsing (shlex is quadratic)."""


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    usage: str
    summary: str
    admin: bool = False
    subcommands: tuple[str, ...] = ()
    default_sub: str | None = None
    """The subcommand meant when none is given (otherwise `status`, if there is one)."""


COMMANDS: dict[str, CommandSpec] = {
    spec.name: spec
    for spec in (
        CommandSpec("help", "help", "Show this help."),
        CommandSpec(
            "quiz",
            "quiz [domain or topic]",
            "A personal question (due reviews first); a domain (`image`, `F`) or a topic word "
            "(`dicom`, `hl7`).",
        ),
        CommandSpec(
            "me",
            "me | me export | me delete",
            "Your overview (streak, weak domains, rank, CE deadlines); `export` sends you a "
            "JSON file of everything stored about you; `delete` erases it (after a confirm).",
        ),
        CommandSpec(
            "exam",
            "exam start [full|half|short] | exam | exam finish | exam stop | exam history",
            "A timed mock exam on the ABII blueprint (full 130, half 65, short 20 questions); "
            "also `exam report`, `exam flag`, `exam review`, `exam goto N`.",
            subcommands=(
                "start",
                "status",
                "finish",
                "stop",
                "history",
                "report",
                "flag",
                "review",
                "goto",
            ),
        ),
        CommandSpec(
            "chart",
            "chart [mastery|progress|group]",
            "A picture: your domain mastery, your weekly progress, or this channel's group.",
            subcommands=("mastery", "progress", "group"),
            default_sub="mastery",
        ),
        CommandSpec("stats", "stats", "Your accuracy per exam domain and your three weakest."),
        CommandSpec("streak", "streak", "Your current and best daily streak."),
        CommandSpec(
            "leaderboard",
            "leaderboard [week|month|all] [here|group]",
            "Top of the workspace, this channel (`here`) or your study group (`group`).",
        ),
        CommandSpec(
            "group",
            "group here [ROLE ID] | group off | group list",
            "Study groups: admins mark this channel as one (optionally bound to a role).",
            subcommands=("here", "off", "list"),
        ),
        CommandSpec(
            "ce",
            "ce setup YYYY-MM-DD | ce log CREDITS TITLE [YYYY-MM-DD] [category=NAME] | ce list "
            "| ce delete ID | ce status | ce reminders on|off",
            "Track continuing-education credits and ABII deadlines.",
            subcommands=("setup", "log", "list", "delete", "status", "reminders"),
        ),
        CommandSpec(
            "plan",
            "plan YYYY-MM-DD | plan | plan off",
            "Set your exam date and see the week-by-week plan, daily target and today's progress.",
        ),
        CommandSpec(
            "ready",
            "ready",
            "Your predicted % correct on a fresh 130-item exam, with a band and what would move "
            "it most.",
        ),
        CommandSpec(
            "eligibility",
            "eligibility [experience MONTHS | education LEVEL [informatics] | certifications N "
            "| ce HOURS | reset]",
            "Check ABII's Seven-Point Qualification System, one step at a time.",
        ),
        CommandSpec("timezone", "timezone <IANA name>", "Set your timezone, e.g. Europe/Berlin."),
        CommandSpec(
            "daily",
            "daily here HH:MM [IANA timezone] [weekdays|everyday] | daily off | daily now "
            "| daily status | daily digest on|off | daily plan YYYY-MM-DD|off",
            "Admins: schedule this channel's daily question.",
            admin=True,
            subcommands=("here", "off", "now", "status", "digest", "plan"),
        ),
        CommandSpec(
            "nudges",
            "nudges on HH:MM | nudges off",
            "A DM when reviews are due and your streak is at risk.",
        ),
        CommandSpec(
            "report",
            "report <question id> <wrong-key|unclear|outdated|typo|other> [note]",
            "Report a question that is wrong or unclear (`other` needs a note); admins review it.",
        ),
        CommandSpec(
            "reports",
            "reports | reports clear <question id> | reports retire <question id>",
            "Admins: reported questions; put one back (`clear`) or stop asking it here (`retire`).",
            admin=True,
            subcommands=("list", "clear", "retire"),
            default_sub="list",
        ),
    )
}

# Phones and chat clients turn straight quotes into curly ones; shlex only knows straight ones.
_SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})

ALIASES = {
    "?": "help",
    "q": "quiz",
    "lb": "leaderboard",
    "tz": "timezone",
    "stat": "stats",
    "home": "me",
    "overview": "me",
    "readiness": "ready",
    "eligible": "eligibility",
    "exam-date": "plan",
}
_INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


class UsageError(ValueError):
    """Input we could not understand; its message is safe and friendly to show as it is."""


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    name: str
    args: tuple[str, ...] = ()

    @property
    def spec(self) -> CommandSpec:
        return COMMANDS[self.name]


def clean_text(text: str) -> str:
    """Drop zero-width and control characters (pasted text carries them); keep the words."""
    text = _INVISIBLE.sub("", text)
    return "".join(
        " " if ch in "\t\r\n" else ch
        for ch in text
        if ch in "\t\r\n" or unicodedata.category(ch)[0] != "C"
    )


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return f" Did you mean `{close[0]}`?" if close else ""


def parse(text: str) -> ParsedCommand:
    """Parse `/ciip quiz image`, `ciip quiz image` or `quiz image`. Empty input means help."""
    text = text if isinstance(text, str) else ""
    if len(text) > TEXT_LIMIT:
        raise UsageError(
            f"That command is {len(text):,} characters long; commands are short. Try `/ciip help`."
        )
    text = clean_text(text).translate(_SMART_QUOTES)
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
        hint = _suggest(word, [*COMMANDS, *ALIASES])
        raise UsageError(f"I don't know the command `{tokens[0][:40]}`.{hint} Try `/ciip help`.")
    args = tuple(tokens[1:])
    spec = COMMANDS[name]
    if spec.subcommands:
        if not args:
            default = spec.default_sub or ("status" if "status" in spec.subcommands else None)
            if default is None:
                raise UsageError(f"Usage: `/ciip {spec.usage}`")
            args = (default,)
        sub = args[0].lower()
        if sub not in spec.subcommands:
            hint = _suggest(sub, list(spec.subcommands))
            raise UsageError(f"Usage: `/ciip {spec.usage}`.{hint}".replace("`..", "`."))
        args = (sub, *args[1:])
    return ParsedCommand(name, args)


def help_lines(is_admin: bool = False) -> list[tuple[str, str]]:
    """(usage, summary) per command the actor may use, in the table's order."""
    return [(s.usage, s.summary) for s in COMMANDS.values() if is_admin or not s.admin]


def help_text(is_admin: bool = False) -> str:
    """Help as plain text (the console's `--help` and tests)."""
    return "\n".join(f"/ciip {usage}: {summary}" for usage, summary in help_lines(is_admin))


def needs_admin_status(text: str) -> bool:
    """Whether answering `text` depends on the member being an admin (admin commands, and help,
    which lists them for admins): an adapter looks the status up only then, since it costs a
    platform call."""
    try:
        command = parse(text)
    except UsageError:
        return False
    return command.spec.admin or command.name == "help"
