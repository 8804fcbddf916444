"""Study groups: a channel (or thread) marked as a group, optionally bound to a role.

A group is a `Channel` row with `is_study_group` set. Without a role its members are whoever
answers there, and its board is the channel board. With a role (`group_role_id`) its members
are the role's holders: platforms such as Discord send a member's roles with every interaction,
so adapters report them through `sync_roles` and membership is recorded in `group_members` as it
is seen. A role group's board is the workspace board restricted to those members, so points
earned anywhere in the workspace count for the group.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from bot.context import CoreContext
from bot.errors import NotAllowed, NotFound, TutorError
from bot.identity import Actor
from bot.leaderboard import Board, BoardRow, read_board, scope_for
from bot.scoring import PERIODS, period_start
from bot.storage.models import Channel, GroupMember, Member, ScoreBucket
from bot.storage.upserts import group_member_insert

__all__ = ["GroupBook", "StudyGroup"]


@dataclass(frozen=True, slots=True)
class StudyGroup:
    channel_id: int
    external_id: str
    name: str
    role_id: str | None
    members: int = 0
    """Members recorded for a role group (0 for a channel group, whose members are implicit)."""

    @property
    def scope(self) -> str:
        """The leaderboard scope this group's board reads."""
        return f"g:{self.channel_id}" if self.role_id else f"c:{self.channel_id}"


class GroupBook:
    def __init__(self, ctx: CoreContext) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ configuration
    def mark(self, actor: Actor, role_id: str | None = None) -> StudyGroup:
        """Mark the actor's channel as a study group (admins only), bound to a role or not."""
        if not actor.is_admin:
            raise NotAllowed("Only server admins can set up study groups.")
        with self.ctx.work() as u:
            s = u.session
            key = u.directory.channel_key(s, actor)
            row = s.get(Channel, key.channel_id)
            assert row is not None
            if row.group_role_id and row.group_role_id != role_id:
                # Recorded holders of the old role are not members of the new one.
                s.execute(delete(GroupMember).where(GroupMember.channel_id == row.id))
            row.is_study_group = True
            row.group_role_id = role_id
            if actor.channel_name:
                row.name = actor.channel_name[:200]
            return self._group(s, row)

    def unmark(self, actor: Actor) -> StudyGroup:
        if not actor.is_admin:
            raise NotAllowed("Only server admins can change study groups.")
        with self.ctx.work() as u:
            s = u.session
            key = u.directory.channel_key(s, actor)
            row = s.get(Channel, key.channel_id)
            assert row is not None
            if not row.is_study_group:
                raise NotFound("This channel is not a study group.")
            group = self._group(s, row)
            row.is_study_group = False
            row.group_role_id = None
            s.execute(delete(GroupMember).where(GroupMember.channel_id == row.id))
            return group

    def groups(self, actor: Actor) -> list[StudyGroup]:
        """Every study group of the actor's workspace, by name."""
        with self.ctx.work() as u:
            s = u.session
            key = u.member(actor)
            rows = s.scalars(
                select(Channel)
                .where(Channel.workspace_id == key.workspace_id, Channel.is_study_group.is_(True))
                .order_by(Channel.name, Channel.id)
            ).all()
            return [self._group(s, row) for row in rows]

    def get(self, actor: Actor, channel_id: int) -> StudyGroup | None:
        """A study group by its channel row id, only if it is in the actor's workspace."""
        with self.ctx.work() as u:
            s = u.session
            key = u.member(actor)
            row = s.get(Channel, channel_id)
            if row is None or row.workspace_id != key.workspace_id or not row.is_study_group:
                return None
            return self._group(s, row)

    @staticmethod
    def _group(s: Session, row: Channel) -> StudyGroup:
        members = 0
        if row.group_role_id:
            members = (
                s.scalar(
                    select(func.count())
                    .select_from(GroupMember)
                    .where(GroupMember.channel_id == row.id)
                )
                or 0
            )
        return StudyGroup(row.id, row.external_id, row.name, row.group_role_id, members)

    # ------------------------------------------------------------------ membership
    def sync_roles(self, actor: Actor, role_ids: Collection[str]) -> list[StudyGroup]:
        """Record which role groups the actor belongs to now; returns all their role groups.

        Call it only with a complete role list (an adapter that could not see the member's
        roles must not call it, or the member would be dropped from every group).
        """
        wanted_roles = {str(r) for r in role_ids}
        now = self.ctx.now()
        with self.ctx.work() as u:
            s = u.session
            key = u.member(actor)
            role_groups = s.scalars(
                select(Channel).where(
                    Channel.workspace_id == key.workspace_id,
                    Channel.is_study_group.is_(True),
                    Channel.group_role_id.is_not(None),
                )
            ).all()
            want = {row.id for row in role_groups if row.group_role_id in wanted_roles}
            have = set(
                s.scalars(
                    select(GroupMember.channel_id).where(GroupMember.member_id == key.member_id)
                )
            )
            if have - want:
                s.execute(
                    delete(GroupMember).where(
                        GroupMember.member_id == key.member_id,
                        GroupMember.channel_id.in_(have - want),
                    )
                )
            for channel_id in sorted(want - have):
                s.execute(
                    group_member_insert(s.get_bind().dialect.name),
                    {"channel_id": channel_id, "member_id": key.member_id, "seen_at": now},
                )
            return [self._group(s, row) for row in role_groups if row.id in want]

    def member_groups(self, actor: Actor) -> list[StudyGroup]:
        """The role groups the actor was last seen in."""
        with self.ctx.work() as u:
            s = u.session
            key = u.member(actor)
            rows = s.scalars(
                select(Channel)
                .join(GroupMember, GroupMember.channel_id == Channel.id)
                .where(GroupMember.member_id == key.member_id, Channel.is_study_group.is_(True))
                .order_by(Channel.name, Channel.id)
            ).all()
            return [self._group(s, row) for row in rows]

    def resolve(self, actor: Actor) -> tuple[StudyGroup | None, list[StudyGroup]]:
        """The group a `group` board means here: this channel if it is a study group, else the
        actor's first role group. Returns (group or None, the actor's other role groups)."""
        here = None
        if actor.channel:
            with self.ctx.work() as u:
                channel_id = u.channel(actor)
            assert channel_id is not None
            here = self.get(actor, channel_id)
        mine = self.member_groups(actor)
        if here is not None:
            return here, [g for g in mine if g.channel_id != here.channel_id]
        if mine:
            return mine[0], mine[1:]
        return None, []

    # ------------------------------------------------------------------ boards
    def board(
        self, actor: Actor, group: StudyGroup, period: str, limit: int = 10, offset: int = 0
    ) -> Board:
        """The group's board; `me` is the actor's row wherever it ranks (None if not in it)."""
        if period not in PERIODS:
            raise TutorError("The period is `week`, `month` or `all`.")
        now = self.ctx.now()
        with self.ctx.work() as u:
            s = u.session
            key = u.member(actor)
            if not group.role_id:
                return read_board(
                    s,
                    scope_for(key.workspace_id, group.channel_id),
                    period,
                    now,
                    key.member_id,
                    limit,
                    offset,
                )
            return _role_board(
                s, key.workspace_id, group, period, now, key.member_id, limit, offset
            )


