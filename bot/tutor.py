"""`Tutor`: a thin facade over the core's services, for embedding the engine in a script.

The chat adapters use `bot.core.Core.handle`; this facade keeps the short, direct calls of the
README's "Embedding the engine" example working (`next_question`, `answer_issued`, `skills`,
`leaderboard`, ...). It holds no rule of its own: every method is one service call.
"""

from __future__ import annotations

import random
from datetime import datetime

from bot.answers import AnswerOutcome
from bot.bank import Bank, SyncReport
from bot.boards import BoardScope
from bot.clock import Clock
from bot.core import Core, build_core
from bot.errors import TutorError
from bot.identity import Actor, ChannelKey, MemberKey
from bot.leaderboard import Board
from bot.learner import DomainSkill
from bot.learner_views import weakest
from bot.members import validate_timezone
from bot.quiz import IssuedQuestion, QuizFilter
from bot.settings import CoreSettings
from bot.storage.database import Database
from bot.storage.models import Member
from question_bank.blueprint import Domain
from question_bank.schema import Question

__all__ = ["AnswerOutcome", "IssuedQuestion", "Tutor", "validate_timezone"]


class Tutor:
    def __init__(self, core: Core) -> None:
        self.core = core

    @classmethod
    def open(
        cls,
        database_url: str | None = None,
        clock: Clock | None = None,
        *,
        settings: CoreSettings | None = None,
        questions: list[Question] | None = None,
        migrate: bool = True,
        rng: random.Random | None = None,
    ) -> Tutor:
        return cls(
            build_core(
                database_url,
                clock,
                settings=settings,
                questions=questions,
                migrate=migrate,
                rng=rng,
            )
        )

    # ------------------------------------------------------------------ shared state
    @property
    def db(self) -> Database:
        return self.core.ctx.db

    @property
    def bank(self) -> Bank:
        return self.core.ctx.catalog.bank

    @property
    def settings(self) -> CoreSettings:
        return self.core.ctx.settings

    def now(self) -> datetime:
        return self.core.ctx.now()

    def close(self) -> None:
        self.core.close()

    # ------------------------------------------------------------------ bank
    def sync_bank(self, questions: list[Question]) -> SyncReport:
        return self.core.ctx.catalog.sync(questions)

    def workspace_id(self, platform: str, external_id: str) -> int:
        with self.core.ctx.work() as u:
            return u.workspace(Actor(platform, external_id, user=""))

    def import_questions(self, platform: str, external_id: str, questions: list[Question]):  # type: ignore[no-untyped-def]
        return self.core.ctx.catalog.import_questions(
            self.workspace_id(platform, external_id), questions
        )

    def question_ids_outside(self, platform: str, external_id: str) -> set[str]:
        """Ids a workspace's import may not reuse: shipped ones and other workspaces'."""
        workspace_id = self.workspace_id(platform, external_id)
        bank = self.bank
        return {qid for qid, owner in bank.owner.items() if owner != workspace_id} | (
            self.core.ctx.catalog.inactive_ids_outside(workspace_id)
        )

    # ------------------------------------------------------------------ identities
    def member_key(self, actor: Actor) -> MemberKey:
        with self.core.ctx.work() as u:
            return u.member(actor)

    def member_row(self, actor: Actor) -> Member:
        with self.core.ctx.work() as u:
            return u.directory.member_row(u.session, actor)

    def channel_key(self, actor: Actor) -> ChannelKey:
        with self.core.ctx.work() as u:
            return u.directory.channel_key(u.session, actor)

    def set_timezone(self, actor: Actor, name: str) -> str:
        return self.core.members.set_timezone(actor, name)

    def set_nudges(self, actor: Actor, at: str | None) -> None:
        self.core.members.set_nudges(actor, at)

    # ------------------------------------------------------------------ quiz
    def next_question(
        self, actor: Actor, domain: Domain | None = None, source: str = "quiz"
    ) -> IssuedQuestion | None:
        return self.core.quiz.next_question(actor, QuizFilter(domain=domain), source)

    def open_question(self, actor: Actor) -> IssuedQuestion | None:
        return self.core.quiz.open_question(actor)

    def answer_issued(self, actor: Actor, issued_id: int, choice: str) -> AnswerOutcome:
        return self.core.quiz.answer_issued(actor, issued_id, choice)

    def submit_answer(
        self,
        actor: Actor,
        question_id: str,
        choice: str,
        idempotency_key: str,
        source: str = "quiz",
    ) -> AnswerOutcome:
        return self.core.quiz.submit_answer(actor, question_id, choice, idempotency_key, source)

    def missed_questions(self, actor: Actor) -> list[Question]:
        return self.core.quiz.missed_questions(actor)

    # ------------------------------------------------------------------ learner views
    def skills(self, actor: Actor) -> list[DomainSkill]:
        return self.core.learner.skills(actor)

    @staticmethod
    def weakest(skills: list[DomainSkill], n: int = 3) -> list[DomainSkill]:
        return weakest(skills, n)

    def streak(self, actor: Actor) -> tuple[int, int, object]:
        s = self.core.learner.streak(actor)
        return s.current, s.best, s.last_day

    def leaderboard(
        self,
        actor: Actor,
        period: str = "week",
        here: bool = False,
        limit: int = 10,
        offset: int = 0,
    ) -> Board:
        if here and not actor.channel:
            raise TutorError("`here` only works in a channel.")
        scope = BoardScope.CHANNEL if here else BoardScope.WORKSPACE
        boards = self.core.boards
        if limit != boards.page_size:
            from bot.boards import Boards

            boards = Boards(self.core.ctx, self.core.groups, limit)
        return boards.page(actor, scope, 0, period, offset).board
