""" "Report this question": members flag a bad question, admins clear or retire it.

Why it exists: a wrong key or an outdated fact teaches the wrong thing to everyone who gets the
question, so the people answering it are the fastest reviewers. A report belongs to one
workspace. Once `CIIP_REPORT_THRESHOLD` different members of a workspace have open reports on a
question, the question is *withheld* there (personal selection, due reviews, the daily question)
until an admin clears the reports (the question comes back) or retires it (it never comes back in
that workspace; `clear` is the admin's undo). One member's reports on one question are one row
(unique constraint), so reporting twice, or a double click, counts once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, func, select, union, update
from sqlalchemy.orm import Session

from bot.commands import UsageError
from bot.context import CoreContext
from bot.errors import NotAllowed, NotFound, TutorError
from bot.identity import Actor
from bot.storage.models import Issued, QuestionReport, QuestionRetirement, SrsCard, Workspace
from bot.storage.upserts import report_insert, retirement_insert

__all__ = [
    "DETAIL_LIMIT",
    "QueueItem",
    "ReportBook",
    "ReportOutcome",
    "ReportReason",
    "ReportState",
    "ReportStatus",
    "WorkspaceQueue",
    "parse_reason",
    "withheld_ids",
]

DETAIL_LIMIT = 500
"""A report's free text is a sentence or two, not an essay (the column is this wide)."""


class ReportReason(StrEnum):
    WRONG_KEY = "wrong-key"
    UNCLEAR = "unclear"
    OUTDATED = "outdated"
    TYPO = "typo"
    OTHER = "other"


class ReportState(StrEnum):
    OPEN = "open"
    """Counts toward withholding the question until an admin acts."""
    CLEARED = "cleared"
    """An admin found the question fine; the member may report it again later."""
    RETIRED = "retired"
    """An admin retired the question in this workspace."""


class ReportStatus(StrEnum):
    """What happened to one report, for the reporter's confirmation."""

    RECORDED = "recorded"
    DUPLICATE = "duplicate"
    ALREADY_RETIRED = "already-retired"


_REASON_WORDS = {
    "wrong-key": ReportReason.WRONG_KEY,
    "wrongkey": ReportReason.WRONG_KEY,
    "wrong_key": ReportReason.WRONG_KEY,
    "key": ReportReason.WRONG_KEY,
    "wrong": ReportReason.WRONG_KEY,
    "unclear": ReportReason.UNCLEAR,
    "ambiguous": ReportReason.UNCLEAR,
    "outdated": ReportReason.OUTDATED,
    "out-of-date": ReportReason.OUTDATED,
    "old": ReportReason.OUTDATED,
    "typo": ReportReason.TYPO,
    "other": ReportReason.OTHER,
}


def parse_reason(word: str) -> ReportReason | None:
    return _REASON_WORDS.get(word.strip().lower())


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    question_id: str
    reason: ReportReason
    status: ReportStatus


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One reported question in a workspace's queue."""

    question_id: str
    members: int
    reasons: dict[str, int]
    details: tuple[str, ...]
    first_reported: datetime
    withheld: bool


@dataclass(frozen=True, slots=True)
class WorkspaceQueue:
    platform: str
    external_id: str
    name: str
    items: tuple[QueueItem, ...] = ()
    retired: tuple[str, ...] = field(default_factory=tuple)
    """Retired question ids, most recently retired first."""


def withheld_ids(s: Session, workspace_id: int, threshold: int) -> set[str]:
    """Questions not to serve in a workspace: retired there, or with open reports from at
    least `threshold` members. One indexed query on the selection path."""
    reported = (
        select(QuestionReport.question_id)
        .where(
            QuestionReport.workspace_id == workspace_id,
            QuestionReport.state == ReportState.OPEN.value,
        )
        .group_by(QuestionReport.question_id)
        .having(func.count(QuestionReport.member_id.distinct()) >= threshold)
    )
    retired = select(QuestionRetirement.question_id).where(
        QuestionRetirement.workspace_id == workspace_id
    )
    return set(s.scalars(union(reported, retired)))