def _role_board(
    s: Session,
    workspace_id: int,
    group: StudyGroup,
    period: str,
    now: datetime,
    me: int,
    limit: int,
    offset: int,
) -> Board:
    """Workspace buckets of the group's recorded members, ranked like every other board
    (points, then correct answers, then who got there first, then member id)."""
    start = period_start(period, now)
    ranked = (
        select(
            ScoreBucket.member_id,
            ScoreBucket.points,
            ScoreBucket.correct,
            ScoreBucket.answered,
            func.row_number()
            .over(
                order_by=(
                    ScoreBucket.points.desc(),
                    ScoreBucket.correct.desc(),
                    ScoreBucket.reached_at.asc(),
                    ScoreBucket.member_id.asc(),
                )
            )
            .label("rank"),
        )
        .where(
            and_(
                ScoreBucket.scope == scope_for(workspace_id),
                ScoreBucket.period == period,
                ScoreBucket.period_start == start,
                ScoreBucket.member_id.in_(
                    select(GroupMember.member_id).where(GroupMember.channel_id == group.channel_id)
                ),
            )
        )
        .subquery()
    )
    base = select(ranked, Member.display_name).join(Member, Member.id == ranked.c.member_id)
    rows = [
        BoardRow(r.rank, r.member_id, r.display_name or "someone", r.points, r.correct, r.answered)
        for r in s.execute(base.order_by(ranked.c.rank).limit(limit).offset(offset))
    ]
    total = s.scalar(select(func.count()).select_from(ranked)) or 0
    mine = next((r for r in rows if r.member_id == me), None)
    if mine is None:
        row = s.execute(base.where(ranked.c.member_id == me)).first()
        if row is not None:
            mine = BoardRow(
                row.rank, me, row.display_name or "someone", row.points, row.correct, row.answered
            )
    return Board(group.scope, period, start, rows, mine, total, offset)
