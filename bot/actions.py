"""Button action ids: everything a click needs travels in the id, so buttons survive restarts.

Formats (ASCII, well under Slack's 255 and Discord's 100 character limits):
  `ciip:a:<issued id>:<letter>`   answer a personal question
  `ciip:d:<daily post id>:<letter>` answer a channel's daily question
  `ciip:next` / `ciip:next:<domain>` next personal question
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Action", "answer_daily", "answer_issued", "next_question", "parse_action"]

_RE = re.compile(
    r"^ciip:(?:(?P<kind>a|d):(?P<ref>\d{1,18}):(?P<letter>[ABCD])|next(?::(?P<dom>[a-z_]{1,40}))?)$"
)


@dataclass(frozen=True, slots=True)
class Action:
    kind: str  # "answer", "daily" or "next"
    ref: int | None = None
    letter: str | None = None
    domain: str | None = None


def answer_issued(issued_id: int, letter: str) -> str:
    return f"ciip:a:{issued_id}:{letter}"


def answer_daily(post_id: int, letter: str) -> str:
    return f"ciip:d:{post_id}:{letter}"


def next_question(domain: str | None = None) -> str:
    return f"ciip:next:{domain}" if domain else "ciip:next"


def parse_action(action_id: str) -> Action | None:
    """None for anything we did not issue (old formats, tampering, other apps' buttons)."""
    m = _RE.match(action_id or "")
    if not m:
        return None
    if m.group("kind") == "a":
        return Action("answer", int(m.group("ref")), m.group("letter"))
    if m.group("kind") == "d":
        return Action("daily", int(m.group("ref")), m.group("letter"))
    return Action("next", domain=m.group("dom"))
