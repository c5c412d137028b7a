from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, status

from aseagi.api.deps import Limit, Offset, ReadToken, SessionDep, WriteToken
from aseagi.cases.service import resolve, resolve_optional
from aseagi.documents.service import check_source
from aseagi.kit import audit
from aseagi.kit.errors import NotFound
from aseagi.kit.pagination import Page
from aseagi.models import LegalViolation
from aseagi.violations import repository
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
    rows, total = await repository.list_violations(
        session,
        case_id=await resolve_optional(session, case),
        severity=severity,
        review_status=review_status,
        limit=limit,
        offset=offset,
    )
    return Page[ViolationRead](
        items=[ViolationRead.model_validate(r) for r in rows], count=total, limit=limit, offset=offset
    )


@router.post("", response_model=ViolationRead, status_code=status.HTTP_201_CREATED)
async def create_violation(
    body: ViolationCreate, session: SessionDep, principal: WriteToken
) -> ViolationRead:
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


@router.get("/{violation_id}", response_model=ViolationRead)
async def get_violation(violation_id: uuid.UUID, session: SessionDep, _: ReadToken) -> ViolationRead:
    row = await repository.get(session, violation_id)
    if row is None:
        raise NotFound(f"no violation {violation_id}")
    return ViolationRead.model_validate(row)


@router.patch("/{violation_id}", response_model=ViolationRead)
async def update_violation(
    violation_id: uuid.UUID, body: ViolationUpdate, session: SessionDep, principal: WriteToken
) -> ViolationRead:
    """Verify or dismiss a finding, or correct it. Audited."""
    row = await repository.get(session, violation_id)
    if row is None:
        raise NotFound(f"no violation {violation_id}")
    changes = body.model_dump(exclude_unset=True)
    if "review_status" in changes:
        changes |= {"reviewed_by": principal.actor, "reviewed_at": datetime.now(UTC)}
    await audit.apply_changes(
        session, row, changes, actor=principal.actor, action="violation.update", resource_type="violation"
    )
    return ViolationRead.model_validate(row)
