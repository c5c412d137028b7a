from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from aseagi.models.base import Base, Timestamps, UUIDKey

PROTECTED_ROLES = ("child", "sibling", "relative", "caregiver")


class BinderStatus(StrEnum):
    """An exhibit binder job's ``status`` as stored."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


BINDER_STATUSES = tuple(status.value for status in BinderStatus)


class ProtectedPerson(UUIDKey, Timestamps, Base):
    """Someone every export of the case must not identify (CRC 8.401; WIC 827)."""

    __tablename__ = "protected_persons"
    __table_args__ = (
        CheckConstraint(f"role IN {PROTECTED_ROLES!r}", name="role_known"),
        Index("ix_protected_persons_case_id", "case_id"),
        Index("uq_protected_persons_case_name", "case_id", "full_name", unique=True),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("cases.id", ondelete="CASCADE"))
    full_name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text, server_default=text("'child'"))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    case_numbers: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    unusual_name: Mapped[bool] = mapped_column(server_default=text("false"))
    """Initials instead of first name and last initial (CRC 8.401(a)(2))."""
    source: Mapped[str] = mapped_column(Text, server_default=text("'manual'"))
    """``manual``, or ``found:<file name>`` when found in a petition or report."""


class BinderJob(UUIDKey, Timestamps, Base):
    """One exhibit binder asked for through the API, built by a worker; its files are kept on the server."""

    __tablename__ = "binder_jobs"
    __table_args__ = (
        CheckConstraint(f"status IN {BINDER_STATUSES!r}", name="status_known"),
        Index("ix_binder_jobs_case_created", "case_id", "created_at"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("cases.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(Text, server_default=text(f"'{BinderStatus.QUEUED}'"))
    requested_by: Mapped[str] = mapped_column(Text)
    options: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    """The selection and numbering asked for (document ids, violation, Bates prefix, start, parts)."""
    result: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    """Files written (name, SHA-256, bytes, pages), page and exhibit counts."""
    error: Mapped[str | None] = mapped_column(Text)
    queue_job_id: Mapped[int | None] = mapped_column(BigInteger)
