"""SQL for ingestion: documents, occurrences, messages, events and batch counters."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NotRequired, TypedDict, cast

from sqlalchemy import Table, Text, func, literal, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from aseagi.documents.status import DocumentStatus
from aseagi.kit import bulk
from aseagi.kit.storable import JsonText, storable, storable_json_text
from aseagi.models import Communication, CourtEvent, DocumentOccurrence, LegalDocument, ProcessingBatch
from aseagi.models.batch import BatchState

DOCUMENTS = cast(Table, LegalDocument.__table__)
OCCURRENCES = cast(Table, DocumentOccurrence.__table__)
EVENTS = cast(Table, CourtEvent.__table__)
COMMUNICATIONS = cast(Table, Communication.__table__)
COUNTERS = ("discovered", "queued", "done", "duplicate", "failed", "unsupported", "skipped", "pages")
FINISHED_COUNTERS = ("done", "duplicate", "failed", "unsupported", "skipped")
"""The counters of files that have an outcome: a batch is complete when they add up to ``discovered``."""


class DocumentRow(TypedDict, total=False):
    """A ``legal_documents`` row as ingestion writes it: what the file is, where its original is, what
    became of it, and, once read, its text and the columns its analysis fills."""

    id: uuid.UUID
    case_id: uuid.UUID
    file_name: str
    file_name_raw: bytes | None
    sha256: str | None
    content_hash: str | None
    storage_key: str | None
    size_bytes: int | None
    status: str
    """A ``DocumentStatus`` value."""
    status_reason: str | None
    processed_at: datetime
    uploaded_via: str | None
    mime_type: str | None
    text: str
    page_count: int
    ocr_pages: int
    title: str | None
    document_date: date | None
    metadata: dict[str, Any]
    """JSON: the parser's metadata, its warnings, whether text was cleaned."""
    analysis: JsonText
    """The analysis, already written as JSON (``extract.Analyzed.analysis``)."""
    document_type: str
    docket_number: str | None
    micro_score: int
    macro_score: int
    legal_score: int
    relevancy_score: int
    smoking_gun: bool
    fraud_indicators: list[dict[str, Any]]
    perjury_indicators: list[dict[str, Any]]


class OccurrenceRow(TypedDict):
    """A ``document_occurrences`` row: one place a file was found."""

    document_id: uuid.UUID
    batch_id: uuid.UUID | None
    source: str
    source_raw: bytes | None
    parent_document_id: NotRequired[uuid.UUID | None]
    """The container (archive, e-mail) it was found in; left out for a file of the source itself."""
    size_bytes: int | None
    mtime: datetime | None


class CommunicationRow(TypedDict):
    """A ``communications`` row: one message a document holds, at its ``position`` in the document."""

    case_id: uuid.UUID
    document_id: uuid.UUID
    position: int
    channel: str
    sender: str | None
    recipients: list[str]
    sent_at: datetime | None
    subject: str | None
    content: str
    thread: str | None
    direction: str | None
    duration_seconds: int | None
    call_type: str | None


class EventRow(TypedDict):
    """A ``court_events`` row for an event a document mentions; ``fingerprint`` makes re-ingestion skip it."""

    case_id: uuid.UUID
    document_id: uuid.UUID
    event_date: date
    event_time: str | None
    event_type: str
    title: str
    department: str | None
    source: str
    evidence: list[dict[str, Any]]
    """JSON: the passages it rests on."""
    fingerprint: str


class BatchError(TypedDict):
    """One entry of ``processing_batches.last_errors``: a file that failed and why."""

    source: str
    status: str
    reason: str | None
    at: datetime


async def document_with_sha256(session: AsyncSession, case_id: uuid.UUID, sha256: str) -> uuid.UUID | None:
    return await session.scalar(
        select(LegalDocument.id).where(LegalDocument.case_id == case_id, LegalDocument.sha256 == sha256)
    )


