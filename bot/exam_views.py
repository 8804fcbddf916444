"""What a member sees of an exam step: the open exam (`ExamView`), a closed one (`ExamClosed`),
or the report (`bot.exam_report.ExamReport`). Plain data, so rendering needs no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.exam_report import ExamReport, ExamState
from question_bank.schema import Question

__all__ = ["ExamClosed", "ExamStep", "ExamView"]


@dataclass(frozen=True, slots=True)
class ExamView:
    """An open exam as the member sees it: where they are and what is left."""

    exam_id: int
    kind: str
    total: int
    position: int
    question: Question
    choice: str | None
    flagged: bool
    answered: int
    flagged_positions: tuple[int, ...]
    unanswered_positions: tuple[int, ...]
    deadline: datetime
    now: datetime
    review: bool = False
    """True when every item is answered but some are flagged: show the review screen."""
    resumed: bool = False

    @property
    def time_left(self) -> timedelta:
        return max(self.deadline - self.now, timedelta(0))


@dataclass(frozen=True, slots=True)
class ExamClosed:
    """A click or letter for an exam that is no longer open: nothing changed."""

    exam_id: int
    state: ExamState


ExamStep = ExamView | ExamReport | ExamClosed
