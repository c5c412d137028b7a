from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Computed, DateTime, ForeignKey, Index, Integer, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR, UUID
from sqlalchemy.orm import Mapped, mapped_column

from aseagi.models.base import Base, UUIDKey

CHANNELS = ("email", "sms", "mms", "whatsapp", "letter", "call", "chat")
COMMUNICATION_SEARCH_SQL = (
    "to_tsvector('english'::regconfig, coalesce(subject, '') || ' ' || coalesce(sender, '') || ' ' "
    "|| left(coalesce(content, ''), 200000))"
)


class Communication(UUIDKey, Base):
    """One message (email, text, chat line, call record), taken from a source document."""

    __tablename__ = "communications"
    __table_args__ = (
        Index("ix_communications_case_sent", "case_id", "sent_at"),
        Index("ix_communications_case_channel_sent", "case_id", "channel", "sent_at"),
        Index("ix_communications_document", "document_id"),
        Index("ix_communications_search", "search", postgresql_using="gin"),
        Index("uq_communications_document_position", "document_id", "position", unique=True),
    )

    case_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("cases.id", ondelete="CASCADE")
    )
    document_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("legal_documents.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    """The message's index in its source document, so re-processing a document never doubles its messages."""
    channel: Mapped[str] = mapped_column(Text)
    sender: Mapped[str | None] = mapped_column(Text)
    recipients: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    subject: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text, server_default=text("''"))
    thread: Mapped[str | None] = mapped_column(Text)
    direction: Mapped[str | None] = mapped_column(Text)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    call_type: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
    search: Mapped[Any] = mapped_column(TSVECTOR, Computed(COMMUNICATION_SEARCH_SQL, persisted=True))