async def insert_document(session: AsyncSession, values: DocumentRow) -> uuid.UUID | None:
    """Insert unless the same bytes are already in the case (then None: it is a duplicate)."""
    inserted = await bulk.insert_rows(
        session,
        DOCUMENTS,
        [values],
        on_conflict="ON CONFLICT (case_id, sha256) WHERE sha256 IS NOT NULL DO NOTHING",
        returning="id",
    )
    return inserted[0] if inserted else None


async def insert_documents(session: AsyncSession, rows: Sequence[DocumentRow]) -> set[uuid.UUID]:
    """Insert many documents (each with its ``id``); returns the ids inserted. The others' bytes were
    already in the case: they are duplicates."""
    inserted = await bulk.insert_rows(
        session,
        DOCUMENTS,
        rows,
        on_conflict="ON CONFLICT (case_id, sha256) WHERE sha256 IS NOT NULL DO NOTHING",
        returning="id",
    )
    return set(inserted)


async def documents_with_sha256s(
    session: AsyncSession, case_id: uuid.UUID, hashes: Sequence[str]
) -> dict[str, uuid.UUID]:
    if not hashes:
        return {}
    rows = await session.execute(
        select(LegalDocument.sha256, LegalDocument.id).where(
            LegalDocument.case_id == case_id, LegalDocument.sha256.in_(list(set(hashes)))
        )
    )
    return {sha: document_id for sha, document_id in rows if sha}


async def update_document(session: AsyncSession, document_id: uuid.UUID, values: DocumentRow) -> None:
    await session.execute(
        update(LegalDocument)
        .where(LegalDocument.id == document_id)
        .values(**{name: _bound(value) for name, value in values.items()})
        .execution_options(synchronize_session=False)
    )


def _bound(value: Any) -> Any:
    """A column's value for an ORM statement; JSON already written goes as it is, cast by the database."""
    if isinstance(value, JsonText):
        return literal(storable_json_text(value), Text).cast(JSONB)
    return storable(value)


async def insert_occurrence(session: AsyncSession, **values: Any) -> None:
    await session.execute(insert(DocumentOccurrence).values(**values))


async def insert_occurrences(session: AsyncSession, rows: Sequence[OccurrenceRow]) -> None:
    await bulk.insert_rows(session, OCCURRENCES, rows)


KNOWN_SHA256S = text("SELECT sha256 FROM legal_documents WHERE case_id = :case_id AND sha256 = ANY(:hashes)")


async def known_sha256s(
    connection: AsyncSession | AsyncConnection, case_id: uuid.UUID, hashes: Sequence[str]
) -> set[str]:
    """Which of ``hashes`` the case already holds (a constant statement: it is asked for every group)."""
    if not hashes:
        return set()
    rows = await connection.execute(KNOWN_SHA256S, {"case_id": case_id, "hashes": list(hashes)})
    return {sha256 for (sha256,) in rows}


async def insert_communications(session: AsyncSession, rows: Sequence[CommunicationRow]) -> None:
    await bulk.insert_rows(
        session, COMMUNICATIONS, rows, on_conflict="ON CONFLICT (document_id, position) DO NOTHING"
    )


async def insert_events(session: AsyncSession, rows: Sequence[EventRow]) -> None:
    await bulk.insert_rows(
        session,
        EVENTS,
        rows,
        on_conflict="ON CONFLICT (fingerprint) WHERE fingerprint IS NOT NULL DO NOTHING",
    )


