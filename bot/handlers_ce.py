"""Handlers for CE tracking: `ce setup | log | list | delete | status | reminders`."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from bot import render
from bot.ce_book import next_deadlines, parse_day, parse_entry_id
from bot.commands import UsageError
from bot.effects import Respond, Result
from bot.identity import Actor
from bot.render_ce import (
    ce_list_message,
    ce_logged_message,
    ce_setup_message,
    ce_status_message,
    deadlines_message,
)

if TYPE_CHECKING:
    from bot.core import Core

__all__ = ["ce", "parse_ce_log"]

LOG_USAGE = 'Usage: `/ciip ce log CREDITS "TITLE" [YYYY-MM-DD] [category="NAME"]`'
_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def _reply(*messages: render.Message) -> Result:
    return Result([Respond(m) for m in messages])


def parse_ce_log(rest: tuple[str, ...]) -> tuple[float, str, date | None, str | None]:
    """`CREDITS TITLE... [DATE] [category=NAME]`: the title is every word before the first date
    or category; after those nothing else may follow (no guessing what junk meant)."""
    if len(rest) < 2:
        raise UsageError(LOG_USAGE)
    try:
        credits = float(rest[0])
    except ValueError:
        raise UsageError(f"`{rest[0][:20]}` is not a number of credits. {LOG_USAGE}") from None
    title_words: list[str] = []
    day: date | None = None
    category: str | None = None
    tail = False
    for word in rest[1:]:
        if word.lower().startswith("category="):
            if category is not None:
                raise UsageError("Give one `category=` only.")
            category = word.split("=", 1)[1].strip() or None
            if category is None:
                raise UsageError('Name the category, e.g. `category="journal club"`.')
            tail = True
        elif _DATE_LIKE.match(word):
            if day is not None:
                raise UsageError("Give one date only.")
            day = parse_day(word)
            tail = True
        elif tail:
            raise UsageError(
                f"I don't know what `{word[:30]}` means after the date or category. Put the "
                f'whole title in quotes and a category with spaces as `category="journal club"`. '
                f"{LOG_USAGE}"
            )
        else:
            title_words.append(word)
    return credits, " ".join(title_words), day, category


def ce(core: Core, actor: Actor, args: tuple[str, ...]) -> Result:
    sub, rest = args[0], args[1:]
    if sub == "setup":
        if len(rest) != 1:
            raise UsageError("Usage: `/ciip ce setup YYYY-MM-DD` (the day you passed).")
        result = core.ce.setup(actor, parse_day(rest[0]))
        return _reply(ce_setup_message(result), ce_status_message(core.ce.status(actor)))
    if sub == "log":
        credits, title, day, category = parse_ce_log(rest)
        logged = core.ce.log(actor, credits, title, day, category)
        return _reply(ce_logged_message(logged), ce_status_message(core.ce.status(actor)))
    if sub == "list":
        return _reply(ce_list_message(core.ce.entries(actor)))
    if sub == "delete":
        if len(rest) != 1:
            raise UsageError("Usage: `/ciip ce delete ID` (see `/ciip ce list`).")
        line = core.ce.delete(actor, parse_entry_id(rest[0]))
        return _reply(
            render.text_message(
                f"Deleted #{line.id}: {render.count_noun(line.credits, 'credit')}, {line.title}."
            )
        )
    if sub == "reminders":
        if len(rest) != 1 or rest[0].lower() not in ("on", "off"):
            raise UsageError("Usage: `/ciip ce reminders on|off`")
        core.ce.set_reminders(actor, rest[0].lower() == "on")
        return _reply(render.text_message(f"CE reminders are {rest[0].lower()}."))
    status = core.ce.status(actor)
    messages = [ce_status_message(status)]
    if status is not None and (deadlines := next_deadlines(status)):
        messages.append(deadlines_message(deadlines))
    return _reply(*messages)
