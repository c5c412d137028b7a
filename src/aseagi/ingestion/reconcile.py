"""Ending batches whose jobs have all ended, so no batch stays ``running`` forever.

A batch normally finishes when its last job records its last file. It would not if a job gave up (its
retries exhausted, it stays parked) or vanished: those files were never recorded. Here:

- the files of a parked job become ``failed`` with the reason, at once when the job gives up
  (``give_up``) and again by the periodic reconciler (idempotent: recorded files are skipped);
- a batch with no job left to run is finished: ``done`` when discovery listed everything (files never
  recorded counted as ``failed``), ``failed`` when discovery itself stopped (``POST /process/resume``
  goes on from where it stopped).

``POST /process/retry`` undoes a give-up (``reopen_given_up``): the files' failed records are removed,
the batch runs again and the job is re-queued.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aseagi.documents.status import DocumentStatus
from aseagi.ingestion import repository, service
from aseagi.ingestion.chunks import source_file
from aseagi.ingestion.extract import FileStatus
from aseagi.ingestion.pipeline import FileOutcome, SourceFile
from aseagi.jobs import specs
from aseagi.kit.db import transaction
from aseagi.kit.storable import storable
from aseagi.models import DocumentOccurrence, LegalDocument, ProcessingBatch
from aseagi.models.batch import BatchState

log = logging.getLogger(__name__)

GAVE_UP = "its job gave up"
"""How the reason of a file failed with its job begins (``reopen_given_up`` finds them by it)."""

LIVE_JOBS = text(
    "SELECT count(*) FROM procrastinate_jobs WHERE args->>'batch_id' = :batch "
    "AND task_name = ANY(:tasks) AND status IN ('todo', 'doing')"
)
PARKED_JOBS = text(
    "SELECT id, task_name, args FROM procrastinate_jobs WHERE args->>'batch_id' = :batch "
    "AND task_name = ANY(:tasks) AND status = 'failed' ORDER BY id"
)
RUNNING_WITHOUT_JOBS = text(
    "SELECT b.id FROM processing_batches b WHERE b.status = :running AND NOT EXISTS ("
    "SELECT 1 FROM procrastinate_jobs j WHERE j.args->>'batch_id' = b.id::text "
    "AND j.task_name = ANY(:tasks) AND j.status IN ('todo', 'doing')) ORDER BY b.created_at LIMIT :limit"
)


def gave_up_reason(attempts: int | None, error: str | None) -> str:
    tries = f" after {attempts} attempts" if attempts else ""
    cause = f" ({error[:200]})" if error else ""
    return f"{GAVE_UP}{tries}{cause}: never read; POST /process/retry tries again"


async def give_up(
    session: AsyncSession, batch: ProcessingBatch, files: list[SourceFile], reason: str
) -> Counter[str]:
    """Record a parked job's files that its batch has not recorded as ``failed`` with ``reason``."""
    recorded = await repository.sources_in_batch(session, batch.id, [f.source for f in files])
    outcomes = [FileOutcome(f, FileStatus.FAILED, reason=reason) for f in files if f.source not in recorded]
    if not outcomes or batch.case_id is None:
        return Counter()
    counts = await service.record_each(session, outcomes, case_id=batch.case_id, batch_id=batch.id)
    await session.refresh(batch)  # a savepoint rolled back may have expired it
    await repository.append_errors(session, batch.id, service.error_entries(outcomes))
    await repository.add_counts(session, batch.id, dict(counts))
    log.warning("batch %s: %d files failed with their job: %s", batch.job_id, len(outcomes), reason)
    return counts


async def give_up_job(
    sessions: async_sessionmaker[AsyncSession],
    batch_id: uuid.UUID,
    files: list[SourceFile],
    *,
    attempts: int,
    error: str,
) -> None:
    """A job's last attempt failed: its files fail now rather than at the reconciler's next round."""
    async with transaction(sessions) as session:
        batch = await session.get(ProcessingBatch, batch_id, with_for_update=True)
        if batch is None or batch.status != BatchState.RUNNING:
            return
        await give_up(session, batch, files, gave_up_reason(attempts, error))
        await service.close_out(session, batch, Counter(), [])  # the batch ends now if that was all


async def give_up_upload(
    sessions: async_sessionmaker[AsyncSession], document_id: uuid.UUID, *, attempts: int, error: str
) -> None:
    """An upload's job failed its last attempt: its row says so instead of staying ``queued``."""
    async with transaction(sessions) as session:
        await session.execute(
            update(LegalDocument)
            .where(LegalDocument.id == document_id, LegalDocument.status == DocumentStatus.QUEUED)
            .values(status=DocumentStatus.FAILED, status_reason=storable(gave_up_reason(attempts, error)))
        )


async def requeue_upload(session: AsyncSession, document_id: uuid.UUID) -> None:
    """Undo ``give_up_upload`` before its job runs again."""
    await session.execute(
        update(LegalDocument)
        .where(
            LegalDocument.id == document_id,
            LegalDocument.status == DocumentStatus.FAILED,
            LegalDocument.status_reason.startswith(GAVE_UP),
        )
        .values(status=DocumentStatus.QUEUED, status_reason=None)
    )


