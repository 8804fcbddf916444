"""Readiness for one member, from one read of the learner state (`bot.learner_state`): cheap
enough to recompute on every `/ciip ready` and every overview, so nothing is cached."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from bot.context import CoreContext
from bot.identity import Actor
from bot.learner_state import LearnerState, load_state
from bot.readiness import DomainEvidence, Readiness, estimate
from bot.storage.models import Member

__all__ = ["ReadinessBook", "evidence_of"]


def evidence_of(state: LearnerState, candidates: dict[str, list[str]]) -> dict[str, DomainEvidence]:
    """Per-domain evidence: answers, bank questions met, and each card's recall on exam day."""
    recalls: dict[str, list[float]] = defaultdict(list)
    now: dict[str, list[float]] = defaultdict(list)
    for card in state.cards:
        recalls[card.domain].append(card.recall_at_exam)
        now[card.domain].append(card.recall_now)
    seen = state.seen
    return {
        d: DomainEvidence(
            d,
            *state.counts.get(d, (0, 0)),
            met=sum(1 for q in ids if q in seen),
            bank=len(ids),
            recalls_at_exam=tuple(recalls[d]),
            recalls_now=tuple(now[d]),
        )
        for d, ids in candidates.items()
    }


class ReadinessBook:
    def __init__(self, ctx: CoreContext) -> None:
        self.ctx = ctx

    def for_member(
        self, s: Session, member: Member, workspace_id: int
    ) -> tuple[Readiness, LearnerState]:
        state = load_state(self.ctx, s, member.id, self.ctx.now())
        candidates = self.ctx.catalog.candidates(workspace_id)
        return estimate(evidence_of(state, candidates), self.ctx.settings.desired_retention), state

    def readiness(self, actor: Actor) -> tuple[Readiness, LearnerState]:
        with self.ctx.work() as u:
            key = u.member(actor)
            member = u.directory.member_row(u.session, actor)
            return self.for_member(u.session, member, key.workspace_id)
