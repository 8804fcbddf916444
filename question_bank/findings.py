"""The one result type of every bank rule: a level, a message, and the question it is about."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ERROR", "WARNING", "Finding"]

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """An error fails `ciip-tutor bank lint`; a warning is printed for the author to judge.

    `question_id` is None for findings about the bank as a whole (key balance, coverage);
    `rule` names the rule so the output and the report can count findings per rule.
    """

    level: str  # "error" or "warning"
    message: str
    question_id: str | None = None
    rule: str = ""

    def __str__(self) -> str:
        where = f"{self.question_id}: " if self.question_id else ""
        return f"{self.level}: {where}{self.message}"
