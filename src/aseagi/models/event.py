from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Text, text
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
        Index("ix_court_events_case_key", "case_id", "event_key"),
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
    """For deadlines: upcoming, met, late, passed, superseded or moot (what the record shows). For events of
    the chronology: scheduled, continued, held, vacated or unknown."""
    docket_number: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[str | None] = mapped_column(Text)
    event_key: Mapped[str | None] = mapped_column(Text)
    """The chronology's stable key of the fact (``source='document'`` rows): corrections refer to it."""
    date_certainty: Mapped[str | None] = mapped_column(Text)
    """exact, approximate (only correspondence gives it) or conflicting (court papers disagree)."""
    mentions: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    """How many passages name the fact; each is in ``evidence`` (the event's sources)."""
    disputed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    continued_to: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    """The row of the setting this hearing was continued to."""
    people: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))


CORRECTION_ACTIONS = ("update", "merge", "split")


class EventCorrection(UUIDKey, Timestamps, Base):
    """A person's correction of the chronology, applied on every case analysis so it survives re-analysis.

    ``update`` sets date, type, status or title of the event ``event_key``; ``merge`` folds it into
    ``values.into``; ``split`` moves the sources ``values.sources`` out into an event of their own.
    """

    __tablename__ = "event_corrections"
    __table_args__ = (
        CheckConstraint(f"action IN {CORRECTION_ACTIONS!r}", name="action_known"),
        Index("ix_event_corrections_case", "case_id", "created_at"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("cases.id", ondelete="CASCADE"))
    event_key: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    values: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    actor: Mapped[str] = mapped_column(Text)
