"""From an incoming command or button click to the core's reply: the one seam adapters call.

`Dispatcher.handle_text` and `handle_action` never raise for bad input: unknown commands,
malformed arguments and stale buttons become friendly messages, so no member ever sees a
traceback. Database work runs in a worker thread so an adapter's event loop stays responsive.
"""

from __future__ import annotations

import asyncio
import logging
import re

from bot import render
from bot.abii_rules import DOMAINS, Domain, find_domain
from bot.actions import parse_action
from bot.ce_book import CeBook, parse_day
from bot.commands import ParsedCommand, UsageError, help_text, parse
from bot.daily import DailyBook
from bot.errors import TutorError
from bot.identity import Actor
from bot.messages import Message, Reply
from bot.ports import DailyControl
from bot.tutor import Tutor, validate_timezone

__all__ = ["Dispatcher"]

log = logging.getLogger(__name__)

_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _domain_choices() -> str:
    return ", ".join(f"`{d.key.split('_')[0]}`" for d in DOMAINS)


class Dispatcher:
    def __init__(self, tutor: Tutor, daily_control: DailyControl | None = None) -> None:
        self.tutor = tutor
        self.ce = CeBook(tutor)
        self.daily = DailyBook(tutor)
        self.daily_control = daily_control

    # ------------------------------------------------------------------ entry points
    async def handle_text(self, actor: Actor, text: str) -> Reply:
        try:
            command = parse(text)
            if command.spec.admin and not actor.is_admin:
                return Reply(
                    [
                        render.error_message(
                            "Sorry, `/ciip daily` is for workspace admins. Ask one to set it up."
                        )
                    ],
                    ok=False,
                )
            if command.name == "daily":
                return await self._cmd_daily(actor, command.args)
            return await asyncio.to_thread(self._run, actor, command)
        except (UsageError, TutorError) as exc:
            return Reply([render.error_message(str(exc))], ok=False)
        except Exception:  # never show a traceback to a member
            log.exception("command failed: %r", text[:200])
            return Reply(
                [render.error_message("Something went wrong on my side; try again.")], ok=False
            )

    async def handle_action(self, actor: Actor, action_id: str) -> Reply:
        action = parse_action(action_id)
        if action is None:
            return Reply(
                [render.error_message("That button is from an older version; try `/ciip quiz`.")],
                ok=False,
            )
        try:
            if action.kind == "answer":
                assert action.ref is not None and action.letter is not None
                return await asyncio.to_thread(self._answer, actor, action.ref, action.letter)
            if action.kind == "next":
                domain = find_domain(action.domain) if action.domain else None
                return await asyncio.to_thread(self._quiz, actor, domain)
            assert action.ref is not None and action.letter is not None
            return await asyncio.to_thread(self._answer_daily, actor, action.ref, action.letter)
        except TutorError as exc:
            return Reply([render.error_message(str(exc))], ok=False)
        except Exception:
            log.exception("action failed: %r", action_id)
            return Reply(
                [render.error_message("Something went wrong on my side; try again.")], ok=False
            )

    # ------------------------------------------------------------------ handlers
    def _run(self, actor: Actor, cmd: ParsedCommand) -> Reply:
        handler = getattr(self, f"_cmd_{cmd.name}")
        return handler(actor, cmd.args)

    def _cmd_help(self, actor: Actor, args: tuple[str, ...]) -> Reply:
        return Reply([Message(title="ciip-tutor", body=help_text(actor.is_admin))])

    def _cmd_quiz(self, actor: Actor, args: tuple[str, ...]) -> Reply:
        domain = None
        if args:
            domain = find_domain(" ".join(args))
            if domain is None:
                raise UsageError(
                    f"I don't know the domain `{' '.join(args)[:40]}`. Try one of: "
                    f"{_domain_choices()}."
                )
        return self._quiz(actor, domain)

    def _quiz(self, actor: Actor, domain: Domain | None) -> Reply:
        item = self.tutor.next_question(actor, domain)
        if item is None and domain is not None and not self.tutor.bank.ids_in(domain.key, None):
            return Reply([Message(body=f"There are no {domain.name} questions yet.")], ok=False)
        if item is None:
            return Reply(
                [
                    Message(
                        body="You've seen every question here recently and none is due; come back "
                        "tomorrow or try another domain."
                    )
                ]
            )
        return Reply([render.question_message(item)])

    def _answer(self, actor: Actor, issued_id: int, letter: str) -> Reply:
        outcome = self.tutor.answer_issued(actor, issued_id, letter)
        return Reply([render.outcome_message(outcome)])

    def _answer_daily(self, actor: Actor, post_id: int, letter: str) -> Reply:
        outcome = self.daily.answer(actor, post_id, letter)
        message = render.outcome_message(outcome)
        # The daily answer is private; the next step is a personal quiz, not the same question.
        return Reply([message])

    async def _cmd_daily(self, actor: Actor, args: tuple[str, ...]) -> Reply:
        if not actor.channel:
            raise UsageError("Run `/ciip daily ...` in the channel that should get the question.")
        sub, rest = args[0], args[1:]
        control = self.daily_control
        if sub == "here":
            at, zone, weekdays = parse_daily_args(rest)
            schedule = await asyncio.to_thread(self.daily.configure, actor, at, zone, weekdays)
            if control is not None:
                await control.schedule_changed(schedule.channel)
            days = "on weekdays" if schedule.weekdays_only else "every day"
            return Reply(
                [
                    Message(
                        body=f"Daily question scheduled here at {schedule.time} "
                        f"{schedule.timezone} {days}; the answer is revealed "
                        f"{schedule.reveal_after_minutes // 60} h later.",
                        private=False,
                    )
                ]
            )
        if sub == "off":
            key = await asyncio.to_thread(self.daily.disable, actor)
            if control is not None:
                await control.schedule_changed(key)
            return Reply([Message(body="Daily questions are off for this channel.")])
        if sub == "digest":
            if len(rest) != 1 or rest[0].lower() not in ("on", "off"):
                raise UsageError("Usage: `/ciip daily digest on|off`")
            key = await asyncio.to_thread(self.daily.set_digest, actor, rest[0].lower() == "on")
            if control is not None:
                await control.schedule_changed(key)
            return Reply([Message(body=f"Weekly leaderboard digest {rest[0].lower()}.")])
        key = await asyncio.to_thread(self.tutor.channel_key, actor)
        if sub == "now":
            if control is None:
                raise TutorError("Posting needs the scheduler; it is not running here.")
            return Reply([Message(body=await control.post_now(key))])
        schedule = await asyncio.to_thread(self.daily.schedule, key.channel_id)
        if schedule is None:
            text = "No daily question here. Set one with `/ciip daily here 09:00 Europe/Berlin`."
        else:
            days = "weekdays" if schedule.weekdays_only else "every day"
            text = f"Daily question at {schedule.time} {schedule.timezone}, {days}."
            if control is not None:
                text += " " + control.describe(key)
        return Reply([Message(body=text)])

    def answer_open(self, actor: Actor, letter: str) -> Reply:
        """A bare letter (console): answers the member's open question, if any."""
        item = self.tutor.open_question(actor)
        if item is None:
            return Reply([render.error_message("No open question. Type `quiz` for one.")], ok=False)
        try:
            return self._answer(actor, item.issued_id, letter)
        except TutorError as exc:
            return Reply([render.error_message(str(exc))], ok=False)

    def _cmd_stats(self, actor: Actor, args: tuple[str, ...]) -> Reply:
        skills = self.tutor.skills(actor)
        return Reply([render.stats_message(skills, self.tutor.weakest(skills))])

    def _cmd_streak(self, actor: Actor, args: tuple[str, ...]) -> Reply:
        current, best, _ = self.tutor.streak(actor)
        return Reply([render.streak_message(current, best)])

    def _cmd_leaderboard(self, actor: Actor, args: tuple[str, ...]) -> Reply:
        period, here = "week", False
        for arg in (a.lower() for a in args):
            if arg in ("week", "month", "all"):
                period = arg
            elif arg in ("here", "channel", "group"):
                here = True
            else:
                raise UsageError("Usage: `/ciip leaderboard [week|month|all] [here]`")
        board = self.tutor.leaderboard(actor, period, here)
        label = (
            f"#{actor.channel_name or 'this channel'}"
            if here
            else (actor.workspace_name or "this workspace")
        )
        return Reply([render.board_message(board, label)])

    def _cmd_timezone(self, actor: Actor, args: tuple[str, ...]) -> Reply:
        if len(args) != 1:
            raise UsageError("Usage: `/ciip timezone <IANA name>`, e.g. `America/Chicago`.")
        zone = self.tutor.set_timezone(actor, args[0])
        return Reply([Message(body=f"Timezone set to {zone}. Streaks now follow your local days.")])

    def _cmd_nudges(self, actor: Actor, args: tuple[str, ...]) -> Reply:
        usage = "Usage: `/ciip nudges on HH:MM` or `/ciip nudges off`"
        if not args or args[0].lower() not in ("on", "off"):
            raise UsageError(usage)
        if args[0].lower() == "off":
            self.tutor.set_nudges(actor, None)
            return Reply([Message(body="Study nudges are off.")])
        if len(args) != 2 or not _TIME_RE.match(args[1]):
            raise UsageError(usage)
        hh, mm = args[1].split(":")
        at = f"{int(hh):02d}:{mm}"
        self.tutor.set_nudges(actor, at)
        return Reply([Message(body=f"I'll nudge you at {at} your time when reviews are due.")])

    def _cmd_ce(self, actor: Actor, args: tuple[str, ...]) -> Reply:
        sub, rest = args[0], args[1:]
        if sub == "setup":
            if len(rest) != 1:
                raise UsageError("Usage: `/ciip ce setup YYYY-MM-DD` (the day you passed).")
            member = self.ce.setup(actor, parse_day(rest[0]))
            status = self.ce.status(actor)
            intro = Message(body=f"Noted: you passed on {member.ce_passed_on}.")
            return Reply([intro, render.ce_status_message(status)])
        if sub == "log":
            return self._ce_log(actor, rest)
        if sub == "list":
            return Reply([render.ce_list_message(self.ce.entries(actor))])
        if sub == "delete":
            if len(rest) != 1 or not rest[0].lstrip("#").isdigit():
                raise UsageError("Usage: `/ciip ce delete ID` (see `/ciip ce list`).")
            line = self.ce.delete(actor, int(rest[0].lstrip("#")))
            return Reply([Message(body=f"Deleted #{line.id}: {line.credits:g} cr {line.title}.")])
        if sub == "reminders":
            if len(rest) != 1 or rest[0].lower() not in ("on", "off"):
                raise UsageError("Usage: `/ciip ce reminders on|off`")
            self.ce.set_reminders(actor, rest[0].lower() == "on")
            return Reply([Message(body=f"CE reminders are {rest[0].lower()}.")])
        return Reply([render.ce_status_message(self.ce.status(actor))])

    def _ce_log(self, actor: Actor, rest: tuple[str, ...]) -> Reply:
        usage = 'Usage: `/ciip ce log CREDITS "TITLE" [YYYY-MM-DD] [category=NAME]`'
        if len(rest) < 2:
            raise UsageError(usage)
        try:
            credits = float(rest[0])
        except ValueError:
            raise UsageError(f"`{rest[0][:20]}` is not a number of credits. {usage}") from None
        words = list(rest[1:])
        category = None
        day = None
        if words and words[-1].lower().startswith("category="):
            category = words.pop().split("=", 1)[1] or None
        if words and re.match(r"^\d{4}-\d{2}-\d{2}$", words[-1]):
            day = parse_day(words.pop())
        if words and words[-1].lower().startswith("category="):
            category = words.pop().split("=", 1)[1] or None
        line = self.ce.log(actor, credits, " ".join(words), day, category)
        status = self.ce.status(actor)
        return Reply(
            [
                Message(
                    body=f"Logged #{line.id}: {line.credits:g} credits, {line.title} "
                    f"({line.earned_on})."
                ),
                render.ce_status_message(status),
            ]
        )


def parse_daily_args(args: tuple[str, ...]) -> tuple[str, str | None, bool | None]:
    """`here HH:MM [TZ] [weekdays|everyday]` -> (HH:MM, timezone or None, weekdays-only or None)."""
    usage = "Usage: `/ciip daily here HH:MM [IANA timezone] [weekdays|everyday]`"
    if not args or not _TIME_RE.match(args[0]):
        raise UsageError(usage)
    hh, mm = args[0].split(":")
    at = f"{int(hh):02d}:{mm}"
    zone: str | None = None
    weekdays: bool | None = None
    for arg in args[1:]:
        if arg.lower() in ("weekdays", "everyday", "daily"):
            weekdays = arg.lower() == "weekdays"
        elif zone is None:
            zone = validate_timezone(arg)
        else:
            raise UsageError(usage)
    return at, zone, weekdays
