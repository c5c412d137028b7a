"""All SQL of the findings (``legal_violations``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.kit import query
from aseagi.models import LegalViolation
from aseagi.models.violation import ReviewStatus

CRITICAL_RANK = 0
HIGH_RANK = 1
ORDER = (LegalViolation.severity_rank, LegalViolation.violation_date.desc().nulls_last(), LegalViolation.id)
"""Most severe first, then the latest."""


@dataclass(frozen=True)
class ViolationFilters:
    case_id: uuid.UUID | None = None
    severity: str | None = None
    review_status: str | None = None
    severity_rank: int | None = None
    """0 for CRITICAL, 1 for HIGH… (the indexed form of ``severity``)."""

    def conditions(self) -> ColumnElement[bool]:
        return query.all_of(
            query.equal(LegalViolation.case_id, self.case_id),
            query.equal(LegalViolation.severity, self.severity),
            query.equal(LegalViolation.review_status, self.review_status),
            query.equal(LegalViolation.severity_rank, self.severity_rank),
        )


def _filtered(filters: ViolationFilters) -> Select[LegalViolation]:
    return select(LegalViolation).where(filters.conditions())


async def list_violations(
    session: AsyncSession, filters: ViolationFilters, *, limit: int, offset: int
) -> tuple[list[LegalViolation], int]:
    return await query.fetch_page(
        session, _filtered(filters), key=LegalViolation.id, order_by=ORDER, limit=limit, offset=offset
    )


async def to_verify(
    session: AsyncSession, filters: ViolationFilters, *, limit: int, offset: int
) -> list[LegalViolation]:
    """Findings still ``suspected`` (nobody verified or dismissed them), the latest first."""
    rows = await session.scalars(
        query.paged(
            _filtered(filters)
            .where(LegalViolation.review_status == ReviewStatus.SUSPECTED)
            .order_by(LegalViolation.violation_date.desc().nulls_last(), LegalViolation.id),
            limit=limit,
            offset=offset,
        )
    )
    return list(rows.all())


def count_to_verify(case_id: uuid.UUID | None, severity_rank: int) -> Select[int]:
    """How many findings of that rank are still ``suspected`` (a statement, to count with others at once)."""
    return (
        select(func.count())
        .select_from(LegalViolation)
        .where(
            LegalViolation.severity_rank == severity_rank,
            LegalViolation.review_status == ReviewStatus.SUSPECTED,
            query.all_of(query.equal(LegalViolation.case_id, case_id)),
        )
    )


async def counts(session: AsyncSession, case_id: uuid.UUID | None) -> tuple[int, int]:
    """(findings, CRITICAL findings) of the case, or of all cases."""
    row = (
        await session.execute(
            select(func.count(), func.count().filter(LegalViolation.severity_rank == CRITICAL_RANK)).where(
                query.all_of(query.equal(LegalViolation.case_id, case_id))
            )
        )
    ).one()
    return int(row[0]), int(row[1])


async def get(session: AsyncSession, violation_id: uuid.UUID) -> LegalViolation | None:
    return await session.get(LegalViolation, violation_id)
