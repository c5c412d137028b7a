"""The job queue (procrastinate, in the same PostgreSQL): task names, queues and retry policy.

Jobs that raise are retried with exponential backoff, at most ``MAX_ATTEMPTS`` times; then they stay
``failed`` (parked) until ``aseagi retry-failed`` re-queues them; a parked job's files are failed in its
batch, and the batch is finished (``reconcile``). Jobs of a worker that died (SIGKILL,
power loss) are found through the workers' heartbeats and retried.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import procrastinate
import psycopg_pool
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aseagi.ingestion import jobs, reconcile, runtime
from aseagi.kit import live_events
from aseagi.kit.db import transaction

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY = procrastinate.RetryStrategy(max_attempts=MAX_ATTEMPTS, exponential_wait=2)
QUEUES = ("discovery", "ingest", "analysis", "maintenance")
PRUNE_BATCH = 10_000

app = procrastinate.App(connector=procrastinate.PsycopgConnector())
"""Tasks are declared on an app without a database; ``make_app`` binds them to one."""


def _last_attempt(context: procrastinate.JobContext) -> int | None:
    """The attempt number when this run is the job's last (it will be parked if it fails), else None."""
    attempts = context.job.attempts
    return attempts + 1 if attempts >= MAX_ATTEMPTS else None


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:200]


@app.task(name="aseagi.discover", queue="discovery", retry=RETRY, pass_context=True)
async def discover(context: procrastinate.JobContext, batch_id: str) -> None:
    try:
        await jobs.discover(runtime.current(), uuid.UUID(batch_id))
    except Exception as exc:
        if _last_attempt(context) is not None:  # the reconciler ends the batch once its jobs are done
            log.error("discovery of batch %s gave up: %s", batch_id, _error(exc))
        raise


@app.task(name=jobs.INGEST_TASK, queue=jobs.INGEST_QUEUE, retry=RETRY, pass_context=True)
async def ingest_files(context: procrastinate.JobContext, batch_id: str, files: list[dict[str, Any]]) -> None:
    try:
        await jobs.ingest_files(runtime.current(), uuid.UUID(batch_id), files)
    except Exception as exc:
        attempts = _last_attempt(context)
        if attempts is not None:
            await reconcile.give_up_job(
                runtime.current().sessions,
                uuid.UUID(batch_id),
                [jobs.source_file(f) for f in files],
                attempts=attempts,
                error=_error(exc),
            )
        raise


@app.task(name="aseagi.ingest_document", queue=jobs.INGEST_QUEUE, retry=RETRY, pass_context=True)
async def ingest_document(context: procrastinate.JobContext, document_id: str) -> None:
    try:
        await jobs.ingest_document(runtime.current(), uuid.UUID(document_id))
    except Exception as exc:
        attempts = _last_attempt(context)
        if attempts is not None:  # an upload never stays ``queued``
            await reconcile.give_up_upload(
                runtime.current().sessions, uuid.UUID(document_id), attempts=attempts, error=_error(exc)
            )
        raise


@app.task(name="aseagi.analyze_case", queue="analysis", retry=RETRY)
async def analyze_case(case_id: str) -> None:
    from aseagi.cases.service import run_case_analysis

    await run_case_analysis(runtime.current().sessions, uuid.UUID(case_id))


@app.task(name="aseagi.build_binder", queue="analysis")
async def build_binder(binder_id: str) -> None:
    """An exhibit binder asked for through the API (``exports.tasks``); not retried: it fails the same way."""
    from aseagi.exports.tasks import run_binder_job

    current = runtime.current()
    await run_binder_job(lambda: transaction(current.sessions), current.settings, uuid.UUID(binder_id))


@app.periodic(cron="* * * * *")
@app.task(name="aseagi.retry_stalled", queue="maintenance", pass_context=True)
async def retry_stalled(context: procrastinate.JobContext, timestamp: int) -> None:
    await retry_stalled_jobs(context.app, seconds_since_heartbeat=runtime.current().stalled_after)


@app.periodic(cron="* * * * *")
@app.task(name="aseagi.finish_batches", queue="maintenance")
async def finish_batches(timestamp: int) -> None:
    """Every minute: batches whose jobs have all ended are finished (see ``reconcile``)."""
    finished = await reconcile.finish_stranded(runtime.current().sessions)
    if finished:
        log.warning("finished %d batches left without jobs: %s", len(finished), ", ".join(finished))


@app.periodic(cron="17 * * * *")
@app.task(name="aseagi.prune_events", queue="maintenance")
async def prune_events(timestamp: int) -> None:
    current = runtime.current()
    await prune_old_events(current.sessions, retention_days=current.settings.event_retention_days)


async def prune_old_events(
    sessions: async_sessionmaker[AsyncSession], *, retention_days: float, batch: int = PRUNE_BATCH
) -> int:
    """Live events past their retention, in batches so no transaction grows large."""
    total = 0
    while True:
        async with transaction(sessions) as session:
            deleted = await live_events.prune(session, older_than_seconds=retention_days * 86400, limit=batch)
        total += deleted
        if deleted < batch:
            return total


async def retry_stalled_jobs(app: procrastinate.App, *, seconds_since_heartbeat: float) -> int:
    """Re-queue the jobs of workers that stopped sending heartbeats (killed, crashed, cut off)."""
    count = 0
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat):
        await app.job_manager.retry_job(job)
        log.warning("re-queued job %s (%s) of a worker that stopped", job.id, job.task_name)
        count += 1
    return count


@asynccontextmanager
async def opened(conninfo: str, *, max_size: int = 10) -> AsyncIterator[procrastinate.App]:
    """The task app bound to a database for as long as the block runs."""
    pool = psycopg_pool.AsyncConnectionPool(
        conninfo,
        open=False,
        min_size=1,
        max_size=max_size,
        check=psycopg_pool.AsyncConnectionPool.check_connection,
    )
    await pool.open(wait=True)
    try:
        async with app.open_async(pool=pool):
            yield app
    finally:
        await pool.close()
