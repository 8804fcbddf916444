"""The core's one entry point: `Core.handle(event) -> Result`.

Adapters turn platform payloads into `bot.events` (a command, a click, the overview opened) and
carry out the returned `bot.effects`; the scheduler turns time into `Tick`s. Every rule and
every sentence a member sees is decided behind this method. It never raises for bad input:
unknown commands, malformed arguments and stale buttons become friendly messages, a database
outage becomes "try again in a moment", and anything unexpected is logged once and answered
politely. Blocking database work runs in a worker thread so an adapter's event loop stays free.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import DBAPIError, OperationalError

from bot import (
    handlers_ce,
    handlers_exam,
    handlers_groups,
    handlers_learning,
    handlers_me,
    handlers_prep,
    handlers_reports,
    render,
)
from bot.actions import ActionKind, parse_action
from bot.answers import AnswerRecorder
from bot.boards import Boards
from bot.catalog import Catalog
from bot.ce_book import CeBook
from bot.clock import Clock, SystemClock
from bot.commands import UsageError, help_lines, parse
from bot.context import CoreContext
from bot.conversation_refs import ConversationBook
from bot.daily import DailyBook
from bot.daily_posting import DailyPosting
from bot.directory import Directory
from bot.effects import Respond, Result
from bot.eligibility import EligibilityBook
from bot.errors import TutorError
from bot.events import Click, Command, Event, OverviewOpened, Tick
from bot.exam import ExamService
from bot.groups import GroupBook
from bot.handlers_daily import DailyCommands
from bot.identity import Actor
from bot.learner_views import LearnerViews
from bot.members import MemberService
from bot.my_data import MyData
from bot.plans import PlanBook
from bot.ports import DailyControl, Messenger, NullMessenger
from bot.progress import ProgressViews
from bot.quiz import QuizService
from bot.readiness_views import ReadinessBook
from bot.reminders import ReminderSweeps
from bot.reports import ReportBook
from bot.scoring import PointsRule
from bot.settings import CoreSettings
from bot.srs import Srs
from bot.storage.database import Database
from bot.ticks import TickRunner

__all__ = ["Core", "build_core", "upgrade_database"]

log = logging.getLogger(__name__)

Handler = Callable[["Core", Actor, tuple[str, ...]], Result]

COMMAND_HANDLERS: dict[str, Handler] = {
    "quiz": handlers_learning.quiz,
    "stats": handlers_learning.stats,
    "streak": handlers_learning.streak,
    "me": handlers_me.me,
    "timezone": handlers_learning.timezone,
    "nudges": handlers_learning.nudges,
    "leaderboard": handlers_groups.leaderboard,
    "group": handlers_groups.group,
    "ce": handlers_ce.ce,
    "exam": handlers_exam.exam,
    "chart": handlers_exam.chart,
    "plan": handlers_prep.plan,
    "ready": handlers_prep.ready,
    "eligibility": handlers_prep.eligibility,
    "report": handlers_reports.report,
    "reports": handlers_reports.reports,
}
CLICK_HANDLERS = {
    ActionKind.ANSWER: handlers_learning.answer_click,
    ActionKind.DAILY: handlers_learning.daily_click,
    ActionKind.NEXT: handlers_learning.next_click,
    ActionKind.BOARD_PAGE: handlers_groups.board_click,
    ActionKind.EXAM: handlers_exam.exam_click,
    ActionKind.DELETE_ME: handlers_me.delete_click,
    ActionKind.REPORT: handlers_reports.report_click,
}
STALE_BUTTON = "That button is from an older version; try `/ciip quiz`."
ADMIN_ONLY = "Sorry, `/ciip {name}` is for workspace admins. Ask one to set it up."


def _refusal(text: str) -> Result:
    return Result([Respond(render.error_message(text))], ok=False)


class Core:
    """Every service, built once; `handle` is the way in."""

    def __init__(
        self,
        ctx: CoreContext,
        *,
        messenger: Messenger | None = None,
        daily_control: DailyControl | None = None,
        instance: str | None = None,
        board_page_size: int = 10,
    ) -> None:
        self.ctx = ctx
        self.messenger = messenger or NullMessenger()
        self.daily_control = daily_control
        self.instance = instance or f"{socket.gethostname()}:{os.getpid()}"
        self.recorder = AnswerRecorder(ctx)
        self.members = MemberService(ctx)
        self.quiz = QuizService(ctx, self.recorder)
        self.learner = LearnerViews(ctx, self.quiz)
        self.plans = PlanBook(ctx)
        self.readiness = ReadinessBook(ctx)
        self.eligibility = EligibilityBook(ctx)
        self.groups = GroupBook(ctx)
        self.boards = Boards(ctx, self.groups, board_page_size)
        self.ce = CeBook(ctx)
        self.reports = ReportBook(ctx)
        self.daily = DailyBook(ctx, self.recorder)
        self.exams = ExamService(ctx, self.recorder)
        self.progress = ProgressViews(ctx)
        self.my_data = MyData(ctx)
        self.posting = DailyPosting(
            self.daily,
            self.messenger,
            self.instance,
            grace=timedelta(hours=ctx.settings.daily_grace_hours),
        )
        self.sweeps = ReminderSweeps(ctx, self.ce, self.messenger, self.plans)
        self.daily_commands = DailyCommands(self)
        self.ticks = TickRunner(self)
        self.conversations = ConversationBook(ctx.db)

    def attach(
        self, messenger: Messenger | None = None, daily_control: DailyControl | None = None
    ) -> None:
        """Wire the ports once the adapter and scheduler exist (they are built after the core)."""
        if messenger is not None:
            self.messenger = messenger
            self.posting.messenger = messenger
            self.sweeps.messenger = messenger
        if daily_control is not None:
            self.daily_control = daily_control

    @property
    def can_post(self) -> bool:
        """False until an adapter wires a real messenger (the console has none)."""
        return not isinstance(self.messenger, NullMessenger)

    # ------------------------------------------------------------------ the entry point
    async def handle(self, event: Event) -> Result:
        return await self._guarded(type(event).__name__, self._route(event))

    async def _route(self, event: Event) -> Result:
        if isinstance(event, Command):
            return await self._command(event)
        if isinstance(event, Click):
            return await self._click(event)
        if isinstance(event, OverviewOpened):
            messages = await asyncio.to_thread(handlers_learning.overview, self, event.actor)
            return Result([Respond(m) for m in messages])
        if isinstance(event, Tick):
            return await self.ticks.run(event)
        return _refusal(render.SLIPPED)

    @staticmethod
    async def _guarded(what: str, work: Awaitable[Result]) -> Result:
        """Every way in ends here: bad input, a database outage or a bug becomes a reply."""
        try:
            return await work
        except (UsageError, TutorError) as exc:
            return _refusal(str(exc))
        except (OperationalError, DBAPIError):
            log.warning("database unavailable while handling %s", what)
            return _refusal(render.DATABASE_BUSY)
        except Exception:  # never show a traceback to a member
            log.exception("handling %s failed", what)
            return _refusal(render.SLIPPED)

    async def handle_text(self, actor: Actor, text: str) -> Result:
        """Shorthand for `handle(Command(actor, text))` (scripts and tests)."""
        return await self.handle(Command(actor, text))

    async def handle_click(self, actor: Actor, action_id: str) -> Result:
        """Shorthand for `handle(Click(actor, action_id))`."""
        return await self.handle(Click(actor, action_id))

    async def _command(self, event: Command) -> Result:
        command = parse(event.text)
        actor = event.actor
        if command.spec.admin and not actor.is_admin:
            return _refusal(ADMIN_ONLY.format(name=command.name))
        if command.name == "help":
            return Result([Respond(render.help_message(help_lines(actor.is_admin)))])
        if command.name == "daily":
            return await self.daily_commands.run(actor, command.args)
        handler = COMMAND_HANDLERS[command.name]
        return await asyncio.to_thread(handler, self, actor, command.args)

    async def _click(self, event: Click) -> Result:
        action = parse_action(event.action_id)
        if action is None:
            return _refusal(STALE_BUTTON)
        return await asyncio.to_thread(CLICK_HANDLERS[action.kind], self, event.actor, action)

    async def answer_letter(self, actor: Actor, letter: str) -> Result:
        """A typed letter (console): the same as clicking it on the open question."""
        return await self._guarded(
            "typed answer", asyncio.to_thread(handlers_learning.answer_open, self, actor, letter)
        )

    # ------------------------------------------------------------------ for the scheduler
    def schedules(self, platform: str | None = None):  # type: ignore[no-untyped-def]
        return self.daily.schedules(platform)

    def schedule(self, channel_id: int):  # type: ignore[no-untyped-def]
        return self.daily.schedule(channel_id)

    def leader_lock(self):  # type: ignore[no-untyped-def]
        from bot.storage.leader import LeaderLock

        return LeaderLock(self.ctx.db)

    def ping(self) -> None:
        """Raises if the database does not answer (health checks)."""
        from sqlalchemy import text

        with self.ctx.read() as s:
            s.execute(text("SELECT 1"))

    @property
    def database_url(self) -> str:
        """Where the core keeps its data (the Slack OAuth stores share the database)."""
        return self.ctx.db.url

    @property
    def question_count(self) -> int:
        return len(self.ctx.catalog.bank)

    def now(self) -> datetime:
        """The injected clock's time (the scheduler starts its jobs from it)."""
        return self.ctx.now()

    def workspace_external_id(self, workspace_id: int, platform: str) -> str | None:
        """The platform's own id for one of our workspaces (a Teams tenant, a Slack team)."""
        with self.ctx.read() as s:
            return self.ctx.directory.workspace_external_id(s, workspace_id, platform)

    def close(self) -> None:
        self.ctx.db.dispose()


