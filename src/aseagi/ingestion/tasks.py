"""Ingestion's jobs: discovery of a source, a chunk of its files, one uploaded document.

Each is idempotent: it loads its rows by id, skips what its batch already recorded, and writes all it
found in one transaction, so a job killed at any point and run again records every file exactly once.
The worker declares them with their specs (``aseagi.jobs.worker``); what their give-up handlers do when
a job's last attempt failed is in ``reconcile``.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from aseagi.documents.status import DocumentStatus
from aseagi.ingestion import reconcile, repository, service
from aseagi.ingestion.chunks import file_to_read, job_chunks, source_file
from aseagi.ingestion.extract import FileStatus
from aseagi.ingestion.pipeline import FileOutcome, KnownBytes, Pipeline, SourceFile
from aseagi.ingestion.sources import ListedFile, list_source, listing_key
from aseagi.jobs import specs
from aseagi.jobs.defer import defer_many
from aseagi.kit import live_events
from aseagi.kit.db import transaction
from aseagi.kit.storable import storable
from aseagi.live.schemas import LiveKind
from aseagi.models import LegalDocument, ProcessingBatch
from aseagi.models.batch import BatchState

log = logging.getLogger(__name__)

DISCOVERY_PAGE = 200
"""Files listed, checked and queued per discovery transaction (several jobs each)."""


class Resources(specs.Resources, Protocol):
    """What ingestion's jobs use of the worker: its database connections and its parser pipeline."""

    engine: AsyncEngine
    pipeline: Pipeline


def _after_cursor(listing: Iterator[ListedFile], cursor: str | None) -> Iterator[ListedFile]:
    """Resume a listing after the last source an earlier run of discovery queued (even if it is gone)."""
    if cursor is None:
        return listing
    last = listing_key(cursor)
    return itertools.dropwhile(lambda f: listing_key(f.source) <= last, listing)


async def discover(resources: Resources, job: specs.Discover) -> None:
    batch_id = job.batch_id
    async with transaction(resources.sessions) as session:
        batch = await session.get(ProcessingBatch, batch_id)
        if batch is None or batch.status != BatchState.RUNNING or batch.discovery_done:
            return
        source, cursor, case_id = batch.source, batch.discovery_cursor, batch.case_id
    assert case_id is not None
    listing = await asyncio.to_thread(_after_cursor, list_source(source), cursor)
    while True:
        chunk = await asyncio.to_thread(lambda: list(itertools.islice(listing, DISCOVERY_PAGE)))
        if not chunk:
            break
        async with transaction(resources.sessions) as session:
            batch = await session.get(ProcessingBatch, batch_id, with_for_update=True)
            if batch is None or batch.status != BatchState.RUNNING:
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
            await defer_many(
                session,
                specs.INGEST_FILES,
                [
                    specs.IngestFiles(batch_id=batch_id, files=tuple(file_to_read(f) for f in files))
                    for files in job_chunks(queue)
                ],
            )
            await repository.add_counts(
                session, batch_id, {"discovered": len(fresh), "queued": len(queue), "skipped": len(done)}
            )
            batch.discovery_cursor = chunk[-1].source
    async with transaction(resources.sessions) as session:
        await session.execute(
            update(ProcessingBatch).where(ProcessingBatch.id == batch_id).values(discovery_done=True)
        )
        batch = await session.get(ProcessingBatch, batch_id)
        if batch is not None:
            await service.close_out(session, batch, Counter(), [])


@asynccontextmanager
async def _known_bytes(
    resources: Resources, case_id: uuid.UUID, *, own: str | None = None
) -> AsyncIterator[KnownBytes]:
    """Duplicate look-ups for one job, on one connection it keeps (outside any transaction)."""
    lock = asyncio.Lock()
    async with resources.engine.connect() as connection:
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
                LiveKind.DOCUMENT_DONE if item.status == FileStatus.DONE else LiveKind.DOCUMENT_FAILED,
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
            if item.status in (FileStatus.DONE, FileStatus.FAILED, FileStatus.UNSUPPORTED)
        ],
    )


