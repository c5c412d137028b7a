"""``aseagi worker``: run every domain's jobs from the shared queue until stopped."""

from __future__ import annotations

import logging
from typing import Any

from aseagi.cases import tasks as cases
from aseagi.config import Settings
from aseagi.exports import tasks as exports
from aseagi.ingestion import tasks as ingestion
from aseagi.jobs import runtime, specs, tasks
from aseagi.jobs.app import declare, opened
from aseagi.jobs.runtime import WorkerRuntime
from aseagi.kit.db import libpq_url, sqlalchemy_url

log = logging.getLogger(__name__)

declare(specs.DISCOVER, ingestion.discover, gave_up=ingestion.discovery_gave_up)
declare(specs.INGEST_FILES, ingestion.ingest_files, gave_up=ingestion.files_gave_up)
declare(specs.INGEST_DOCUMENT, ingestion.ingest_document, gave_up=ingestion.upload_gave_up)
declare(specs.ANALYZE_CASE, cases.analyze_case)
declare(specs.BUILD_BINDER, exports.build_requested_binder)
declare(specs.RETRY_STALLED, tasks.retry_stalled)
declare(specs.FINISH_BATCHES, tasks.finish_batches)
declare(specs.PRUNE_EVENTS, tasks.prune_events)


async def run_worker(
    settings: Settings,
    database_url: str,
    *,
    concurrency: int | None = None,
    stalled_after: float = 30.0,
    heartbeat: float = 5.0,
    analyze: bool = True,
    wait: bool = True,
    queues: list[str] | None = None,
) -> None:
    current = WorkerRuntime.start(
        settings, sqlalchemy_url(database_url), concurrency=concurrency, analyze=analyze
    )
    current.stalled_after = stalled_after
    runtime.install(current)
    try:
        async with opened(libpq_url(database_url)) as app:
            requeued = await tasks.retry_stalled_jobs(app, seconds_since_heartbeat=stalled_after)
            if requeued:
                log.warning("re-queued %d jobs left by stopped workers", requeued)
            options: dict[str, Any] = {
                # two jobs per parser process: one parses while the other writes its results
                "concurrency": current.pipeline.pool.size * 3,
                "update_heartbeat_interval": heartbeat,
                "stalled_worker_timeout": stalled_after,
                "delete_jobs": "successful",
                "wait": wait,
                "install_signal_handlers": True,
            }
            if queues:
                options["queues"] = queues
            await app.run_worker_async(**options)
    finally:
        runtime.install(None)
        await current.close()
