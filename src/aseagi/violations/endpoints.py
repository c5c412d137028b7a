from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from aseagi.api.deps import Limit, Offset, ReadToken, SessionDep, WriteToken
from aseagi.cases.service import resolve_optional
from aseagi.kit.pagination import Page
from aseagi.violations import service
from aseagi.violations.repository import ViolationFilters
from aseagi.violations.schemas import ReviewStatus, Severity, ViolationCreate, ViolationRead, ViolationUpdate

router = APIRouter(prefix="/violations", tags=["violations"])


@router.get("", response_model=Page[ViolationRead])
async def list_violations(
    session: SessionDep,
    _: ReadToken,
    case: Annotated[str | None, Query(max_length=64)] = None,
    severity: Severity | None = None,
    review_status: ReviewStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ViolationRead]:
    filters = ViolationFilters(
        case_id=await resolve_optional(session, case), severity=severity, review_status=review_status
    )
    items, total = await service.list_violations(session, filters, limit=limit, offset=offset)
    return Page[ViolationRead](items=items, count=total, limit=limit, offset=offset)


@router.post("", response_model=ViolationRead, status_code=status.HTTP_201_CREATED)
async def create_violation(
    body: ViolationCreate, session: SessionDep, principal: WriteToken
) -> ViolationRead:
    return await service.create(session, body, principal)


@router.get("/{violation_id}", response_model=ViolationRead)
async def get_violation(violation_id: uuid.UUID, session: SessionDep, _: ReadToken) -> ViolationRead:
    return await service.read(session, violation_id)


@router.patch("/{violation_id}", response_model=ViolationRead)
async def update_violation(
    violation_id: uuid.UUID, body: ViolationUpdate, session: SessionDep, principal: WriteToken
) -> ViolationRead:
    """Verify or dismiss a finding, or correct it. Audited."""
    return await service.update(session, violation_id, body, principal)
