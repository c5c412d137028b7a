"""The work behind each queued job: discovery of a source, a chunk of files, one uploaded document.

Each is idempotent: it loads its rows by id, skips what its batch already recorded, and writes all it
found in one transaction, so a job killed at any point and run again records every file exactly once.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import logging
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, text, update

from aseagi.ingestion import repository, service
from aseagi.ingestion.pipeline import FileOutcome, KnownBytes, SourceFile
from aseagi.ingestion.runtime import WorkerRuntime
from aseagi.ingestion.sources import ListedFile, list_source, listing_key
from aseagi.kit import jobs, live_events
from aseagi.kit.db import transaction
from aseagi.kit.storable import storable
from aseagi.models import LegalDocument, ProcessingBatch

log = logging.getLogger(__name__)

FILES_PER_JOB = 25
"""A job carries a chunk of files: the queue's per-job cost is paid once per chunk, not once per file."""
DISCOVERY_PAGE = 200
"""Files listed, checked and queued per discovery transaction (several jobs each)."""
SMALL_FILE = 128 * 1024
"""A file up to this size counts as one unit of work; bigger ones count as more (see ``_cost``)."""
OCR_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".heic", ".heif", ".bmp", ".gif", ".webp"}
)
INGEST_TASK = "aseagi.ingest_files"
INGEST_QUEUE = "ingest"


def _file_payload(listed: ListedFile) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "source": listed.source,
        "file_name": listed.file_name,
        "size": listed.size,
        "mtime": listed.mtime.isoformat() if listed.mtime else None,
    }
    if listed.raw is not None:  # job arguments are JSON: bytes that are not UTF-8 travel as base64
        payload["source_raw"] = base64.b64encode(listed.raw).decode("ascii")
    return payload


def source_file(payload: dict[str, Any]) -> SourceFile:
    mtime = payload.get("mtime")
    raw = payload.get("source_raw")
    return SourceFile(
        source=payload["source"],
        file_name=payload.get("file_name") or Path(payload["source"]).name,
        size=payload.get("size"),
        mtime=datetime.fromisoformat(mtime) if mtime else None,
        raw=base64.b64decode(raw) if raw else None,
    )


