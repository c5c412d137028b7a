from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR, UUID
from sqlalchemy.orm import Mapped, mapped_column

from aseagi.documents.status import DocumentReview, DocumentStatus
from aseagi.models.base import Base, Timestamps, UUIDKey

DOCUMENT_STATUSES = tuple(status.value for status in DocumentStatus)
SCORE_COLUMNS = ("micro_score", "macro_score", "legal_score", "relevancy_score")
PAGE_BREAK = "\f"
"""Pages are stored in ``text`` separated by a form feed; parsers never leave one inside a page."""

DOCUMENT_SEARCH_SQL = (
    "setweight(to_tsvector('english'::regconfig, coalesce(file_name, '')) || "
    "to_tsvector('english'::regconfig, translate(coalesce(file_name, ''), '._-', '   ')), 'A') || "
    "to_tsvector('english'::regconfig, left(coalesce(text, ''), 500000))"
)
"""The file name twice, as written and with ``.``, ``_`` and ``-`` as spaces (PostgreSQL reads
``guardianship.pdf`` as one token; migration 0007), then the text."""


class LegalDocument(UUIDKey, Timestamps, Base):
    """One unique original (by SHA-256 within a case), its text and its analysis."""

    __tablename__ = "legal_documents"
    __table_args__ = (
        *(CheckConstraint(f"{c} BETWEEN 0 AND 999", name=f"{c}_range") for c in SCORE_COLUMNS),
        CheckConstraint(f"status IN {DOCUMENT_STATUSES!r}", name="status_known"),
        Index(
            "uq_legal_documents_case_sha256",
            "case_id",
            "sha256",
            unique=True,
            postgresql_where=sql_text("sha256 IS NOT NULL"),
        ),
        Index("ix_legal_documents_search", "search", postgresql_using="gin"),
        Index("ix_legal_documents_case_created", "case_id", "created_at", "id"),
        Index("ix_legal_documents_case_status", "case_id", "status"),
        Index("ix_legal_documents_case_relevancy", "case_id", "relevancy_score"),
        Index("ix_legal_documents_case_date", "case_id", "document_date"),
        Index("ix_legal_documents_smoking_gun", "case_id", postgresql_where=sql_text("smoking_gun")),
        Index("ix_legal_documents_docket_number", "docket_number"),
        Index("ix_legal_documents_processed_at", "processed_at"),
    )

    case_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("cases.id", ondelete="CASCADE")
    )
    file_name: Mapped[str] = mapped_column(Text)
    """Readable: a name that is not valid UTF-8 has its odd bytes escaped (``bad\\xffname.txt``)."""
    file_name_raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The name's bytes as the file system gave them, when they are not valid UTF-8; NULL otherwise."""
    sha256: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(Text)
    """The old system's hash column, kept for its rows; new rows carry the SHA-256 here too."""
    storage_key: Mapped[str | None] = mapped_column(Text)
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    mime_type: Mapped[str | None] = mapped_column(Text)
    document_type: Mapped[str | None] = mapped_column(Text)
    docket_number: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    document_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(Text, server_default=sql_text(f"'{DocumentStatus.DONE}'"))
    status_reason: Mapped[str | None] = mapped_column(Text)
    page_count: Mapped[int | None] = mapped_column(Integer)
    ocr_pages: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    text: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    micro_score: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    macro_score: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    legal_score: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    relevancy_score: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    smoking_gun: Mapped[bool] = mapped_column(Boolean, server_default=sql_text("false"))
    fraud_indicators: Mapped[list[Any]] = mapped_column(JSONB, server_default=sql_text("'[]'::jsonb"))
    perjury_indicators: Mapped[list[Any]] = mapped_column(JSONB, server_default=sql_text("'[]'::jsonb"))
    analysis: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    metadata_: Mapped[dict[str, Any]] = mapped_column(
        "metadata", JSONB, server_default=sql_text("'{}'::jsonb")
    )
    review_status: Mapped[str] = mapped_column(
        Text, server_default=sql_text(f"'{DocumentReview.UNREVIEWED}'")
    )
    uploaded_via: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    user_notes: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    search: Mapped[Any] = mapped_column(TSVECTOR, Computed(DOCUMENT_SEARCH_SQL, persisted=True))


class DocumentOccurrence(UUIDKey, Base):
    """Every place the same bytes were seen: a path, an upload, an archive member. None is dropped."""

    __tablename__ = "document_occurrences"
    __table_args__ = (
        Index("ix_document_occurrences_document", "document_id"),
        Index("ix_document_occurrences_batch_source", "batch_id", "source"),
        Index("ix_document_occurrences_batch_seen", "batch_id", "seen_at"),
        Index("ix_document_occurrences_source", "source", "size_bytes"),
    )

    document_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("legal_documents.id", ondelete="CASCADE")
    )
    batch_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("processing_batches.id", ondelete="SET NULL")
    )
    source: Mapped[str] = mapped_column(Text)
    """The path or URL it was read from, ``upload:<name>`` or ``<parent sha256>/<member name>``."""
    source_raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The path's bytes when they are not valid UTF-8 (``source`` then escapes them); NULL otherwise."""
    parent_document_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("legal_documents.id", ondelete="CASCADE")
    )
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    mtime: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=sql_text("now()"))
