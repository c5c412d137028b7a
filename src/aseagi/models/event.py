from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from aseagi.models.base import Base, Timestamps, UUIDKey


class CourtEvent(UUIDKey, Timestamps, Base):
    """A hearing, filing, order or computed deadline on the case's timeline."""

    __tablename__ = "court_events"
    __table_args__ = (
        Index("ix_court_events_case_date", "case_id", "event_date"),
        Index("ix_court_events_date", "event_date"),
        Index("ix_court_events_case_type_date", "case_id", "event_type", "event_date"),
        Index("ix_court_events_document", "document_id"),
        Index(
            "uq_court_events_fingerprint",
            "fingerprint",
            unique=True,
            postgresql_where=text("fingerprint IS NOT NULL"),
        ),
    )

    case_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("cases.id", ondelete="CASCADE")
    )
    document_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("legal_documents.id", ondelete="SET NULL")
    )
    event_date: Mapped[date] = mapped_column(Date)
    event_time: Mapped[str | None] = mapped_column(Text)
    event_type: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, server_default=text("'manual'"))
    """``manual`` (added by a person), ``document`` (found in one) or ``rule`` (a computed deadline)."""
    rule_id: Mapped[str | None] = mapped_column(Text)
    citation: Mapped[str | None] = mapped_column(Text)
    trigger_event_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("court_events.id", ondelete="CASCADE")
    )
    evidence: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    status: Mapped[str | None] = mapped_column(Text)
    """For deadlines: upcoming, met, late, passed, superseded or moot (what the record shows)."""
    docket_number: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[str | None] = mapped_column(Text)
