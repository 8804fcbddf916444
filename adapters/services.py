"""The container built once at start-up and passed down: the composition root's product."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field

from bot.clock import Clock, SystemClock
from bot.dispatch import Dispatcher
from bot.ports import DailyControl
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
    tutor: Tutor
    dispatcher: Dispatcher
    extras: dict[str, object] = field(default_factory=dict)

    def close(self) -> None:
        self.tutor.close()


def build_services(
    settings: CoreSettings | None = None,
    clock: Clock | None = None,
    *,
    database_url: str | None = None,
    daily_control: DailyControl | None = None,
    questions: list[Question] | None = None,
    rng: random.Random | None = None,
) -> Services:
    """Open the database (migrating it), sync the bank, and wire the dispatcher.

    `questions` defaults to the shipped bank, which must lint clean of load errors.
    """
    settings = settings or CoreSettings()
    clock = clock or SystemClock()
    if questions is None:
        bank = load_bank()
        if not bank.ok:
            raise BankInvalid("the question bank has errors:\n" + "\n".join(bank.errors[:20]))
        questions = bank.questions
    tutor = Tutor.open(
        database_url if database_url is not None else settings.database_url,
        clock,
        settings=settings,
        questions=questions,
        rng=rng,
    )
    log.info("question bank: %d questions", len(tutor.bank))
    return Services(settings, clock, tutor, Dispatcher(tutor, daily_control))
