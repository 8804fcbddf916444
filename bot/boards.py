"""Leaderboards for a workspace, a channel or a study group, one page at a time.

Every adapter gets the same boards and the same paging: a page's Previous/Next buttons carry
scope, period and offset in the core's action ids (`ciip:lb:...`), so paging works from any
message after any restart. Scopes: `w` the workspace (ref 0), `c` the channel clicked in
(ref 0), `g` a study group (ref = its channel row id).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.context import CoreContext
from bot.errors import TutorError
from bot.groups import GroupBook, StudyGroup
from bot.identity import Actor
from bot.leaderboard import Board, read_board, scope_for
from bot.scoring import PERIODS

__all__ = ["BoardPage", "BoardScope", "Boards"]


class BoardScope(StrEnum):
    WORKSPACE = "w"
    CHANNEL = "c"
    GROUP = "g"


@dataclass(frozen=True, slots=True)
class BoardPage:
    board: Board
    scope: BoardScope
    ref: int
    page_size: int
    channel_name: str = ""
    group: StudyGroup | None = None
    other_groups: tuple[StudyGroup, ...] = ()


class Boards:
    def __init__(self, ctx: CoreContext, groups: GroupBook, page_size: int = 10) -> None:
        self.ctx = ctx
        self.groups = groups
        self.page_size = page_size

    @staticmethod
    def check_period(period: str) -> str:
        if period not in PERIODS:
            raise TutorError("The period is `week`, `month` or `all`.")
        return period

    def page(
        self, actor: Actor, scope: BoardScope, ref: int, period: str, offset: int = 0
    ) -> BoardPage:
        self.check_period(period)
        offset = max(offset, 0)
        if scope is BoardScope.GROUP:
            group = self.groups.get(actor, ref)
            if group is None:
                raise TutorError("That study group no longer exists. See `/ciip group list`.")
            return self._group_page(actor, group, period, offset, ())
        if scope is BoardScope.CHANNEL and not actor.channel:
            raise TutorError("`here` only works in a channel.")
        board = self._read(actor, scope, period, offset)
        if not board.rows and board.total and offset:
            # A stale Next button after the board shrank: show the last page instead.
            last = ((board.total - 1) // self.page_size) * self.page_size
            board = self._read(actor, scope, period, last)
        return BoardPage(board, scope, 0, self.page_size, actor.channel_name)

    def _read(self, actor: Actor, scope: BoardScope, period: str, offset: int) -> Board:
        with self.ctx.work() as u:
            key = u.member(actor)
            channel_id = u.channel(actor) if scope is BoardScope.CHANNEL else None
            return read_board(
                u.session,
                scope_for(key.workspace_id, channel_id),
                period,
                self.ctx.now(),
                key.member_id,
                self.page_size,
                offset,
            )

    def my_group(self, actor: Actor, period: str) -> BoardPage:
        """The board of the actor's study group (this channel's, else their role's)."""
        self.check_period(period)
        group, others = self.groups.resolve(actor)
        if group is None:
            raise TutorError(
                "You're not in a study group here: this channel isn't one, and none of your "
                "roles belongs to a study group. See `/ciip group list`."
            )
        return self._group_page(actor, group, period, 0, tuple(others))

    def _group_page(
        self,
        actor: Actor,
        group: StudyGroup,
        period: str,
        offset: int,
        others: tuple[StudyGroup, ...],
    ) -> BoardPage:
        board = self.groups.board(actor, group, period, self.page_size, offset)
        if not board.rows and board.total and offset:
            last = ((board.total - 1) // self.page_size) * self.page_size
            board = self.groups.board(actor, group, period, self.page_size, last)
        return BoardPage(
            board, BoardScope.GROUP, group.channel_id, self.page_size, group.name, group, others
        )
