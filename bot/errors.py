"""Errors the core raises for bad input; their text is friendly and safe to show a member."""

from __future__ import annotations

__all__ = ["NotAllowed", "NotFound", "TutorError"]


class TutorError(ValueError):
    """Input the core refuses; nothing was stored."""


class NotFound(TutorError):
    pass


class NotAllowed(TutorError):
    pass
