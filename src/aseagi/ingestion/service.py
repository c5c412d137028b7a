"""Recording what the pipeline found, and the life of a batch. Services flush; the job or request commits."""

from __future__ import annotations

import logging
import os
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InternalError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cases import repository as cases
from aseagi.documents.status import DocumentStatus
from aseagi.ingestion import repository
from aseagi.ingestion.extract import FileStatus
from aseagi.ingestion.parsers import ParsedDocument
from aseagi.ingestion.pipeline import FileOutcome
from aseagi.ingestion.repository import BatchError, CommunicationRow, DocumentRow, EventRow, OccurrenceRow
from aseagi.jobs import specs
from aseagi.jobs.defer import defer
from aseagi.kit import live_events
from aseagi.kit.fingerprint import fingerprint
from aseagi.kit.storable import needs_cleaning
from aseagi.live.schemas import LiveKind
from aseagi.models import ProcessingBatch
from aseagi.models.document import PAGE_BREAK

log = logging.getLogger(__name__)

REFUSED = (IntegrityError, DataError, InternalError, ProgrammingError)
"""What a row's own values make the database refuse. A lost connection, a deadlock or a timeout
(``OperationalError``) is not the file's fault: it fails the job, which is tried again."""

DEFAULT_CASE = "DEFAULT"
"""Files ingested without a case go to this one, so duplicates are still recognised among them."""


def new_job_id() -> str:
    return "job_" + secrets.token_hex(8)


async def case_for(session: AsyncSession, docket: str | None) -> uuid.UUID:
    return (await cases.get_or_create(session, docket or DEFAULT_CASE)).id


def document_values(outcome: FileOutcome, *, case_id: uuid.UUID, uploaded_via: str | None) -> DocumentRow:
    """The ``legal_documents`` columns for one outcome (done, failed or unsupported)."""
    blob, result = outcome.blob, outcome.result
    raw = outcome.file.raw
    values: DocumentRow = {
        "case_id": case_id,
        "file_name": outcome.file.file_name[:500] or "(unnamed)",
        "file_name_raw": os.path.basename(raw) if raw else None,
        "sha256": blob.sha256 if blob else None,
        "content_hash": blob.sha256 if blob else None,
        "storage_key": blob.key if blob else None,
        "size_bytes": blob.size if blob else outcome.file.size,
        "status": outcome.status,
        "status_reason": outcome.reason,
        "processed_at": datetime.now(UTC),
        "uploaded_via": uploaded_via,
    }
    if result is not None:
        values["mime_type"] = result.mime_type
    parsed = result.parsed if result else None
    if parsed is not None:
        values["text"] = PAGE_BREAK.join(page.text for page in parsed.pages)
        values["page_count"] = parsed.page_count
        values["ocr_pages"] = sum(1 for page in parsed.pages if page.ocr)
        values["title"] = parsed.title
        values["document_date"] = parsed.document_date
        values["metadata"] = {
            **parsed.metadata,
            **({"warnings": list(parsed.warnings)} if parsed.warnings else {}),
        }
    analyzed = result.analyzed if result is not None else None
    if analyzed is not None:
        columns = analyzed.columns
        values.update(columns.values())
        values["analysis"] = analyzed.analysis
        values["title"] = values.get("title") or columns.title
        values["document_date"] = values.get("document_date") or columns.document_date
    if _needs_cleaning(values, parsed):
        values["metadata"] = {**values.get("metadata", {}), "text_cleaned": True}
    return values


def _needs_cleaning(values: DocumentRow, parsed: ParsedDocument | None) -> bool:
    """Whether any text of the document had a NUL or a lone surrogate (``kit/bulk.py`` replaces them).

    Each value is checked on its own (a page of text at C speed); the analysis is not: it quotes only
    what the text and the names hold.
    """
    if any(needs_cleaning(value) for name, value in values.items() if name != "analysis"):
        return True
    messages = [
        (m.sender, m.recipients, m.subject, m.content, m.thread, m.call_type)
        for m in (parsed.messages if parsed else ())
    ]
    return needs_cleaning(messages)


def _message_rows(outcome: FileOutcome, case_id: uuid.UUID, document_id: uuid.UUID) -> list[CommunicationRow]:
    parsed = outcome.result.parsed if outcome.result else None
    if parsed is None:
        return []
    return [
        {
            "case_id": case_id,
            "document_id": document_id,
            "position": position,
            "channel": message.channel,
            "sender": message.sender,
            "recipients": list(message.recipients),
            "sent_at": message.sent_at,
            "subject": message.subject,
            "content": message.content,
            "thread": message.thread,
            "direction": message.direction,
            "duration_seconds": message.duration_seconds,
            "call_type": message.call_type,
        }
        for position, message in enumerate(parsed.messages)
    ]


