from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer, load_only

from aseagi.documents.status import DocumentReview, DocumentStatus
from aseagi.kit import query
from aseagi.models import Case, DocumentOccurrence, LegalDocument
from aseagi.search.repository import matches

SUMMARY_COLUMNS = (
    LegalDocument.id,
    LegalDocument.case_id,
    LegalDocument.file_name,
    LegalDocument.title,
    LegalDocument.document_date,
    LegalDocument.relevancy_score,
    LegalDocument.status_reason,
)
"""What a line about a document shows (the bot's actions): never its text."""
SMOKING_GUN_TO_REVIEW = LegalDocument.smoking_gun & (LegalDocument.review_status == DocumentReview.UNREVIEWED)
FAILED = LegalDocument.status == DocumentStatus.FAILED


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

    def conditions(self) -> ColumnElement[bool]:
        return query.all_of(
            query.equal(LegalDocument.case_id, self.case_id),
            query.equal(LegalDocument.status, self.status),
            query.equal(LegalDocument.document_type, self.document_type),
            [LegalDocument.relevancy_score >= self.min_score] if self.min_score is not None else [],
            [LegalDocument.relevancy_score <= self.max_score] if self.max_score is not None else [],
            [LegalDocument.smoking_gun.is_(self.smoking_gun)] if self.smoking_gun is not None else [],
            query.within(LegalDocument.document_date, self.date_from, self.date_to),
            [matches(LegalDocument.search, self.query)] if self.query else [],
        )


def _filtered(filters: DocumentFilters) -> Select[LegalDocument]:
    return select(LegalDocument).where(filters.conditions())


async def count(session: AsyncSession, filters: DocumentFilters) -> int:
    return int(await session.scalar(query.count_of(_filtered(filters), LegalDocument.id)) or 0)


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


def count_where(condition: ColumnElement[bool], case_id: uuid.UUID | None) -> Select[Any]:
    """How many documents match ``condition`` in the case, or in all cases (a statement, to count with others
    in one round trip). All cases are counted case by case, each through the ``(case_id, …)`` index (a
    manual skip scan), plus the documents of no case."""
    if case_id is not None:
        return (
            select(func.count()).select_from(LegalDocument).where(LegalDocument.case_id == case_id, condition)
        )
    per_case = select(
        select(func.count())
        .select_from(LegalDocument)
        .where(LegalDocument.case_id == Case.id, condition)
        .scalar_subquery()
        .label("n")
    ).select_from(Case)
    orphans = (
        select(func.count().label("n"))
        .select_from(LegalDocument)
        .where(LegalDocument.case_id.is_(None), condition)
    )
    counted = union_all(per_case, orphans).subquery("per_case")
    return select(func.coalesce(func.sum(counted.c.n), 0))


async def count_matching(
    session: AsyncSession, condition: ColumnElement[bool], case_id: uuid.UUID | None
) -> int:
    return int(await session.scalar(count_where(condition, case_id)) or 0)


async def count_by_status(session: AsyncSession, case_id: uuid.UUID | None) -> dict[str, int]:
    rows = await session.execute(
        select(LegalDocument.status, func.count())
        .where(query.all_of(query.equal(LegalDocument.case_id, case_id)))
        .group_by(LegalDocument.status)
    )
    return {str(status): int(n) for status, n in rows.all()}


async def smoking_guns_to_review(
    session: AsyncSession, *, case_id: uuid.UUID | None, limit: int, offset: int
) -> list[LegalDocument]:
    """Smoking guns nobody has reviewed yet, the most relevant first."""
    rows = await session.scalars(
        select(LegalDocument)
        .options(load_only(*SUMMARY_COLUMNS))
        .where(SMOKING_GUN_TO_REVIEW, query.all_of(query.equal(LegalDocument.case_id, case_id)))
        .order_by(LegalDocument.relevancy_score.desc(), LegalDocument.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.all())


async def failed(
    session: AsyncSession, *, case_id: uuid.UUID | None, limit: int, offset: int
) -> list[LegalDocument]:
    """Documents whose processing failed, the latest failure first."""
    rows = await session.scalars(
        select(LegalDocument)
        .options(load_only(*SUMMARY_COLUMNS))
        .where(FAILED, query.all_of(query.equal(LegalDocument.case_id, case_id)))
        .order_by(LegalDocument.updated_at.desc(), LegalDocument.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.all())


async def file_names(session: AsyncSession, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = await session.execute(
        select(LegalDocument.id, LegalDocument.file_name).where(LegalDocument.id.in_(wanted))
    )
    return {row_id: name for row_id, name in rows.all()}
