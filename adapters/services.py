"""The container built once at start-up and passed down: the composition root's product."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass

from bot.clock import Clock, SystemClock
from bot.core import Core, build_core
from bot.settings import CoreSettings
from bot.tutor import Tutor
from question_bank.loader import load_bank
from question_bank.schema import Question

__all__ = ["BankInvalid", "Services", "build_services"]

log = logging.getLogger(__name__)


class BankInvalid(RuntimeError):
    pass


@dataclass
class Services:
    settings: CoreSettings
    clock: Clock
    core: Core

    @property
    def tutor(self) -> Tutor:
        """The embedding facade over the same core (scripts and tests)."""
        return Tutor(self.core)

    def close(self) -> None:
        self.core.close()


def build_services(
    settings: CoreSettings | None = None,
    clock: Clock | None = None,
    *,
    database_url: str | None = None,
    questions: list[Question] | None = None,
    rng: random.Random | None = None,
) -> Services:
    """Open the database (migrating it), sync the bank, and build the core.

    `questions` defaults to the shipped bank, which must lint clean of load errors.
    """
    settings = settings or CoreSettings()
    clock = clock or SystemClock()
    if questions is None:
        bank = load_bank()
        if not bank.ok:
            raise BankInvalid("the question bank has errors:\n" + "\n".join(bank.errors[:20]))
        questions = bank.questions
    core = build_core(
        database_url if database_url is not None else settings.database_url,
        clock,
        settings=settings,
        questions=questions,
        rng=rng,
    )
    log.info("question bank: %d questions", core.question_count)
    return Services(settings, clock, core)