def upgrade_database(database_url: str | None) -> str:
    """Migrate a database to head (what every start does) and say which one, password hidden."""
    db = Database(database_url)
    try:
        db.upgrade()
        return db.engine.url.render_as_string(hide_password=True)
    finally:
        db.dispose()


def build_core(
    database_url: str | None,
    clock: Clock | None = None,
    *,
    settings: CoreSettings | None = None,
    questions: list | None = None,
    migrate: bool = True,
    rng: random.Random | None = None,
    messenger: Messenger | None = None,
) -> Core:
    """Open the database (migrated to head unless told not to), load the bank, build the core.

    `questions` are synced as the shipped bank when given; otherwise the bank is whatever the
    database already holds.
    """
    settings = settings or CoreSettings()
    clock = clock or SystemClock()
    db = Database(database_url if database_url is not None else settings.database_url)
    if migrate:
        db.upgrade()
    catalog = Catalog(db, clock)
    ctx = CoreContext(
        db=db,
        clock=clock,
        settings=settings,
        rng=rng or random.Random(),
        srs=Srs(settings.desired_retention),
        catalog=catalog,
        directory=Directory(db, clock),
        points=PointsRule(),
    )
    if questions is not None:
        catalog.sync(questions)
    else:
        catalog.reload()
    return Core(ctx, messenger=messenger)
