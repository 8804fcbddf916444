"""INTERIM, deleted when `bot.core.Core` lands on main: the dispatcher's `Reply`, as effects.

The Teams adapter speaks `Result` effects from day one; until the core returns them itself, this
one function builds the same `Result` the core will (a personal answer replaces the clicked
card; a daily answer is a private verdict plus a coalesced update of the channel's count).
"""

from __future__ import annotations

from adapters.services import Services
from bot.actions import parse_action
from bot.effects import ReplaceClicked, Respond, Result, Update
from bot.events import Click
from bot.messages import Reply


def click_result(services: Services, event: Click, reply: Reply) -> Result:
    parsed = parse_action(event.action_id)
    if parsed is not None and parsed.kind == "answer" and reply.ok:
        return Result([ReplaceClicked(m) for m in reply.messages], reply.ok)
    result = Result([Respond(m) for m in reply.messages], reply.ok)
    if parsed is not None and parsed.kind == "daily" and reply.ok and parsed.ref is not None:
        book = services.dispatcher.daily
        post = book.get(parsed.ref)
        channel = book.channel_key(post.channel_id) if post is not None else None
        if post is not None and channel is not None and post.message_ref and not post.closed:
            message = book.question_message(post, book.tally(post.id))
            result.effects.append(
                Update(channel, post.message_ref, message, coalesce=f"daily:{post.id}")
            )
    return result