async def sources_already_done(
    session: AsyncSession, case_id: uuid.UUID, files: Sequence[tuple[str, int | None, datetime | None]]
) -> dict[str, uuid.UUID]:
    """Sources whose same path, size and modification time were already ingested into this case."""
    if not files:
        return {}
    keys = [(source, size) for source, size, _ in files]
    rows = await session.execute(
        select(DocumentOccurrence.source, DocumentOccurrence.mtime, DocumentOccurrence.document_id)
        .join(LegalDocument, LegalDocument.id == DocumentOccurrence.document_id)
        .where(
            LegalDocument.case_id == case_id,
            tuple_(DocumentOccurrence.source, DocumentOccurrence.size_bytes).in_(keys),
            LegalDocument.status.in_(
                (DocumentStatus.DONE, DocumentStatus.UNSUPPORTED, DocumentStatus.FAILED)
            ),
        )
    )
    mtimes = {source: mtime for source, _, mtime in files}
    return {
        source: document_id
        for source, mtime, document_id in rows
        if mtimes.get(source) is None or mtime == mtimes[source]
    }


async def sources_in_batch(session: AsyncSession, batch_id: uuid.UUID, sources: Sequence[str]) -> set[str]:
    if not sources:
        return set()
    rows = await session.scalars(
        select(DocumentOccurrence.source).where(
            DocumentOccurrence.batch_id == batch_id, DocumentOccurrence.source.in_(list(sources))
        )
    )
    return set(rows.all())


async def batch_by_job(session: AsyncSession, job_id: str) -> ProcessingBatch | None:
    return await session.scalar(select(ProcessingBatch).where(ProcessingBatch.job_id == job_id))


async def add_counts(session: AsyncSession, batch_id: uuid.UUID, counts: dict[str, int]) -> None:
    changes = {name: getattr(ProcessingBatch, name) + value for name, value in counts.items() if value}
    if changes:
        changes["total_documents"] = ProcessingBatch.discovered + counts.get("discovered", 0)
        await session.execute(update(ProcessingBatch).where(ProcessingBatch.id == batch_id).values(**changes))


async def append_errors(
    session: AsyncSession, batch_id: uuid.UUID, errors: Sequence[BatchError], keep: int = 20
) -> None:
    """Keep the last ``keep`` errors on the batch for the status endpoint."""
    if not errors:
        return
    await session.execute(
        text(
            "UPDATE processing_batches SET last_errors = (SELECT coalesce(jsonb_agg(e), '[]'::jsonb) FROM "
            "(SELECT e FROM jsonb_array_elements(last_errors || CAST(:new AS jsonb)) "
            "WITH ORDINALITY AS t(e, n) "
            "ORDER BY n DESC LIMIT :keep) latest) WHERE id = :id"
        ),
        {"new": json.dumps(storable(errors[-keep:]), default=str), "keep": keep, "id": batch_id},
    )


async def finish_if_complete(session: AsyncSession, batch_id: uuid.UUID) -> bool:
    """Mark the batch done when discovery has ended and every discovered file has an outcome."""
    finished = await session.scalar(
        update(ProcessingBatch)
        .where(
            ProcessingBatch.id == batch_id,
            ProcessingBatch.status == BatchState.RUNNING,
            ProcessingBatch.discovery_done.is_(True),
            ProcessingBatch.done
            + ProcessingBatch.duplicate
            + ProcessingBatch.failed
            + ProcessingBatch.unsupported
            + ProcessingBatch.skipped
            >= ProcessingBatch.discovered,
        )
        .values(status=BatchState.DONE, finished_at=func.now())
        .returning(ProcessingBatch.id)
    )
    return finished is not None


async def claim_progress_notification(session: AsyncSession, batch_id: uuid.UUID) -> bool:
    """True for at most one caller a second per batch, across every worker on every machine."""
    claimed = await session.scalar(
        update(ProcessingBatch)
        .where(
            ProcessingBatch.id == batch_id,
            (ProcessingBatch.progress_notified_at.is_(None))
            | (ProcessingBatch.progress_notified_at < func.now() - text("interval '1 second'")),
        )
        .values(progress_notified_at=func.now())
        .returning(ProcessingBatch.id)
    )
    return claimed is not None


async def recent_batches(session: AsyncSession, *, limit: int) -> list[str]:
    rows = await session.scalars(
        select(ProcessingBatch.job_id).order_by(ProcessingBatch.created_at.desc()).limit(limit)
    )
    return list(rows.all())