async def finish_stranded(sessions: async_sessionmaker[AsyncSession], *, limit: int = 100) -> list[str]:
    """Finish every running batch that has no job left to run; returns their job ids."""
    async with sessions() as session:
        candidates = list(
            (
                await session.scalars(
                    RUNNING_WITHOUT_JOBS,
                    {"running": BatchState.RUNNING, "tasks": list(specs.BATCH_TASKS), "limit": limit},
                )
            ).all()
        )
    finished = []
    for batch_id in candidates:
        async with transaction(sessions) as session:
            job_id = await finish_batch(session, batch_id)
        if job_id:
            finished.append(job_id)
    return finished


async def finish_batch(session: AsyncSession, batch_id: uuid.UUID) -> str | None:
    """Finish one batch if none of its jobs can still run (checked under the batch's row lock)."""
    batch = await session.get(ProcessingBatch, batch_id, with_for_update=True)
    if batch is None or batch.status != BatchState.RUNNING:
        return None
    arguments = {"batch": str(batch_id), "tasks": list(specs.BATCH_TASKS)}
    if await session.scalar(LIVE_JOBS, arguments):
        return None
    discovery_stopped = False
    for _, task_name, args in (await session.execute(PARKED_JOBS, arguments)).all():
        payload = specs.stored_payload(task_name, args)
        if isinstance(payload, specs.Discover):
            discovery_stopped = True
        elif isinstance(payload, specs.IngestFiles):
            files = [source_file(file) for file in payload.files]
            await give_up(session, batch, files, gave_up_reason(None, "parked after its retries"))
    await session.refresh(batch)
    if not batch.discovery_done:
        await _stop(session, batch, discovery_stopped)
    elif not await repository.finish_if_complete(session, batch_id):
        await _account_missing(session, batch)
    await session.refresh(batch)
    await service.announce_finished(session, batch)
    log.warning("batch %s finished by the reconciler: %s", batch.job_id, batch.status)
    return batch.job_id


async def _stop(session: AsyncSession, batch: ProcessingBatch, parked: bool) -> None:
    why = "its discovery job gave up" if parked else "its discovery job was lost"
    await repository.append_errors(
        session,
        batch.id,
        [
            {
                "source": batch.source[-300:],
                "status": FileStatus.FAILED,
                "reason": f"listing stopped: {why}; POST /process/resume/{batch.job_id} lists the rest",
                "at": datetime.now(UTC),
            }
        ],
    )
    await session.execute(
        update(ProcessingBatch)
        .where(ProcessingBatch.id == batch.id)
        .values(status=BatchState.FAILED, finished_at=datetime.now(UTC))
    )


async def _account_missing(session: AsyncSession, batch: ProcessingBatch) -> None:
    """Files discovered that no job recorded (a job deleted by hand, a lost queue): counted failed."""
    await session.refresh(batch)
    processed = sum(getattr(batch, name) for name in repository.FINISHED_COUNTERS)
    missing = batch.discovered - processed
    if missing > 0:
        await repository.add_counts(session, batch.id, {"failed": missing})
        await repository.append_errors(
            session,
            batch.id,
            [
                {
                    "source": batch.source[-300:],
                    "status": FileStatus.FAILED,
                    "reason": f"{missing} files were never recorded: their jobs were lost",
                    "at": datetime.now(UTC),
                }
            ],
        )
    await repository.finish_if_complete(session, batch.id)


async def reopen_given_up(
    session: AsyncSession, batch_id: uuid.UUID, files: Sequence[specs.FileToRead]
) -> int:
    """Undo a give-up before its job runs again: the files' failed records go, and the batch runs.

    Returns how many records were removed (their count comes off the batch's ``failed``).
    """
    sources = [f.source for f in files]
    given_up = list(
        (
            await session.execute(
                select(DocumentOccurrence.id, DocumentOccurrence.document_id)
                .join(LegalDocument, LegalDocument.id == DocumentOccurrence.document_id)
                .where(
                    DocumentOccurrence.batch_id == batch_id,
                    DocumentOccurrence.source.in_(sources),
                    LegalDocument.status == DocumentStatus.FAILED,
                    LegalDocument.status_reason.startswith(GAVE_UP),
                )
            )
        ).all()
    )
    if given_up:
        await session.execute(
            delete(LegalDocument).where(LegalDocument.id.in_([document for _, document in given_up]))
        )
        await session.execute(
            update(ProcessingBatch)
            .where(ProcessingBatch.id == batch_id)
            .values(failed=ProcessingBatch.failed - len(given_up))
        )
    await reopen(session, batch_id)
    return len(given_up)


async def reopen(session: AsyncSession, batch_id: uuid.UUID) -> None:
    """A finished batch runs again because one of its jobs was re-queued."""
    await session.execute(
        update(ProcessingBatch)
        .where(
            ProcessingBatch.id == batch_id, ProcessingBatch.status.in_((BatchState.DONE, BatchState.FAILED))
        )
        .values(status=BatchState.RUNNING, finished_at=None)
    )
