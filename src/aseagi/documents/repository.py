from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from aseagi.models import DocumentOccurrence, LegalDocument


@dataclass(frozen=True)
class DocumentFilters:
    case_id: uuid.UUID | None = None
    status: str | None = None
    document_type: str | None = None
    min_score: int | None = None
    max_score: int | None = None
    smoking_gun: bool | None = None
    date_from: date | None = None
    date_to: date | None = None
    query: str | None = None
    """Full-text search (web-search syntax) over file name and text."""


def _filtered(filters: DocumentFilters) -> Select[Any]:
    q = select(LegalDocument)
    if filters.case_id is not None:
        q = q.where(LegalDocument.case_id == filters.case_id)
    if filters.status is not None:
        q = q.where(LegalDocument.status == filters.status)
    if filters.document_type is not None:
        q = q.where(LegalDocument.document_type == filters.document_type)
    if filters.min_score is not None:
        q = q.where(LegalDocument.relevancy_score >= filters.min_score)
    if filters.max_score is not None:
        q = q.where(LegalDocument.relevancy_score <= filters.max_score)
    if filters.smoking_gun is not None:
        q = q.where(LegalDocument.smoking_gun.is_(filters.smoking_gun))
    if filters.date_from is not None:
        q = q.where(LegalDocument.document_date >= filters.date_from)
    if filters.date_to is not None:
        q = q.where(LegalDocument.document_date <= filters.date_to)
    if filters.query:
        q = q.where(LegalDocument.search.op("@@")(func.websearch_to_tsquery("english", filters.query)))
    return q


async def count(session: AsyncSession, filters: DocumentFilters) -> int:
    subquery = _filtered(filters).with_only_columns(LegalDocument.id).subquery()
    return int(await session.scalar(select(func.count()).select_from(subquery)) or 0)


async def list_documents(
    session: AsyncSession,
    filters: DocumentFilters,
    *,
    sort: str,
    limit: int,
    offset: int,
    after: tuple[datetime, uuid.UUID] | None = None,
) -> list[LegalDocument]:
    q = _filtered(filters).options(defer(LegalDocument.text), defer(LegalDocument.analysis))
    if sort == "relevancy":
        q = q.order_by(LegalDocument.relevancy_score.desc(), LegalDocument.id)
    elif sort == "date":
        q = q.order_by(LegalDocument.document_date.desc().nulls_last(), LegalDocument.id)
    else:
        if after is not None:
            q = q.where(func.row(LegalDocument.created_at, LegalDocument.id) < func.row(*after))
        q = q.order_by(LegalDocument.created_at.desc(), LegalDocument.id.desc())
    rows = await session.scalars(q.limit(limit).offset(0 if after else offset))
    return list(rows.all())


async def get(session: AsyncSession, document_id: uuid.UUID) -> LegalDocument | None:
    return await session.get(LegalDocument, document_id)


async def occurrences(
    session: AsyncSession, document_id: uuid.UUID, *, limit: int = 100
) -> list[DocumentOccurrence]:
    rows = await session.scalars(
        select(DocumentOccurrence)
        .where(DocumentOccurrence.document_id == document_id)
        .order_by(DocumentOccurrence.seen_at)
        .limit(limit)
    )
    return list(rows.all())
