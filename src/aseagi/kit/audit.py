"""The audit log: every read of a document's content and every write, with who did it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import AuditEntry


async def record(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    resource_type: str | None = None,
    resource_id: object = None,
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            resource_type=resource_type,
            resource_id=None if resource_id is None else str(resource_id),
            detail=detail or {},
        )
    )


async def apply_changes(
    session: AsyncSession, row: Any, changes: dict[str, Any], *, actor: str, action: str, resource_type: str
) -> None:
    """A correction by a person: set the fields, write them, and log who changed what."""
    for field, value in changes.items():
        setattr(row, field, value)
    await session.flush()
    await session.refresh(row)
    await record(
        session,
        actor=actor,
        action=action,
        resource_type=resource_type,
        resource_id=row.id,
        detail={k: str(v) for k, v in changes.items()},
    )
