"""Carrying out a `Result`'s outward effects through a `Messenger`, the same for every adapter.

Adapters send `Respond`/`ReplaceClicked` themselves (only they know the interaction: an HTTP
ack, a response URL, an ephemeral followup); everything else goes through here. Updates that
share a `coalesce` key are merged: while one edit is in flight, later ones wait and only the
newest is sent, and an update older than one already sent is dropped. A burst of fifty answers
to the daily question becomes two or three edits of the channel message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from bot.effects import DirectMessage, Effect, Post, ThreadReply, Update
from bot.ports import Messenger

__all__ = ["Deliverer"]

log = logging.getLogger(__name__)
REMEMBERED = 2048


class Deliverer:
    def __init__(self, messenger: Messenger) -> None:
        self.messenger = messenger
        self._pending: dict[str, Update] = {}
        self._running: dict[str, asyncio.Task[None]] = {}
        self._sent_version: dict[str, int] = {}

    async def run(self, effects: Iterable[Effect]) -> None:
        """Deliver every outward effect; a failure is logged, never raised at the member."""
        for effect in effects:
            try:
                if isinstance(effect, Post):
                    await self.messenger.post(effect.channel, effect.message)
                elif isinstance(effect, Update):
                    self._update(effect)
                elif isinstance(effect, ThreadReply):
                    await self.messenger.reply_in_thread(effect.channel, effect.ref, effect.message)
                elif isinstance(effect, DirectMessage):
                    await self.messenger.send_dm(effect.to, effect.message)
            except Exception as exc:
                log.warning("could not deliver %s: %s", type(effect).__name__, exc)

    def _update(self, effect: Update) -> None:
        key = effect.coalesce or f"{effect.channel.channel_id}:{effect.ref}"
        latest = self._pending.get(key)
        if latest is None or effect.version >= latest.version:
            self._pending[key] = effect
        if key not in self._running:
            self._running[key] = asyncio.create_task(self._drain(key))

    async def _drain(self, key: str) -> None:
        try:
            while (effect := self._pending.pop(key, None)) is not None:
                if effect.version and effect.version <= self._sent_version.get(key, -1):
                    continue
                try:
                    await self.messenger.update(effect.channel, effect.ref, effect.message)
                    self._sent_version[key] = effect.version
                except Exception as exc:
                    log.warning("could not update message %s: %s", effect.ref, exc)
                while len(self._sent_version) > REMEMBERED:
                    del self._sent_version[next(iter(self._sent_version))]
        finally:
            self._running.pop(key, None)

    async def drain(self) -> None:
        """Wait for edits in flight (shutdown, tests)."""
        while self._running:
            await asyncio.gather(*list(self._running.values()), return_exceptions=True)