def _event_rows(outcome: FileOutcome, case_id: uuid.UUID, document_id: uuid.UUID) -> list[EventRow]:
    analyzed = outcome.result.analyzed if outcome.result else None
    if analyzed is None:
        return []
    rows: list[EventRow] = []
    for event in analyzed.court_events:
        found = event.evidence
        evidence = found.model_dump(mode="json") | {"document_id": str(document_id)}
        rows.append(
            {
                "case_id": case_id,
                "document_id": document_id,
                "event_date": event.event_date,
                "event_time": event.time,
                "event_type": event.event_type,
                "title": event.title[:500],
                "department": event.department,
                "source": "document",
                "evidence": [evidence],
                "fingerprint": fingerprint(
                    document_id, event.event_date, event.event_type, found.page, found.start
                ),
            }
        )
    return rows


@dataclass
class PendingRows:
    """Rows that follow a document's own row, written in one statement per table for a whole job."""

    occurrences: list[OccurrenceRow] = field(default_factory=list)
    communications: list[CommunicationRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)

    def occurrence(
        self,
        outcome: FileOutcome,
        document_id: uuid.UUID | None,
        batch_id: uuid.UUID | None,
        parent: uuid.UUID | None,
    ) -> None:
        if document_id is None:
            return
        self.occurrences.append(
            {
                "document_id": document_id,
                "batch_id": batch_id,
                "source": outcome.file.source[:4000],
                "source_raw": outcome.file.raw,
                "parent_document_id": parent,
                "size_bytes": outcome.file.size,
                "mtime": outcome.file.mtime,
            }
        )

    async def flush(self, session: AsyncSession) -> None:
        await repository.insert_occurrences(session, self.occurrences)
        await repository.insert_communications(session, self.communications)
        await repository.insert_events(session, self.events)
        self.occurrences, self.communications, self.events = [], [], []


async def record(
    session: AsyncSession,
    outcomes: list[FileOutcome],
    *,
    case_id: uuid.UUID,
    batch_id: uuid.UUID | None,
    existing_document_id: uuid.UUID | None = None,
    uploaded_via: str | None = None,
) -> Counter[str]:
    """Write outcomes and their members; returns the counts they add to their batch.

    One multi-row insert per level of nesting (files, then their members…), not one per file. Documents
    are written first and duplicates after, so a duplicate always finds the document it duplicates even
    when that one was parsed alongside it (in the same job, or committed meanwhile by another worker).
    ``existing_document_id`` is the row an upload already created for the first outcome.
    """
    counts: Counter[str] = Counter()
    pending = PendingRows()
    duplicates: list[tuple[FileOutcome, uuid.UUID | None]] = []
    level: list[tuple[FileOutcome, uuid.UUID | None]] = [(o, None) for o in outcomes]
    existing = existing_document_id
    while level:
        rows: dict[uuid.UUID, tuple[FileOutcome, uuid.UUID | None, DocumentRow]] = {}
        for outcome, parent in level:
            if outcome.status == FileStatus.DUPLICATE and outcome.blob is not None:
                duplicates.append((outcome, parent))
                continue
            values = document_values(outcome, case_id=case_id, uploaded_via=uploaded_via)
            if existing is not None:
                update = values.copy()
                del update["case_id"]
                await repository.update_document(session, existing, update)
                rows[existing] = (outcome, parent, values)
                existing = None
            else:
                document_id = values["id"] = uuid.uuid4()
                rows[document_id] = (outcome, parent, values)
        inserted = await repository.insert_documents(
            session, [values for _, _, values in rows.values() if "id" in values]
        )
        next_level: list[tuple[FileOutcome, uuid.UUID | None]] = []
        for document_id, (outcome, parent, values) in rows.items():
            if "id" in values and document_id not in inserted:  # the same bytes were stored first elsewhere
                outcome.status = FileStatus.DUPLICATE
                duplicates.append((outcome, parent))
                continue
            counts[outcome.status] += 1
            if outcome.status == FileStatus.DONE:
                pending.communications += _message_rows(outcome, case_id, document_id)
                pending.events += _event_rows(outcome, case_id, document_id)
                counts["pages"] += values.get("page_count") or 0
            pending.occurrence(outcome, document_id, batch_id, parent)
            next_level += [(member, document_id) for member in outcome.members]
        counts["discovered"] += len(next_level)
        counts["queued"] += len(next_level)
        level = next_level
    originals = await repository.documents_with_sha256s(
        session, case_id, [o.blob.sha256 for o, _ in duplicates if o.blob is not None]
    )
    for outcome, parent in duplicates:
        original = originals.get(outcome.blob.sha256) if outcome.blob else None
        if original is None:  # its original is not committed yet (another worker): record it as failed
            outcome.status, outcome.reason = (
                FileStatus.FAILED,
                "duplicate of a document still being stored; retry",
            )
            values = document_values(outcome, case_id=case_id, uploaded_via=uploaded_via)
            values["sha256"] = None
            original = await repository.insert_document(session, values)
            counts[FileStatus.FAILED] += 1
        else:
            counts[FileStatus.DUPLICATE] += 1
        pending.occurrence(outcome, original, batch_id, parent)
    await pending.flush(session)
    return counts


