"""Wording of leaderboards and study groups, with paging buttons."""

from __future__ import annotations

from bot import actions
from bot.boards import BoardPage, BoardScope
from bot.groups import StudyGroup
from bot.leaderboard import Board
from bot.messages import (
    Bullets,
    Button,
    Message,
    Paragraph,
    Span,
    Tone,
    channel_mention,
    code,
    rich,
    role_mention,
)
from bot.render import count_noun

__all__ = ["board_message", "group_list_message", "group_marked_message", "group_unmarked_message"]

PERIOD_LABELS = {"week": "this week", "month": "this month", "all": "all time"}
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def _label(page: BoardPage, workspace_name: str) -> str:
    if page.scope is BoardScope.GROUP:
        return f"study group #{page.channel_name or 'group'}"
    if page.scope is BoardScope.CHANNEL:
        return f"#{page.channel_name or 'this channel'}"
    return workspace_name or "this workspace"


def board_message(page: BoardPage, workspace_name: str = "") -> Message:
    board = page.board
    size = page.page_size
    blocks: list[Paragraph | Bullets] = []
    if page.group is not None:
        intro: list[Span | str] = ["Study group ", channel_mention(page.group.external_id)]
        if page.group.role_id:
            intro += [" · members: ", role_mention(page.group.role_id)]
        blocks.append(Paragraph(rich(*intro)))
        if page.other_groups:
            others: list[Span | str] = ["Your other groups: "]
            for i, g in enumerate(page.other_groups):
                others += ([", "] if i else []) + [channel_mention(g.external_id)]
            blocks.append(Paragraph(rich(*others)))
    if not board.rows:
        blocks.append(
            Paragraph(rich("Nobody has scored yet. Be the first: ", code("/ciip quiz"), "."))
        )
    else:
        blocks.append(
            Bullets(
                tuple(
                    rich(
                        f"{MEDALS.get(r.rank, f'{r.rank}.')} {r.display_name}: "
                        f"{count_noun(r.points, 'point')}, "
                        f"{r.correct} of {r.answered} correct"
                    )
                    for r in board.rows
                )
            )
        )
    footer = ""
    if board.me is not None:
        points = count_noun(board.me.points, "point")
        footer = f"You: #{board.me.rank} of {board.total} with {points}"
    elif board.rows:
        footer = "You're not on this board yet."
    if board.total > size:
        pages = (board.total + size - 1) // size
        footer = f"Page {board.offset // size + 1} of {pages}" + (f" · {footer}" if footer else "")
    buttons = []
    if board.offset > 0:
        back = max(board.offset - size, 0)
        buttons.append(
            Button("◀ Previous", actions.board_page(page.scope, page.ref, board.period, back))
        )
    if board.offset + size < board.total:
        buttons.append(
            Button(
                "Next ▶",
                actions.board_page(page.scope, page.ref, board.period, board.offset + size),
            )
        )
    return Message(
        title=f"Leaderboard, {_label(page, workspace_name)}, {PERIOD_LABELS[board.period]}",
        body=tuple(blocks),
        footer=footer,
        buttons=tuple(buttons),
    )


def _describe(group: StudyGroup) -> tuple[Span, ...]:
    if group.role_id:
        return rich(
            channel_mention(group.external_id),
            ": members hold ",
            role_mention(group.role_id),
            f" ({group.members} seen so far)",
        )
    return rich(channel_mention(group.external_id), ": everyone who answers there")


def group_marked_message(group: StudyGroup) -> Message:
    if group.role_id:
        who = rich(
            "Members are everyone with ",
            role_mention(group.role_id),
            "; they join the board as they use the bot.",
        )
    else:
        who = rich("Members are everyone who answers questions here.")
    return Message(
        title="Study group set up",
        body=(
            Paragraph(rich(channel_mention(group.external_id), " is now a study group. ", *who)),
            Paragraph(rich("See its board with ", code("/ciip leaderboard group"), ".")),
        ),
        tone=Tone.SUCCESS,
        private=False,
    )


def group_unmarked_message(group: StudyGroup) -> Message:
    return Message(
        body=rich(
            channel_mention(group.external_id),
            " is no longer a study group; its points stay on the channel board.",
        ),
        private=False,
    )


def group_list_message(groups: list[StudyGroup]) -> Message:
    if not groups:
        return Message(
            title="Study groups",
            body=rich(
                "None yet. An admin can make a channel one with ", code("/ciip group here"), "."
            ),
        )
    return Message(title="Study groups", body=(Bullets(tuple(_describe(g) for g in groups)),))


def digest_message(board: Board) -> Message:
    """The weekly digest posted in a channel: last week's channel board."""
    page = BoardPage(board, BoardScope.CHANNEL, 0, max(len(board.rows), 10))
    message = board_message(page)
    return Message(
        title="Weekly digest: last week's leaderboard in this channel",
        body=message.body,
        private=False,
    )
