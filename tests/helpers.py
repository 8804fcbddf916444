"""Small builders shared by tests."""

from __future__ import annotations

from bot.identity import Actor


def make_actor(user: str, name: str | None = None, **kwargs: object) -> Actor:
    base = {
        "platform": "test",
        "workspace": "W1",
        "user": user,
        "display_name": name or user,
        "channel": "C1",
        "channel_name": "ciip-study",
        "workspace_name": "General Hospital",
    }
    base.update(kwargs)
    return Actor(**base)  # type: ignore[arg-type]


class RecordingMessenger:
    """An in-memory `bot.ports.Messenger`: the scheduler's tests' platform.

    It stands in for the chat platform (not for the scheduler under test): it records what would
    be posted and can be told to fail the next N calls.
    """

    def __init__(self) -> None:
        self.posts: list[tuple[object, object]] = []
        self.updates: list[tuple[object, str, object]] = []
        self.thread_replies: list[tuple[object, str, object]] = []
        self.dms: list[tuple[str, str, str, object]] = []
        self.fail_next = 0

    def _maybe_fail(self) -> None:
        if self.fail_next > 0:
            self.fail_next -= 1
            raise ConnectionError("platform unavailable")

    async def post(self, channel, message):  # type: ignore[no-untyped-def]
        self._maybe_fail()
        self.posts.append((channel, message))
        return f"ref-{len(self.posts)}"

    async def update(self, channel, ref, message):  # type: ignore[no-untyped-def]
        self._maybe_fail()
        self.updates.append((channel, ref, message))

    async def reply_in_thread(self, channel, ref, message):  # type: ignore[no-untyped-def]
        self._maybe_fail()
        self.thread_replies.append((channel, ref, message))

    async def send_dm(self, to, message):  # type: ignore[no-untyped-def]
        self._maybe_fail()
        self.dms.append((to.platform, to.workspace, to.user, message))