async def record_each(
    session: AsyncSession, outcomes: list[FileOutcome], *, case_id: uuid.UUID, batch_id: uuid.UUID
) -> Counter[str]:
    """``record`` a job's files together, or one by one when the database refuses the chunk.

    Each file then gets its own savepoint, so one row the database rejects costs only its own file: that
    file is recorded ``failed`` with the database's reason, and its original stays in the blob store.
    """
    states = [(o, o.status, o.reason) for top in outcomes for o in top.walk()]
    try:
        async with session.begin_nested():
            return await record(session, outcomes, case_id=case_id, batch_id=batch_id)
    except REFUSED as exc:
        log.warning(
            "a chunk of %d files could not be stored (%s); storing them one by one",
            len(outcomes),
            database_reason(exc),
        )
    for outcome, status, reason in states:  # ``record`` turned some into duplicates or failures
        outcome.status, outcome.reason = status, reason
    counts: Counter[str] = Counter()
    for outcome in outcomes:
        try:
            async with session.begin_nested():
                counts.update(await record(session, [outcome], case_id=case_id, batch_id=batch_id))
        except REFUSED as exc:
            counts.update(
                await record_unstorable(
                    session, outcome, database_reason(exc), case_id=case_id, batch_id=batch_id
                )
            )
    return counts


def database_reason(exc: DBAPIError) -> str:
    """The database's one-line reason (never the row's values, which its detail lines may show)."""
    diagnostics = getattr(exc.orig, "diag", None)
    primary = getattr(diagnostics, "message_primary", None) or str(exc.orig).split("\n", 1)[0]
    return primary[:200]


async def record_unstorable(
    session: AsyncSession, outcome: FileOutcome, why: str, *, case_id: uuid.UUID, batch_id: uuid.UUID
) -> Counter[str]:
    """A file whose rows the database refused: a ``failed`` row with only its name, place and original."""
    members = sum(len(member.walk()) for member in outcome.members)
    outcome.status, outcome.members = FileStatus.FAILED, []
    outcome.reason = f"could not be stored: {why}" + (
        f" ({members} files inside it not recorded)" if members else ""
    )
    blob = outcome.blob
    values: DocumentRow = {
        "case_id": case_id,
        "file_name": outcome.file.file_name[:500] or "(unnamed)",
        "file_name_raw": os.path.basename(outcome.file.raw) if outcome.file.raw else None,
        "content_hash": blob.sha256 if blob else None,
        "storage_key": blob.key if blob else None,
        "size_bytes": blob.size if blob else outcome.file.size,
        "status": DocumentStatus.FAILED,
        "status_reason": outcome.reason,
        "processed_at": datetime.now(UTC),
    }
    try:
        async with session.begin_nested():
            document_id = await repository.insert_document(session, values)
            pending = PendingRows()
            pending.occurrence(outcome, document_id, batch_id, None)
            await pending.flush(session)
    except REFUSED as exc:  # not even that: the batch still counts it, and its errors name it
        log.error(
            "file %s could not be recorded at all: %s", outcome.file.source[-300:], database_reason(exc)
        )
    return Counter(failed=1)


def error_entries(outcomes: list[FileOutcome]) -> list[BatchError]:
    return [
        {"source": o.file.source[-300:], "status": o.status, "reason": o.reason, "at": datetime.now(UTC)}
        for top in outcomes
        for o in top.walk()
        if o.status in (FileStatus.FAILED, FileStatus.UNSUPPORTED)
    ]


async def close_out(
    session: AsyncSession, batch: ProcessingBatch, counts: Counter[str], errors: list[BatchError]
) -> bool:
    """Add a job's counts to its batch, publish progress (≤ 1/s) and completion. True when it finished."""
    await repository.add_counts(session, batch.id, dict(counts))
    await repository.append_errors(session, batch.id, errors)
    if await repository.finish_if_complete(session, batch.id):
        await session.refresh(batch)
        await announce_finished(session, batch)
        return True
    if await repository.claim_progress_notification(session, batch.id):
        await session.refresh(batch)
        await live_events.publish(
            session, LiveKind.BATCH_PROGRESS, batch_payload(batch), case_id=batch.case_id
        )
    return False


async def announce_finished(session: AsyncSession, batch: ProcessingBatch) -> None:
    """A batch ended (its last job, or the reconciler): ``batch.done`` goes out and its case is analyzed."""
    await live_events.publish(session, LiveKind.BATCH_DONE, batch_payload(batch), case_id=batch.case_id)
    if batch.case_id is not None:
        await queue_case_analysis(session, batch.case_id)


async def queue_case_analysis(session: AsyncSession, case_id: uuid.UUID) -> None:
    """Queue the case's analysis after this transaction's new documents, once for a burst of them.

    ``specs.ANALYZE_CASE`` has a lock (two analyses of one case never run at once) and a queueing lock
    (while one waits, no other is queued; the waiting one runs after this commit, so it sees these
    documents too).
    """
    exists = await session.scalar(text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL"))
    if exists:
        await defer(session, specs.ANALYZE_CASE, specs.AnalyzeCase(case_id=case_id))


def batch_payload(batch: ProcessingBatch) -> dict[str, Any]:
    return {
        "job_id": batch.job_id,
        "status": batch.status,
        "counts": {name: getattr(batch, name) for name in repository.COUNTERS},
    }
