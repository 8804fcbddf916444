"""Button action ids: everything a click needs travels in the id, so buttons survive restarts.

One format for every adapter (ASCII, under Slack's 255 and Discord's 100 characters):
  `ciip:a:<issued id>:<letter>[:<filter>]`  answer a personal question
  `ciip:d:<daily post id>:<letter>`         answer a channel's daily question
  `ciip:next[:<filter>]`                    next personal question
  `ciip:lb:<w|c|g>:<ref>:<period>:<offset>` a leaderboard page (workspace, channel, group)
  `ciip:x:<exam id>:<position>:<op>`        a mock exam: op is a letter A-D (answer), `f`
                                            (flag toggle), `g` (go to), `r` (review), `e` (end)
  `ciip:md:<minute>`                        confirm "delete my data" (offered at that minute)
  `ciip:rep:<question id>[:<reason>]`       report a question: pick a reason, or send it
A filter is `d.<domain key>` or `t.<topic word>` (see `bot.quiz.QuizFilter`).
Adapters pass ids through untouched; only the core parses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Action",
    "ActionKind",
    "ExamOp",
    "answer_daily",
    "answer_issued",
    "board_page",
    "delete_me",
    "exam_action",
    "next_question",
    "parse_action",
    "report_question",
]

_FILTER = r"(?P<filter>[dt]\.[a-z0-9_-]{1,40})"
_RE = re.compile(
    r"^ciip:(?:"
    rf"(?P<kind>a|d):(?P<ref>\d{{1,18}}):(?P<letter>[ABCD])(?::{_FILTER})?"
    rf"|next(?::(?:{_FILTER.replace('filter', 'nfilter')}|(?P<legacy>[a-z_]{{1,40}})))?"
    r"|lb:(?P<scope>[wcg]):(?P<lref>\d{1,18}):(?P<period>week|month|all):(?P<offset>\d{1,6})"
    r"|x:(?P<xref>\d{1,18}):(?P<pos>\d{1,4}):(?P<xop>[ABCDfgre])"
    r"|md:(?P<minute>\d{1,12})"
    r"|rep:(?P<qid>[A-Z][A-Z0-9]{1,7}-[A-Z0-9][A-Z0-9-]{0,30})"
    r"(?::(?P<reason>wrong-key|unclear|outdated|typo))?"
    r")$"
)
ACTION_ID_LIMIT = 100


class ActionKind(StrEnum):
    ANSWER = "answer"
    DAILY = "daily"
    NEXT = "next"
    BOARD_PAGE = "board-page"
    EXAM = "exam"
    DELETE_ME = "delete-me"
    REPORT = "report"


class ExamOp(StrEnum):
    """What a mock-exam button does (the letter answers are `ANSWER`)."""

    ANSWER = "answer"
    FLAG = "f"
    GOTO = "g"
    REVIEW = "r"
    END = "e"


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    ref: int | None = None
    letter: str | None = None
    filter: str | None = None
    scope: str | None = None
    period: str | None = None
    offset: int = 0
    op: ExamOp | None = None
    question_id: str | None = None
    reason: str | None = None
    """A report's reason code (`bot.reports.ReportReason`); None asks the member to pick one."""


def answer_issued(issued_id: int, letter: str, filter_token: str | None = None) -> str:
    return f"ciip:a:{issued_id}:{letter}" + (f":{filter_token}" if filter_token else "")


def answer_daily(post_id: int, letter: str) -> str:
    return f"ciip:d:{post_id}:{letter}"


def next_question(filter_token: str | None = None) -> str:
    return f"ciip:next:{filter_token}" if filter_token else "ciip:next"


def board_page(scope: str, ref: int, period: str, offset: int) -> str:
    return f"ciip:lb:{scope}:{ref}:{period}:{offset}"


def exam_action(exam_id: int, position: int, op: ExamOp | str) -> str:
    """A mock-exam button: `op` is an `ExamOp` or an answer letter."""
    code = op.value if isinstance(op, ExamOp) else op
    return f"ciip:x:{exam_id}:{position}:{code}"


def delete_me(minute: int) -> str:
    return f"ciip:md:{minute}"


def report_question(question_id: str, reason: str | None = None) -> str:
    """The report button on an answer card (no reason yet), or one reason of the picker."""
    return f"ciip:rep:{question_id}" + (f":{reason}" if reason else "")


def parse_action(action_id: object) -> Action | None:
    """None for anything we did not issue (old formats, tampering, other apps' buttons)."""
    if not isinstance(action_id, str) or len(action_id) > ACTION_ID_LIMIT:
        return None
    m = _RE.match(action_id)
    if not m:
        return None
    if m.group("kind") == "a":
        return Action(ActionKind.ANSWER, int(m.group("ref")), m.group("letter"), m.group("filter"))
    if m.group("kind") == "d":
        return Action(ActionKind.DAILY, int(m.group("ref")), m.group("letter"))
    if m.group("qid"):
        return Action(ActionKind.REPORT, question_id=m.group("qid"), reason=m.group("reason"))
    if m.group("scope"):
        return Action(
            ActionKind.BOARD_PAGE,
            int(m.group("lref")),
            scope=m.group("scope"),
            period=m.group("period"),
            offset=int(m.group("offset")),
        )
    if m.group("xref"):
        xop = m.group("xop")
        letter = xop if xop in "ABCD" else None
        return Action(
            ActionKind.EXAM,
            int(m.group("xref")),
            letter,
            offset=int(m.group("pos")),
            op=ExamOp.ANSWER if letter else ExamOp(xop),
        )
    if m.group("minute"):
        return Action(ActionKind.DELETE_ME, int(m.group("minute")))
    if m.group("legacy"):  # buttons from before filters: `ciip:next:<domain key>`
        return Action(ActionKind.NEXT, filter=f"d.{m.group('legacy')}")
    return Action(ActionKind.NEXT, filter=m.group("nfilter"))
