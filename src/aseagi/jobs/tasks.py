"""The queue's own periodic jobs: re-queueing a dead worker's jobs, finishing batches, pruning events."""

from __future__ import annotations

import logging

import procrastinate
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aseagi.ingestion import reconcile
from aseagi.jobs.app import app
from aseagi.jobs.runtime import WorkerRuntime
from aseagi.jobs.specs import Tick
from aseagi.kit import live_events
from aseagi.kit.db import transaction

log = logging.getLogger(__name__)

PRUNE_BATCH = 10_000


async def retry_stalled(runtime: WorkerRuntime, tick: Tick) -> None:
    """Every minute: the jobs of workers that stopped sending heartbeats run again."""
    await retry_stalled_jobs(app, seconds_since_heartbeat=runtime.stalled_after)


async def finish_batches(runtime: WorkerRuntime, tick: Tick) -> None:
    """Every minute: batches whose jobs have all ended are finished (see ``ingestion.reconcile``)."""
    finished = await reconcile.finish_stranded(runtime.sessions)
    if finished:
        log.warning("finished %d batches left without jobs: %s", len(finished), ", ".join(finished))


async def prune_events(runtime: WorkerRuntime, tick: Tick) -> None:
    """Every hour: live events past their retention go."""
    await prune_old_events(runtime.sessions, retention_days=runtime.settings.event_retention_days)


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


async def retry_stalled_jobs(queue: procrastinate.App, *, seconds_since_heartbeat: float) -> int:
    """Re-queue the jobs of workers that stopped sending heartbeats (killed, crashed, cut off)."""
    count = 0
    for job in await queue.job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat):
        await queue.job_manager.retry_job(job)
        log.warning("re-queued job %s (%s) of a worker that stopped", job.id, job.task_name)
        count += 1
    return count
