"""Where a member or a channel can be reached proactively, as the platform told us.

Some platforms (Microsoft Teams) cannot open a direct message from a user id alone: a proactive
send needs the conversation id and the service URL learned from an installation event or the
member's first message. Adapters store that here and read it back; the core never interprets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.storage.database import Database
from bot.storage.models import ConversationRef

__all__ = ["CHANNEL", "PERSONAL", "TEAM", "ConversationBook", "Reference"]

PERSONAL = "personal"
CHANNEL = "channel"
TEAM = "team"


@dataclass(frozen=True, slots=True)
class Reference:
    conversation_id: str
    service_url: str
    user_id: str | None = None
    team_id: str | None = None


class ConversationBook:
    def __init__(self, db: Database) -> None:
        self.db = db

    def remember(
        self, platform: str, workspace: str, kind: str, key: str, ref: Reference, now: datetime
    ) -> bool:
        """Insert or refresh a reference; True when it is new or changed."""
        with self.db.transaction() as s:
            row = s.scalar(
                select(ConversationRef).where(
                    ConversationRef.platform == platform,
                    ConversationRef.workspace == workspace,
                    ConversationRef.kind == kind,
                    ConversationRef.key == key,
                )
            )
            if row is None:
                s.add(
                    ConversationRef(
                        platform=platform,
                        workspace=workspace,
                        kind=kind,
                        key=key,
                        conversation_id=ref.conversation_id,
                        service_url=ref.service_url,
                        user_id=ref.user_id,
                        team_id=ref.team_id,
                        updated_at=now,
                    )
                )
                return True
            if Reference(row.conversation_id, row.service_url, row.user_id, row.team_id) == ref:
                return False
            row.conversation_id = ref.conversation_id
            row.service_url = ref.service_url
            row.user_id = ref.user_id or row.user_id
            row.team_id = ref.team_id or row.team_id
            row.updated_at = now
            return True

    def find(self, platform: str, workspace: str, kind: str, key: str) -> Reference | None:
        with self.db.session() as s:
            row = s.scalar(
                select(ConversationRef).where(
                    ConversationRef.platform == platform,
                    ConversationRef.workspace == workspace,
                    ConversationRef.kind == kind,
                    ConversationRef.key == key,
                )
            )
            if row is None:
                return None
            return Reference(row.conversation_id, row.service_url, row.user_id, row.team_id)

    def forget(self, platform: str, workspace: str, kind: str, key: str) -> None:
        with self.db.transaction() as s:
            row = s.scalar(
                select(ConversationRef).where(
                    ConversationRef.platform == platform,
                    ConversationRef.workspace == workspace,
                    ConversationRef.kind == kind,
                    ConversationRef.key == key,
                )
            )
            if row is not None:
                s.delete(row)