async def ingest_files(resources: Resources, job: specs.IngestFiles) -> None:
    batch_id = job.batch_id
    async with resources.sessions() as session:
        batch = await session.get(ProcessingBatch, batch_id)
        if batch is None or batch.status != BatchState.RUNNING or batch.case_id is None:
            return
        case_id = batch.case_id
        recorded = await repository.sources_in_batch(session, batch_id, [f.source for f in job.files])
    todo = [source_file(f) for f in job.files if f.source not in recorded]
    async with _known_bytes(resources, case_id) as known:
        outcomes = await resources.pipeline.run(todo, known)
    async with transaction(resources.sessions) as session:
        batch = await session.get(ProcessingBatch, batch_id)
        if batch is None or batch.status != BatchState.RUNNING:
            return
        again = await repository.sources_in_batch(session, batch_id, [o.file.source for o in outcomes])
        counts = await service.record_each(
            session, [o for o in outcomes if o.file.source not in again], case_id=case_id, batch_id=batch_id
        )
        await session.refresh(batch)  # a savepoint rolled back expires it
        await _document_events(session, outcomes, case_id)
        await service.close_out(session, batch, counts, service.error_entries(outcomes))
    await enrich(resources, case_id, [o for top in outcomes for o in top.walk()])


async def enrich(resources: Resources, case_id: uuid.UUID, outcomes: list[FileOutcome]) -> None:
    """The optional Claude analyzer, for cases that allow it; off unless a key is set and the case opts in."""
    if not resources.settings.anthropic_api_key:
        return
    from aseagi.analysis.llm.tasks import enrich_documents
    from aseagi.models import Case

    async with resources.sessions() as session:
        case = await session.get(Case, case_id)
        if case is None or not case.external_analysis:
            return
        hashes = [o.blob.sha256 for o in outcomes if o.status == FileStatus.DONE and o.blob is not None]
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
        await enrich_documents(resources.sessions, ids)


async def ingest_document(resources: Resources, job: specs.IngestDocument) -> None:
    """An uploaded document: its original is stored and its row exists with status ``queued``."""
    document_id = job.document_id
    async with resources.sessions() as session:
        row = await session.get(LegalDocument, document_id)
        if (
            row is None
            or row.status != DocumentStatus.QUEUED
            or row.storage_key is None
            or row.case_id is None
        ):
            return
        case_id, sha256 = row.case_id, row.sha256
        file = SourceFile(source=f"upload:{row.file_name}", file_name=row.file_name, size=row.size_bytes)
        key = row.storage_key
    store = resources.pipeline.store
    local = Path(store.path(key)) if store.local else None
    if local is None:
        local = await asyncio.to_thread(store.download, key, Path(f"/tmp/aseagi-upload-{uuid.uuid4().hex}"))
    file = SourceFile(source=file.source, file_name=file.file_name, size=file.size, local_path=local)
    async with _known_bytes(resources, case_id, own=sha256) as known:
        [outcome] = await resources.pipeline.run([file], known)
    if not store.local:
        local.unlink(missing_ok=True)
    async with transaction(resources.sessions) as session:
        current = await session.scalar(
            select(LegalDocument.status).where(LegalDocument.id == document_id).with_for_update()
        )
        if current != DocumentStatus.QUEUED:
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
            outcome.status, outcome.reason = (
                FileStatus.FAILED,
                f"could not be stored: {service.database_reason(exc)}",
            )
            await repository.update_document(
                session,
                document_id,
                {
                    "status": DocumentStatus.FAILED,
                    "status_reason": outcome.reason,
                    "processed_at": datetime.now(UTC),
                },
            )
        await _document_events(session, [outcome], case_id)
        if any(item.status == FileStatus.DONE for item in outcome.walk()):
            await service.queue_case_analysis(session, case_id)


async def discovery_gave_up(resources: Resources, job: specs.Discover, gave_up: specs.GaveUp) -> None:
    """The batch is ended by the reconciler once its other jobs are done."""
    log.error("discovery of batch %s gave up: %s", job.batch_id, gave_up.error)


async def files_gave_up(resources: Resources, job: specs.IngestFiles, gave_up: specs.GaveUp) -> None:
    await reconcile.give_up_job(
        resources.sessions,
        job.batch_id,
        [source_file(f) for f in job.files],
        attempts=gave_up.attempts,
        error=gave_up.error,
    )


async def upload_gave_up(resources: Resources, job: specs.IngestDocument, gave_up: specs.GaveUp) -> None:
    """An upload never stays ``queued``."""
    await reconcile.give_up_upload(
        resources.sessions, job.document_id, attempts=gave_up.attempts, error=gave_up.error
    )
