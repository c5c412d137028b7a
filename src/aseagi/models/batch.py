from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from aseagi.models.base import Base, Timestamps, UUIDKey


class BatchState(StrEnum):
    """A batch's ``status`` as stored (``BatchState``: the API's ``BatchStatus`` is the whole report)."""

    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


BATCH_STATUSES = tuple(status.value for status in BatchState)
"""``running`` until it ends; then ``done`` when every file it listed was accounted for (failures
included: its ``failed`` count and ``last_errors`` say which), ``failed`` when listing the source
stopped before the end (``POST /process/resume`` goes on), ``cancelled`` by request. Every batch ends:
see ``ingestion/reconcile.py``."""


class ProcessingBatch(UUIDKey, Timestamps, Base):
    """One bulk ingestion job: a source, its counts and its progress."""

    __tablename__ = "processing_batches"
    __table_args__ = (Index("ix_processing_batches_status", "status", "created_at"),)

    job_id: Mapped[str] = mapped_column(Text, unique=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("cases.id", ondelete="SET NULL")
    )
    source: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default=text(f"'{BatchState.RUNNING}'"))
    discovery_done: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    cancel_requested: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    total_documents: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    discovered: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    queued: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    done: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    duplicate: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    failed: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    unsupported: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    skipped: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    """Files already done by an earlier run of the same source (resume)."""
    pages: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    last_errors: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    discovery_cursor: Mapped[str | None] = mapped_column(Text)
    """The last source discovery queued; a restarted discovery resumes after it (listing order is stable)."""
    progress_notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When progress was last published: at most once a second per batch, whatever the number of workers."""
