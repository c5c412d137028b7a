from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Identity, Index, Integer, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from aseagi.models.base import Base, UUIDKey

SCOPES = ("read", "write", "admin")
TOKEN_KINDS = ("api", "session")


class ApiToken(UUIDKey, Base):
    """A bearer token. Only its SHA-256 is stored; the token itself is shown once, at creation."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        CheckConstraint(f"scope IN {SCOPES!r}", name="scope_known"),
        CheckConstraint(f"kind IN {TOKEN_KINDS!r}", name="kind_known"),
        Index("ix_api_tokens_parent_id", "parent_id"),
    )

    name: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(Text, unique=True)
    prefix: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(Text, server_default=text("'api'"))
    """``api`` (``aseagi token create``) or ``session`` (a dashboard sign-in, which expires)."""
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("api_tokens.id", ondelete="CASCADE")
    )
    """The token a session was started with: revoking it ends the session too."""


class LoginCode(UUIDKey, Base):
    """A single-use sign-in code (``/?login=CODE``). Only its SHA-256 is stored; redeeming it burns it."""

    __tablename__ = "login_codes"
    __table_args__ = (CheckConstraint(f"scope IN {SCOPES!r}", name="scope_known"),)

    code_hash: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    """Who signs in with it: the session token's name, so the audit log shows who."""
    scope: Mapped[str] = mapped_column(Text)
    session_minutes: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("api_tokens.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who read a document's content or changed anything, and when."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_resource", "resource_type", "resource_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    resource_type: Mapped[str | None] = mapped_column(Text)
    resource_id: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
