from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Computed, Date, DateTime, ForeignKey, Index, Integer, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from aseagi.analysis.schemas import Severity
from aseagi.models.base import Base, Timestamps, UUIDKey


class ReviewStatus(StrEnum):
    """``review_status``: ``suspected`` as found, then ``verified`` or ``dismissed`` by a person."""

    SUSPECTED = "suspected"
    VERIFIED = "verified"
    DISMISSED = "dismissed"


SEVERITIES = tuple(severity.value for severity in Severity)
REVIEW_STATUSES = tuple(status.value for status in ReviewStatus)
SEVERITY_RANK_SQL = "CASE severity WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END"


class LegalViolation(UUIDKey, Timestamps, Base):
    """A suspected legal or procedural violation, with its legal basis and evidence."""

    __tablename__ = "legal_violations"
    __table_args__ = (
        CheckConstraint(f"severity IN {SEVERITIES!r}", name="severity_known"),
        CheckConstraint(f"review_status IN {REVIEW_STATUSES!r}", name="review_status_known"),
        Index("ix_legal_violations_case_severity", "case_id", "severity_rank", "violation_date"),
        Index("ix_legal_violations_case_review", "case_id", "review_status"),
        Index("ix_legal_violations_document", "document_id"),
        Index(
            "uq_legal_violations_fingerprint",
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
    violation_type: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(Text, server_default=text("'MEDIUM'"))
    severity_rank: Mapped[int] = mapped_column(Integer, Computed(SEVERITY_RANK_SQL, persisted=True))
    """0 for CRITICAL … 3 for LOW, so lists sort by severity in an index."""
    violation_date: Mapped[date | None] = mapped_column(Date)
    person: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    review_status: Mapped[str] = mapped_column(Text, server_default=text(f"'{ReviewStatus.SUSPECTED}'"))
    reviewed_by: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(Text, server_default=text("'manual'"))
    """``manual``, ``local`` (the rules), or ``claude:<model>``."""
    fingerprint: Mapped[str | None] = mapped_column(Text)
    """Stable key of a computed finding, so re-analysis updates rather than duplicates it."""
    confidence: Mapped[str] = mapped_column(Text, server_default=text("'likely'"))
    """``likely``, or ``possible`` when a date it rests on is approximate or conflicting (never CRITICAL)."""
