"""Findings: listing, adding one by hand, reviewing; every change audited. Flushes, never commits."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cases.service import resolve
from aseagi.documents.service import check_source
from aseagi.kit import audit
from aseagi.kit.errors import NotFound
from aseagi.models import LegalViolation
from aseagi.security.tokens import Principal
from aseagi.violations import repository
from aseagi.violations.repository import ViolationFilters
from aseagi.violations.schemas import ViolationCreate, ViolationRead, ViolationUpdate


async def load(session: AsyncSession, violation_id: uuid.UUID) -> LegalViolation:
    row = await repository.get(session, violation_id)
    if row is None:
        raise NotFound(f"no violation {violation_id}")
    return row


async def list_violations(
    session: AsyncSession, filters: ViolationFilters, *, limit: int, offset: int
) -> tuple[list[ViolationRead], int]:
    rows, total = await repository.list_violations(session, filters, limit=limit, offset=offset)
    return [ViolationRead.model_validate(r) for r in rows], total


async def create(session: AsyncSession, body: ViolationCreate, principal: Principal) -> ViolationRead:
    case = await resolve(session, body.case)
    await check_source(session, body.document_id, case.id)
    row = LegalViolation(**body.model_dump(exclude={"case"}), case_id=case.id, source="manual")
    session.add(row)
    await session.flush()
    await session.refresh(row)
    await audit.record(
        session,
        actor=principal.actor,
        action="violation.create",
        resource_type="violation",
        resource_id=row.id,
    )
    return ViolationRead.model_validate(row)


async def read(session: AsyncSession, violation_id: uuid.UUID) -> ViolationRead:
    return ViolationRead.model_validate(await load(session, violation_id))


async def update(
    session: AsyncSession, violation_id: uuid.UUID, body: ViolationUpdate, principal: Principal
) -> ViolationRead:
    row = await load(session, violation_id)
    changes = body.model_dump(exclude_unset=True)
    if "review_status" in changes:
        changes |= {"reviewed_by": principal.actor, "reviewed_at": datetime.now(UTC)}
    await audit.apply_changes(
        session, row, changes, actor=principal.actor, action="violation.update", resource_type="violation"
    )
    return ViolationRead.model_validate(row)
