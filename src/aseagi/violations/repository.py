from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import LegalViolation


def _filtered(case_id: uuid.UUID | None, severity: str | None, review_status: str | None) -> Select[Any]:
    q = select(LegalViolation)
    if case_id is not None:
        q = q.where(LegalViolation.case_id == case_id)
    if severity is not None:
        q = q.where(LegalViolation.severity == severity)
    if review_status is not None:
        q = q.where(LegalViolation.review_status == review_status)
    return q


async def list_violations(
    session: AsyncSession,
    *,
    case_id: uuid.UUID | None,
    severity: str | None,
    review_status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[LegalViolation], int]:
    q = _filtered(case_id, severity, review_status)
    total = await session.scalar(
        select(func.count()).select_from(q.with_only_columns(LegalViolation.id).subquery())
    )
    rows = await session.scalars(
        q.order_by(
            LegalViolation.severity_rank, LegalViolation.violation_date.desc().nulls_last(), LegalViolation.id
        )
        .limit(limit)
        .offset(offset)
    )
    return list(rows.all()), int(total or 0)


async def get(session: AsyncSession, violation_id: uuid.UUID) -> LegalViolation | None:
    return await session.get(LegalViolation, violation_id)
