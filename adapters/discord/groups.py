"""`/ciip group ...`: marking a channel or thread as a study group, bound to a role or not.

The core keeps the groups (`bot.groups.GroupBook`); this module words the Discord replies, with
channel and role mentions (which render in embeds without pinging anyone).
"""

from __future__ import annotations

from bot.groups import GroupBook, StudyGroup
from bot.identity import Actor
from bot.messages import Message, Tone

__all__ = ["GroupCommands"]


def _describe(group: StudyGroup) -> str:
    if group.role_id:
        return (
            f"<#{group.external_id}>: members hold <@&{group.role_id}> "
            f"({group.members} seen so far)"
        )
    return f"<#{group.external_id}>: everyone who answers there"


class GroupCommands:
    """Blocking (database) work; the handlers call these from a worker thread."""

    def __init__(self, groups: GroupBook) -> None:
        self.groups = groups

    def here(self, actor: Actor, role_id: str | None, my_roles: list[str] | None) -> Message:
        group = self.groups.mark(actor, role_id)
        if role_id and my_roles is not None:
            self.groups.sync_roles(actor, my_roles)
        who = (
            f"Members are everyone with <@&{role_id}>; they join the board as they use the bot."
            if role_id
            else "Members are everyone who answers questions here."
        )
        return Message(
            title="Study group set up",
            body=f"<#{group.external_id}> is now a study group. {who}\n"
            "See its board with `/ciip leaderboard scope:Study group`.",
            tone=Tone.SUCCESS,
            private=False,
        )

    def off(self, actor: Actor) -> Message:
        group = self.groups.unmark(actor)
        return Message(body=f"<#{group.external_id}> is no longer a study group.")

    def list(self, actor: Actor) -> Message:
        groups = self.groups.groups(actor)
        if not groups:
            return Message(
                title="Study groups",
                body="No study groups yet. An admin can run `/ciip group here` in a channel or "
                "thread (optionally with a role).",
            )
        return Message(title="Study groups", body="\n".join(_describe(g) for g in groups))
