"""Reading messages; every read is audited (they are a family's private correspondence)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.communications import repository
from aseagi.communications.repository import CommunicationFilters
from aseagi.communications.schemas import CommunicationRead
from aseagi.kit import audit
from aseagi.kit.errors import NotFound
from aseagi.security.tokens import Principal


async def list_communications(
    session: AsyncSession, filters: CommunicationFilters, principal: Principal, *, limit: int, offset: int
) -> tuple[list[CommunicationRead], int]:
    rows, total = await repository.list_communications(session, filters, limit=limit, offset=offset)
    await audit.record(
        session,
        actor=principal.actor,
        action="communications.read",
        resource_type="communication",
        detail={"count": len(rows)},
    )
    return [CommunicationRead.model_validate(r) for r in rows], total


async def read(session: AsyncSession, communication_id: uuid.UUID, principal: Principal) -> CommunicationRead:
    row = await repository.get(session, communication_id)
    if row is None:
        raise NotFound(f"no communication {communication_id}")
    await audit.record(
        session,
        actor=principal.actor,
        action="communication.read",
        resource_type="communication",
        resource_id=row.id,
    )
    return CommunicationRead.model_validate(row)
