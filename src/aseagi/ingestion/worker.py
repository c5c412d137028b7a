"""``aseagi worker``: run ingestion and analysis jobs from the shared queue until stopped."""

from __future__ import annotations

import logging
from typing import Any

from aseagi.config import Settings
from aseagi.ingestion import runtime, tasks
from aseagi.ingestion.runtime import WorkerRuntime
from aseagi.kit.db import libpq_url, sqlalchemy_url

log = logging.getLogger(__name__)


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
        async with tasks.opened(libpq_url(database_url)) as app:
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
