"""Leaderboards for a server, a channel or a study group, one page at a time.

Each page is a core `Message` (worded by `bot.render.board_message`, which also names the
member's own rank when it is off the page) plus Previous/Next buttons whose custom_ids carry
the scope, period and offset, so paging works from any message after any restart.
Scopes in ids: `w` the server (ref 0), `c` the channel clicked in (ref 0), `g` a study group
(ref = its channel row id).
"""

from __future__ import annotations

from dataclasses import replace

from adapters.discord.views import board_page_id
from bot.errors import TutorError
from bot.groups import GroupBook, StudyGroup
from bot.identity import Actor
from bot.leaderboard import Board
from bot.messages import Button, Message
from bot.render import board_message
from bot.tutor import Tutor

__all__ = ["NOT_IN_GROUP", "Boards"]

NOT_IN_GROUP = (
    "You're not in a study group here: this channel isn't one, and none of your roles belongs "
    "to a study group. See `/ciip group list`, or pick the *Server* scope."
)


class Boards:
    def __init__(self, tutor: Tutor, groups: GroupBook, page_size: int = 10) -> None:
        self.tutor = tutor
        self.groups = groups
        self.page_size = page_size

    def page(self, actor: Actor, kind: str, ref: int, period: str, offset: int) -> Message:
        """One page of a board (blocking: call it from a worker thread)."""
        offset = max(offset, 0)
        if kind == "w":
            board = self._read(lambda o: self.tutor.leaderboard(actor, period, False, *o), offset)
            return self._message(board, actor.workspace_name or "this server", kind, 0)
        if kind == "c":
            board = self._read(lambda o: self.tutor.leaderboard(actor, period, True, *o), offset)
            return self._message(board, f"#{actor.channel_name or 'this channel'}", kind, 0)
        group = self.groups.get(actor, ref)
        if group is None:
            raise TutorError("That study group no longer exists. See `/ciip group list`.")
        return self._group_page(actor, group, period, offset, [])

    def my_group(self, actor: Actor, period: str) -> Message:
        """The board of the actor's study group (this channel's, else their role's)."""
        group, others = self.groups.resolve(actor)
        if group is None:
            raise TutorError(NOT_IN_GROUP)
        return self._group_page(actor, group, period, 0, others)

    def _group_page(
        self,
        actor: Actor,
        group: StudyGroup,
        period: str,
        offset: int,
        others: list[StudyGroup],
    ) -> Message:
        board = self._read(lambda o: self.groups.board(actor, group, period, *o), offset)
        message = self._message(
            board, f"study group #{group.name or 'group'}", "g", group.channel_id
        )
        lines = [f"Study group <#{group.external_id}>"]
        if group.role_id:
            lines[0] += f" · members: <@&{group.role_id}>"
        if others:
            lines.append("Your other groups: " + ", ".join(f"<#{g.external_id}>" for g in others))
        return replace(message, body="\n".join(lines) + "\n\n" + message.body)

    def _read(self, read, offset: int) -> Board:  # type: ignore[no-untyped-def]
        size = self.page_size
        board: Board = read((size, offset))
        if not board.rows and board.total and offset:
            # A stale Next button after the board shrank: show the last page instead.
            board = read((size, ((board.total - 1) // size) * size))
        return board

    def _message(self, board: Board, label: str, kind: str, ref: int) -> Message:
        message = board_message(board, label)
        size = self.page_size
        buttons = []
        if board.offset > 0:
            back = max(board.offset - size, 0)
            buttons.append(Button("◀ Previous", board_page_id(kind, ref, board.period, back)))
        if board.offset + size < board.total:
            buttons.append(
                Button("Next ▶", board_page_id(kind, ref, board.period, board.offset + size))
            )
        footer = message.footer
        if board.me is None and board.rows:
            footer = "You're not on this board yet."
        if board.total > size:
            pages = (board.total + size - 1) // size
            page = board.offset // size + 1
            footer = f"Page {page} of {pages}" + (f" · {footer}" if footer else "")
        return replace(message, buttons=tuple(buttons), footer=footer)