def _cost(listed: ListedFile) -> int:
    """A guess at a file's parsing work in units of one small file, from what its listing tells.

    Pictures are read by OCR (a second or more a page against milliseconds for a text PDF), and big
    files are mostly scans or long documents: both go into smaller jobs, so workers share them evenly.
    It only sizes jobs: every file is still detected by its content when it is parsed.
    """
    if Path(listed.file_name).suffix.lower() in OCR_SUFFIXES:
        return FILES_PER_JOB
    return min(FILES_PER_JOB, 1 + (listed.size or 0) // SMALL_FILE)


def job_chunks(files: list[ListedFile]) -> Iterator[list[ListedFile]]:
    """Consecutive files in jobs of about ``FILES_PER_JOB`` small files' worth of work."""
    chunk: list[ListedFile] = []
    cost = 0
    for listed in files:
        if chunk and cost + _cost(listed) > FILES_PER_JOB:
            yield chunk
            chunk, cost = [], 0
        chunk.append(listed)
        cost += _cost(listed)
    if chunk:
        yield chunk


def _after_cursor(listing: Iterator[ListedFile], cursor: str | None) -> Iterator[ListedFile]:
    """Resume a listing after the last source an earlier run of discovery queued (even if it is gone)."""
    if cursor is None:
        return listing
    last = listing_key(cursor)
    return itertools.dropwhile(lambda f: listing_key(f.source) <= last, listing)


async def discover(runtime: WorkerRuntime, batch_id: uuid.UUID) -> None:
    async with transaction(runtime.sessions) as session:
        batch = await session.get(ProcessingBatch, batch_id)
        if batch is None or batch.status != "running" or batch.discovery_done:
            return
        source, cursor, case_id = batch.source, batch.discovery_cursor, batch.case_id
    assert case_id is not None
    listing = await asyncio.to_thread(_after_cursor, list_source(source), cursor)
    while True:
        chunk = await asyncio.to_thread(lambda: list(itertools.islice(listing, DISCOVERY_PAGE)))
        if not chunk:
            break
        async with transaction(runtime.sessions) as session:
            batch = await session.get(ProcessingBatch, batch_id, with_for_update=True)
            if batch is None or batch.status != "running":
                return
            recorded = await repository.sources_in_batch(session, batch_id, [f.source for f in chunk])
            fresh = [f for f in chunk if f.source not in recorded]
            done = await repository.sources_already_done(
                session, case_id, [(f.source, f.size, f.mtime) for f in fresh]
            )
            await repository.insert_occurrences(
                session,
                [
                    {
                        "document_id": done[f.source],
                        "batch_id": batch_id,
                        "source": f.source,
                        "source_raw": f.raw,
                        "size_bytes": f.size,
                        "mtime": f.mtime,
                    }
                    for f in fresh
                    if f.source in done
                ],
            )
            queue = [f for f in fresh if f.source not in done]
            await jobs.defer_many(
                session,
                INGEST_TASK,
                queue=INGEST_QUEUE,
                args=[
                    {"batch_id": str(batch_id), "files": [_file_payload(f) for f in files]}
                    for files in job_chunks(queue)
                ],
            )
            await repository.add_counts(
                session, batch_id, {"discovered": len(fresh), "queued": len(queue), "skipped": len(done)}
            )
            batch.discovery_cursor = chunk[-1].source
    async with transaction(runtime.sessions) as session:
        await session.execute(
            update(ProcessingBatch).where(ProcessingBatch.id == batch_id).values(discovery_done=True)
        )
        batch = await session.get(ProcessingBatch, batch_id)
        if batch is not None:
            await service.close_out(session, batch, Counter(), [])


@asynccontextmanager
async def _known_bytes(
    runtime: WorkerRuntime, case_id: uuid.UUID, *, own: str | None = None
) -> AsyncIterator[KnownBytes]:
    """Duplicate look-ups for one job, on one connection it keeps (outside any transaction)."""
    lock = asyncio.Lock()
    async with runtime.engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")

        async def lookup(hashes: list[str]) -> set[str]:
            async with lock:
                return await repository.known_sha256s(connection, case_id, hashes)

        yield KnownBytes(lookup, own=own)


async def _document_events(session: Any, outcomes: list[FileOutcome], case_id: uuid.UUID) -> None:
    await live_events.publish_many(
        session,
        [
            (
                "document.done" if item.status == "done" else "document.failed",
                storable(
                    {
                        "source": item.file.source[-300:],
                        "file_name": item.file.file_name,
                        "status": item.status,
                        "reason": item.reason,
                        "sha256": item.blob.sha256 if item.blob else None,
                    }
                ),
                case_id,
            )
            for outcome in outcomes
            for item in outcome.walk()
            if item.status in ("done", "failed", "unsupported")
        ],
    )


async def ingest_files(runtime: WorkerRuntime, batch_id: uuid.UUID, files: list[dict[str, Any]]) -> None:
    async with runtime.sessions() as session:
        batch = await session.get(ProcessingBatch, batch_id)
        if batch is None or batch.status != "running" or batch.case_id is None:
            return
        case_id = batch.case_id
        recorded = await repository.sources_in_batch(session, batch_id, [f["source"] for f in files])
    todo = [source_file(f) for f in files if f["source"] not in recorded]
    async with _known_bytes(runtime, case_id) as known:
        outcomes = await runtime.pipeline.run(todo, known)
    async with transaction(runtime.sessions) as session:
        batch = await session.get(ProcessingBatch, batch_id)
        if batch is None or batch.status != "running":
            return
        again = await repository.sources_in_batch(session, batch_id, [o.file.source for o in outcomes])
        counts = await service.record_each(
            session, [o for o in outcomes if o.file.source not in again], case_id=case_id, batch_id=batch_id
        )
        await session.refresh(batch)  # a savepoint rolled back expires it
        await _document_events(session, outcomes, case_id)
        finished = await service.close_out(session, batch, counts, service.error_entries(outcomes))
        if finished:
            await after_batch(session, batch)
    await enrich(runtime, case_id, [o for top in outcomes for o in top.walk()])


async def enrich(runtime: WorkerRuntime, case_id: uuid.UUID, outcomes: list[FileOutcome]) -> None:
    """The optional Claude analyzer, for cases that allow it; off unless a key is set and the case opts in."""
    if not runtime.settings.anthropic_api_key:
        return
    from aseagi.analysis.llm.tasks import enrich_documents
    from aseagi.models import Case

    async with runtime.sessions() as session:
        case = await session.get(Case, case_id)
        if case is None or not case.external_analysis:
            return
        hashes = [o.blob.sha256 for o in outcomes if o.status == "done" and o.blob is not None]
        ids = list(
            (
                await session.scalars(
                    select(LegalDocument.id).where(
                        LegalDocument.case_id == case_id, LegalDocument.sha256.in_(hashes)
                    )
                )
            ).all()
        )
    if ids:
        await enrich_documents(runtime.sessions, ids)


async def after_batch(session: Any, batch: ProcessingBatch) -> None:
    """Case-level analysis runs once a batch is done."""
    if batch.case_id is not None:
        await queue_case_analysis(session, batch.case_id)


async def queue_case_analysis(session: Any, case_id: uuid.UUID) -> None:
    """Queue the case's analysis after this transaction's new documents, once for a burst of them.

    ``lock``: two analyses of one case never run at once. ``queueing_lock``: while one waits, no other is
    queued; the waiting one runs after this commit, so it sees these documents too.
    """
    exists = await session.scalar(text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL"))
    if exists:
        await jobs.defer_once(
            session,
            "aseagi.analyze_case",
            queue="analysis",
            lock=f"case:{case_id}",
            queueing_lock=f"analyze_case:{case_id}",
            case_id=str(case_id),
        )


async def ingest_document(runtime: WorkerRuntime, document_id: uuid.UUID) -> None:
    """An uploaded document: its original is stored and its row exists with status ``queued``."""
    async with runtime.sessions() as session:
        row = await session.get(LegalDocument, document_id)
        if row is None or row.status != "queued" or row.storage_key is None or row.case_id is None:
            return
        case_id, sha256 = row.case_id, row.sha256
        file = SourceFile(source=f"upload:{row.file_name}", file_name=row.file_name, size=row.size_bytes)
        key = row.storage_key
    store = runtime.pipeline.store
    local = Path(store.path(key)) if store.local else None
    if local is None:
        local = await asyncio.to_thread(store.download, key, Path(f"/tmp/aseagi-upload-{uuid.uuid4().hex}"))
    file = SourceFile(source=file.source, file_name=file.file_name, size=file.size, local_path=local)
    async with _known_bytes(runtime, case_id, own=sha256) as known:
        [outcome] = await runtime.pipeline.run([file], known)
    if not store.local:
        local.unlink(missing_ok=True)
    async with transaction(runtime.sessions) as session:
        current = await session.scalar(
            select(LegalDocument.status).where(LegalDocument.id == document_id).with_for_update()
        )
        if current != "queued":
            return
        try:
            async with session.begin_nested():
                await service.record(
                    session,
                    [outcome],
                    case_id=case_id,
                    batch_id=None,
                    existing_document_id=document_id,
                    uploaded_via="upload",
                )
        except service.REFUSED as exc:  # its original is kept; the row says why it holds no text
            outcome.status, outcome.reason = "failed", f"could not be stored: {service.database_reason(exc)}"
            await repository.update_document(
                session,
                document_id,
                {"status": "failed", "status_reason": outcome.reason, "processed_at": datetime.now(UTC)},
            )
        await _document_events(session, [outcome], case_id)
        if any(item.status == "done" for item in outcome.walk()):
            await queue_case_analysis(session, case_id)
