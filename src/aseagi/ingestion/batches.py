"""Starting, watching, cancelling, resuming and retrying bulk batches (used by the API and the CLI)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.config import Settings
from aseagi.documents.status import DocumentStatus
from aseagi.ingestion import reconcile, repository, service
from aseagi.ingestion.schemas import BatchStatus, Counts, Rates
from aseagi.ingestion.sources import confine
from aseagi.jobs import specs
from aseagi.jobs.defer import defer
from aseagi.kit.errors import Conflict, NotFound
from aseagi.models import DocumentOccurrence, LegalDocument, ProcessingBatch
from aseagi.models.batch import BatchState

PROCESSED = repository.FINISHED_COUNTERS
TRANSIENT_REASONS = (
    "timed out",
    "parser crashed",
    "not available",
    "memory limit",
    "temporary folder",
    "No space left",
)


async def start(
    session: AsyncSession, settings: Settings, *, source: str, case: str | None
) -> ProcessingBatch:
    allowed = confine(source, settings)
    case_id = await service.case_for(session, case)
    batch = ProcessingBatch(
        job_id=service.new_job_id(), case_id=case_id, source=allowed, status=BatchState.RUNNING
    )
    session.add(batch)
    await session.flush()
    await defer(session, specs.DISCOVER, specs.Discover(batch_id=batch.id))
    return batch


async def load(session: AsyncSession, job_id: str) -> ProcessingBatch:
    batch = await repository.batch_by_job(session, job_id)
    if batch is None:
        raise NotFound(f"no batch {job_id!r}: start one with POST /bulk/process or `aseagi ingest`")
    return batch


async def parked_jobs(session: AsyncSession, batch_id: uuid.UUID | None) -> int:
    query = "SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'"
    if batch_id is not None:
        query += " AND args->>'batch_id' = :batch"
    return int(await session.scalar(text(query), {"batch": str(batch_id)}) or 0)


async def status(session: AsyncSession, job_id: str) -> BatchStatus:
    batch = await load(session, job_id)
    counts = Counts(**{name: getattr(batch, name) for name in repository.COUNTERS})
    processed = sum(getattr(counts, name) for name in PROCESSED)
    last_minute = (
        await session.scalar(
            select(func.count())
            .select_from(DocumentOccurrence)
            .where(
                DocumentOccurrence.batch_id == batch.id,
                DocumentOccurrence.seen_at > func.now() - text("interval '60 seconds'"),
            )
        )
        or 0
    )
    end = batch.finished_at or datetime.now(UTC)
    elapsed_minutes = max((end - batch.started_at).total_seconds() / 60, 1 / 60)
    overall = processed / elapsed_minutes
    remaining = max(counts.discovered - processed, 0)
    rate = last_minute or overall
    eta = None if batch.status != BatchState.RUNNING else (remaining / rate * 60 if rate else None)
    return BatchStatus(
        job_id=batch.job_id,
        status=batch.status,
        source=batch.source,
        case_id=batch.case_id,
        counts=counts,
        total_documents=batch.discovered,
        discovery_done=batch.discovery_done,
        docs_per_minute=Rates(last_minute=float(last_minute), overall=round(overall, 1)),
        eta_seconds=eta,
        started_at=batch.started_at,
        finished_at=batch.finished_at,
        last_errors=list(batch.last_errors or [])[-20:],
        parked_jobs=await parked_jobs(session, batch.id),
    )


async def cancel(session: AsyncSession, job_id: str) -> ProcessingBatch:
    batch = await load(session, job_id)
    if batch.status != BatchState.RUNNING:
        raise Conflict(f"batch {job_id} is {batch.status}, not running")
    batch.status, batch.cancel_requested, batch.finished_at = BatchState.CANCELLED, True, datetime.now(UTC)
    await session.execute(
        text(
            "DELETE FROM procrastinate_jobs WHERE status = 'todo' AND args->>'batch_id' = :batch "
            "AND task_name = ANY(:tasks)"
        ),
        {"batch": str(batch.id), "tasks": list(specs.BATCH_TASKS)},
    )
    await session.flush()
    return batch


async def resume(session: AsyncSession, job_id: str) -> ProcessingBatch:
    """Go on with a cancelled or failed batch: files it recorded stay; the rest are found again."""
    batch = await load(session, job_id)
    if batch.status == BatchState.RUNNING:
        raise Conflict(f"batch {job_id} is already running")
    if batch.status == BatchState.DONE:
        raise Conflict(f"batch {job_id} is done; start a new one to pick up new files")
    recorded = sum(getattr(batch, name) for name in PROCESSED)
    await session.execute(
        update(ProcessingBatch)
        .where(ProcessingBatch.id == batch.id)
        .values(
            status=BatchState.RUNNING,
            cancel_requested=False,
            finished_at=None,
            discovery_done=False,
            discovery_cursor=None,
            discovered=recorded,
            queued=recorded,
            total_documents=recorded,
        )
    )
    await defer(session, specs.DISCOVER, specs.Discover(batch_id=batch.id))
    await session.refresh(batch)
    return batch


async def retry_failed(session: AsyncSession, job_id: str | None) -> tuple[int, int]:
    """Re-queue parked jobs and documents that failed for a passing reason. Returns (jobs, documents).

    A batch a parked job belongs to runs again, and the files that job failed are read again.
    """
    batch_id = (await load(session, job_id)).id if job_id else None
    query = "SELECT id, task_name, args FROM procrastinate_jobs WHERE status = 'failed'"
    if batch_id is not None:
        query += " AND args->>'batch_id' = :batch"
    parked = list((await session.execute(text(query), {"batch": str(batch_id)})).all())
    for job, task_name, args in parked:
        payload = specs.stored_payload(task_name, args)
        if isinstance(payload, specs.IngestFiles):  # its files were failed when it gave up
            await reconcile.reopen_given_up(session, payload.batch_id, payload.files)
        elif isinstance(payload, specs.Discover):
            await reconcile.reopen(session, payload.batch_id)
        elif isinstance(payload, specs.IngestDocument):
            await reconcile.requeue_upload(session, payload.document_id)
        await session.execute(
            text("SELECT procrastinate_retry_job_v2(:id, NULL, NULL, NULL, NULL)"), {"id": job}
        )
    if parked:  # a fresh set of retries, not one last attempt
        await session.execute(
            text("UPDATE procrastinate_jobs SET attempts = 0 WHERE id = ANY(:ids)"),
            {"ids": [job for job, _, _ in parked]},
        )
    requeued_jobs = len(parked)
    reasons = [LegalDocument.status_reason.like(f"%{r}%") for r in TRANSIENT_REASONS]
    documents = select(LegalDocument.id).where(
        LegalDocument.status == DocumentStatus.FAILED, LegalDocument.storage_key.isnot(None)
    )
    documents = documents.where(or_(*reasons))
    if batch_id is not None:
        documents = documents.where(
            LegalDocument.id.in_(
                select(DocumentOccurrence.document_id).where(DocumentOccurrence.batch_id == batch_id)
            )
        )
    ids = list((await session.scalars(documents.limit(100_000))).all())
    for document_id in ids:
        await session.execute(
            update(LegalDocument).where(LegalDocument.id == document_id).values(status=DocumentStatus.QUEUED)
        )
        await defer(session, specs.INGEST_DOCUMENT, specs.IngestDocument(document_id=document_id))
    return int(requeued_jobs), len(ids)
