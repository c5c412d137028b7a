"""SQL of the exports: the documents a binder selects, the protected persons, the chronology, binder jobs."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Text, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.documents.status import DocumentStatus
from aseagi.exports.schemas import ExhibitSource
from aseagi.ingestion.parsers import detect
from aseagi.models import BinderJob, CourtEvent, LegalDocument, LegalViolation
from aseagi.models import ProtectedPerson as ProtectedPersonRow
from aseagi.models.export import BinderStatus

EXHIBIT_COLUMNS = (
    LegalDocument.id,
    LegalDocument.file_name,
    LegalDocument.sha256,
    LegalDocument.storage_key,
    LegalDocument.mime_type,
    LegalDocument.document_date,
    LegalDocument.title,
    LegalDocument.document_type,
    LegalDocument.created_at,
)
CONTAINER_TYPES = (detect.ZIP, detect.TAR, detect.GZIP, detect.XZ, detect.MBOX)
"""Archives and mailboxes are not exhibits themselves when the whole case is exported: their members are."""


def _sources(rows: Sequence[Any]) -> list[ExhibitSource]:
    return [ExhibitSource(*row) for row in rows]


def _in_date_order(query: Any) -> Any:
    return query.order_by(
        LegalDocument.document_date.asc().nulls_last(), LegalDocument.created_at, LegalDocument.file_name
    )


async def case_documents(session: AsyncSession, case_id: uuid.UUID, *, limit: int) -> list[ExhibitSource]:
    """Every stored original of the case that was read, in date order (undated last), containers left out."""
    query = select(*EXHIBIT_COLUMNS).where(
        LegalDocument.case_id == case_id,
        LegalDocument.storage_key.is_not(None),
        LegalDocument.status == DocumentStatus.DONE,
        or_(LegalDocument.mime_type.is_(None), LegalDocument.mime_type.not_in(CONTAINER_TYPES)),
    )
    return _sources((await session.execute(_in_date_order(query).limit(limit))).all())


async def documents_by_id(
    session: AsyncSession, case_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> list[ExhibitSource]:
    """The given documents of this case, in the order given (ids of other cases are not found)."""
    query = select(*EXHIBIT_COLUMNS).where(LegalDocument.case_id == case_id, LegalDocument.id.in_(list(ids)))
    found = {row[0]: row for row in (await session.execute(query)).all()}
    return _sources([found[i] for i in ids if i in found])


async def violation_document_ids(
    session: AsyncSession, case_id: uuid.UUID, violation_id: uuid.UUID
) -> list[uuid.UUID] | None:
    """The documents a violation rests on (its own and those of its evidence); None if no such violation."""
    row = (
        await session.execute(
            select(LegalViolation.document_id, LegalViolation.evidence).where(
                LegalViolation.id == violation_id, LegalViolation.case_id == case_id
            )
        )
    ).first()
    if row is None:
        return None
    return _cited(row.document_id, row.evidence)


async def event_document_ids(
    session: AsyncSession, case_id: uuid.UUID, event_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    """The sources of chronology events (each one's document and the documents its evidence cites); empty
    when one of the events is not in the case."""
    query = select(CourtEvent.document_id, CourtEvent.evidence).where(
        CourtEvent.case_id == case_id, CourtEvent.id.in_(list(event_ids))
    )
    rows = (await session.execute(query)).all()
    if len(rows) != len(set(event_ids)):
        return []
    ids: list[uuid.UUID] = []
    for row in rows:
        ids += [value for value in _cited(row.document_id, row.evidence) if value not in ids]
    return ids


def _cited(document_id: uuid.UUID | None, evidence: list[Any] | None) -> list[uuid.UUID]:
    """A finding's own document and the documents its evidence cites, each once, malformed ids skipped."""
    candidates = [document_id, *(e.get("document_id") for e in evidence or [] if isinstance(e, dict))]
    ids: list[uuid.UUID] = []
    for candidate in candidates:
        if candidate is None:
            continue
        try:
            value = candidate if isinstance(candidate, uuid.UUID) else uuid.UUID(str(candidate))
        except ValueError:
            continue
        if value not in ids:
            ids.append(value)
    return ids


async def dated_in_order(
    session: AsyncSession, case_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> list[ExhibitSource]:
    query = select(*EXHIBIT_COLUMNS).where(LegalDocument.case_id == case_id, LegalDocument.id.in_(list(ids)))
    return _sources((await session.execute(_in_date_order(query))).all())


async def protected_persons(session: AsyncSession, case_id: uuid.UUID) -> list[ProtectedPersonRow]:
    query = select(ProtectedPersonRow).where(ProtectedPersonRow.case_id == case_id)
    return list(
        (await session.scalars(query.order_by(ProtectedPersonRow.role, ProtectedPersonRow.full_name))).all()
    )


async def protected_person(
    session: AsyncSession, case_id: uuid.UUID, person_id: uuid.UUID
) -> ProtectedPersonRow | None:
    return await session.scalar(
        select(ProtectedPersonRow).where(
            ProtectedPersonRow.id == person_id, ProtectedPersonRow.case_id == case_id
        )
    )


PERSON_SOURCE_TYPES = ("petition", "report", "police_report", "minute_order", "declaration", "other")


async def texts_for_detection(
    session: AsyncSession, case_id: uuid.UUID, *, limit: int
) -> list[tuple[str, str]]:
    """(file name, first 200,000 characters) of the petitions and reports, where the child is named."""
    query = (
        select(LegalDocument.file_name, func.left(LegalDocument.text, 200_000))
        .where(
            LegalDocument.case_id == case_id,
            LegalDocument.text.is_not(None),
            or_(
                LegalDocument.document_type.in_(PERSON_SOURCE_TYPES),
                cast(LegalDocument.file_name, Text).ilike("%petition%"),
                cast(LegalDocument.file_name, Text).ilike("%report%"),
            ),
        )
        .order_by(LegalDocument.document_date.asc().nulls_last(), LegalDocument.created_at)
        .limit(limit)
    )
    return [(name, text or "") for name, text in (await session.execute(query)).all()]


async def court_events(session: AsyncSession, case_id: uuid.UUID, *, limit: int) -> list[Any]:
    """The case's events in date order, each with its source document's id and file name."""
    query = (
        select(CourtEvent, LegalDocument.file_name)
        .outerjoin(LegalDocument, LegalDocument.id == CourtEvent.document_id)
        .where(CourtEvent.case_id == case_id)
        .order_by(CourtEvent.event_date, CourtEvent.event_time.asc().nulls_first(), CourtEvent.title)
        .limit(limit)
    )
    return list((await session.execute(query)).all())


async def binder_job(session: AsyncSession, case_id: uuid.UUID, binder_id: uuid.UUID) -> BinderJob | None:
    return await session.scalar(
        select(BinderJob).where(BinderJob.id == binder_id, BinderJob.case_id == case_id)
    )


async def latest_done_binder(session: AsyncSession, case_id: uuid.UUID) -> BinderJob | None:
    query = (
        select(BinderJob)
        .where(BinderJob.case_id == case_id, BinderJob.status == BinderStatus.DONE)
        .order_by(BinderJob.created_at.desc())
        .limit(1)
    )
    return await session.scalar(query)
