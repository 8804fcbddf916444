"""The one schema every question obeys, whether shipped in `data/` or imported by a team.

Pydantic is the boundary: files are parsed into these models and nothing downstream
re-validates. Errors are collected per question so an author sees every problem at once.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["LETTERS", "Question", "QuestionFile", "content_hash"]

LETTERS: tuple[str, ...] = ("A", "B", "C", "D")
Letter = Literal["A", "B", "C", "D"]

_ID_RE = re.compile(r"^[A-Z][A-Z0-9]{1,7}-[A-Z0-9][A-Z0-9-]{0,30}$")
_BANNED_OPTIONS = re.compile(r"\b(all|none) of the above\b", re.IGNORECASE)


class Question(BaseModel):
    """One single-best-answer question with four options and a rationale for each."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(description="Stable id, e.g. IM-012; never reused or renumbered.")
    domain: str
    subtopic: str
    difficulty: int = Field(ge=1, le=3)
    stem: str = Field(min_length=20)
    options: dict[Letter, str]
    key: Letter
    explanation: str = Field(min_length=20, description="Why the key is right.")
    why_wrong: dict[Letter, str] = Field(description="Why each other option is wrong.")
    references: list[str] = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    version: int = Field(default=1, ge=1)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(f"id {value!r} must look like PREFIX-NNN, e.g. IM-012")
        return value

    @field_validator("options")
    @classmethod
    def _four_options(cls, value: dict[str, str]) -> dict[str, str]:
        if sorted(value) != list(LETTERS):
            raise ValueError("options must be exactly A, B, C and D")
        for letter, text in value.items():
            if not text.strip():
                raise ValueError(f"option {letter} is empty")
            if _BANNED_OPTIONS.search(text):
                raise ValueError(f"option {letter}: 'all/none of the above' is not allowed")
        if len({t.strip().lower() for t in value.values()}) != 4:
            raise ValueError("options must be four different answers")
        return value

    @field_validator("references")
    @classmethod
    def _non_empty_refs(cls, value: list[str]) -> list[str]:
        if any(not ref.strip() for ref in value):
            raise ValueError("references must not be empty strings")
        return value

    @model_validator(mode="after")
    def _rationale_for_each_distractor(self) -> Question:
        wrong = sorted(set(LETTERS) - {self.key})
        if sorted(self.why_wrong) != wrong:
            raise ValueError(
                f"why_wrong must explain exactly the wrong options {', '.join(wrong)} "
                f"(got {', '.join(sorted(self.why_wrong)) or 'none'})"
            )
        return self

    @property
    def hash(self) -> str:
        return content_hash(self)


class QuestionFile(BaseModel):
    """A data file: one domain and its questions (the domain is repeated on each question)."""

    model_config = ConfigDict(extra="forbid")

    domain: str
    questions: list[dict]


def content_hash(question: Question) -> str:
    """Hash of everything a learner sees, so an edited question is recognised as changed."""
    payload = question.model_dump(exclude={"tags", "version"})
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