class ReportBook:
    def __init__(self, ctx: CoreContext) -> None:
        self.ctx = ctx

    @property
    def threshold(self) -> int:
        return self.ctx.settings.report_threshold

    # ------------------------------------------------------------------ members
    def _known(self, question_id: str, workspace_id: int) -> str:
        qid = question_id.strip().upper()
        bank = self.ctx.catalog.bank
        if qid not in bank.by_id or not bank.visible_to(qid, workspace_id):
            raise NotFound(f"There is no question `{question_id[:40]}`.")
        return qid

    def report(
        self, actor: Actor, question_id: str, reason: ReportReason, detail: str = ""
    ) -> ReportOutcome:
        """Record the member's report once; a repeat (or a double click) changes nothing."""
        detail = " ".join(detail.split())
        if reason is ReportReason.OTHER and not detail:
            raise UsageError("Say what is wrong: `/ciip report <question id> other <what>`.")
        if len(detail) > DETAIL_LIMIT:
            raise UsageError(f"Please keep the note under {DETAIL_LIMIT} characters.")
        now = self.ctx.now()
        with self.ctx.work() as u:
            s = u.session
            key = u.member(actor)
            qid = self._known(question_id, key.workspace_id)
            if not self._has_seen(s, key.member_id, qid):
                raise NotAllowed(f"You can report `{qid}` once you've had it as a question.")
            if s.get(QuestionRetirement, (key.workspace_id, qid)) is not None:
                return ReportOutcome(qid, reason, ReportStatus.ALREADY_RETIRED)
            inserted = s.execute(
                report_insert(self.ctx.db.engine.dialect.name),
                {
                    "workspace_id": key.workspace_id,
                    "member_id": key.member_id,
                    "question_id": qid,
                    "reason": reason.value,
                    "detail": detail or None,
                    "state": ReportState.OPEN.value,
                    "reported_at": now,
                },
            ).scalar()
            if inserted is not None:
                return ReportOutcome(qid, reason, ReportStatus.RECORDED)
            # Reported before: a cleared report reopens (compare-and-set, so two racing
            # clicks reopen it once); an open or retired one stays as it was.
            reopened = s.execute(
                update(QuestionReport)
                .where(
                    QuestionReport.member_id == key.member_id,
                    QuestionReport.question_id == qid,
                    QuestionReport.state == ReportState.CLEARED.value,
                )
                .values(
                    state=ReportState.OPEN.value,
                    reason=reason.value,
                    detail=detail or None,
                    reported_at=now,
                    resolved_at=None,
                )
            ).rowcount
            status = ReportStatus.RECORDED if reopened else ReportStatus.DUPLICATE
            return ReportOutcome(qid, reason, status)

    @staticmethod
    def _has_seen(s: Session, member_id: int, question_id: str) -> bool:
        """Only a question the member was given (or answered) can be reported by them, so
        nobody can withhold questions they never saw by typing ids."""
        if s.get(SrsCard, (member_id, question_id)) is not None:
            return True
        return (
            s.scalar(
                select(Issued.id)
                .where(Issued.member_id == member_id, Issued.question_id == question_id)
                .limit(1)
            )
            is not None
        )

    def known_question(self, actor: Actor, question_id: str) -> str:
        """The canonical id of a question this actor's workspace can see (for the picker)."""
        with self.ctx.work() as u:
            return self._known(question_id, u.workspace(actor))

    # ------------------------------------------------------------------ admins
    def withheld(self, workspace_id: int) -> set[str]:
        with self.ctx.read() as s:
            return withheld_ids(s, workspace_id, self.threshold)

    def queue(self, actor: Actor) -> WorkspaceQueue:
        with self.ctx.work() as u:
            workspace_id = u.workspace(actor)
        queues = self._queues(Workspace.id == workspace_id)
        if queues:
            return queues[0]
        return WorkspaceQueue(actor.platform, actor.workspace, actor.workspace_name)

    def queues(
        self, platform: str | None = None, external_id: str | None = None
    ) -> list[WorkspaceQueue]:
        """Every workspace with open reports or retired questions (the server's CLI), or one."""
        conditions = []
        if platform is not None:
            conditions.append(Workspace.platform == platform)
        if external_id is not None:
            conditions.append(Workspace.external_id == external_id)
        return self._queues(*conditions)

    def _queues(self, *conditions: object) -> list[WorkspaceQueue]:
        with self.ctx.read() as s:
            reports = s.execute(
                select(
                    Workspace.id,
                    QuestionReport.question_id,
                    QuestionReport.member_id,
                    QuestionReport.reason,
                    QuestionReport.detail,
                    QuestionReport.reported_at,
                )
                .join(Workspace, Workspace.id == QuestionReport.workspace_id)
                .where(QuestionReport.state == ReportState.OPEN.value, *conditions)
                .order_by(QuestionReport.reported_at, QuestionReport.id)
            ).all()
            retired = s.execute(
                select(Workspace.id, QuestionRetirement.question_id)
                .join(Workspace, Workspace.id == QuestionRetirement.workspace_id)
                .where(*conditions)
                .order_by(QuestionRetirement.retired_at.desc(), QuestionRetirement.question_id)
            ).all()
            ids = {r[0] for r in reports} | {r[0] for r in retired}
            workspaces = {
                w.id: w for w in s.scalars(select(Workspace).where(Workspace.id.in_(ids)))
            }
        grouped: dict[int, dict[str, list]] = {}
        for ws, qid, member, reason, detail, at in reports:
            grouped.setdefault(ws, {}).setdefault(qid, []).append((member, reason, detail, at))
        out = []
        for ws_id in sorted(ids):
            items = []
            for qid, rows in grouped.get(ws_id, {}).items():
                members = len({m for m, *_ in rows})
                items.append(
                    QueueItem(
                        qid,
                        members,
                        dict(Counter(reason for _, reason, _, _ in rows).most_common()),
                        tuple(d for _, _, d, _ in rows if d),
                        min(at for *_, at in rows),
                        members >= self.threshold,
                    )
                )
            items.sort(key=lambda i: (-i.members, i.first_reported, i.question_id))
            w = workspaces[ws_id]
            out.append(
                WorkspaceQueue(
                    w.platform,
                    w.external_id,
                    w.name,
                    tuple(items),
                    tuple(q for wid, q in retired if wid == ws_id),
                )
            )
        return out

    def clear(self, actor: Actor, question_id: str) -> tuple[str, int, bool]:
        """Close the question's open reports and lift a retirement: it is served again.
        Returns (id, reports cleared, whether it had been retired)."""
        now = self.ctx.now()
        with self.ctx.work() as u:
            s = u.session
            workspace_id = u.workspace(actor)
            qid = question_id.strip().upper()
            cleared = _resolve_open(s, workspace_id, qid, ReportState.CLEARED, now)
            unretired = s.execute(
                delete(QuestionRetirement).where(
                    QuestionRetirement.workspace_id == workspace_id,
                    QuestionRetirement.question_id == qid,
                )
            ).rowcount
            if not cleared and not unretired:
                raise TutorError(f"`{question_id[:40]}` has no open reports here.")
            return qid, cleared, bool(unretired)

    def retire(self, actor: Actor, question_id: str) -> tuple[str, int]:
        """Never serve the question in this workspace again; its open reports are resolved.
        Returns (id, reports resolved)."""
        now = self.ctx.now()
        with self.ctx.work() as u:
            s = u.session
            workspace_id = u.workspace(actor)
            qid = self._known(question_id, workspace_id)
            s.execute(
                retirement_insert(self.ctx.db.engine.dialect.name),
                {"workspace_id": workspace_id, "question_id": qid, "retired_at": now},
            )
            resolved = _resolve_open(s, workspace_id, qid, ReportState.RETIRED, now)
            return qid, resolved


def _resolve_open(
    s: Session, workspace_id: int, question_id: str, to: ReportState, now: datetime
) -> int:
    """Move a question's open reports in a workspace to `to`; how many there were."""
    return s.execute(
        update(QuestionReport)
        .where(
            QuestionReport.workspace_id == workspace_id,
            QuestionReport.question_id == question_id,
            QuestionReport.state == ReportState.OPEN.value,
        )
        .values(state=to.value, resolved_at=now)
    ).rowcount
