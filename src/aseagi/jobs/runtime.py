"""What a worker process holds while it runs jobs: the database, the blob store and the parser pool.

It is every job body's ``Resources`` (see ``specs.Resources`` and each domain's ``tasks.py``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from aseagi.config import Settings
from aseagi.ingestion.isolation import ParserPool
from aseagi.ingestion.parsers import Limits
from aseagi.ingestion.pipeline import Pipeline
from aseagi.ingestion.storage import BlobStore
from aseagi.kit.db import create_engine, session_factory


@dataclass
class WorkerRuntime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    pipeline: Pipeline
    stalled_after: float = 30.0
    """Seconds without a heartbeat after which a worker's jobs are re-queued."""

    @classmethod
    def start(
        cls, settings: Settings, database_url: str, *, concurrency: int | None = None, analyze: bool = True
    ) -> WorkerRuntime:
        size = concurrency or settings.worker_concurrency or os.cpu_count() or 1
        engine = create_engine(database_url, pool_size=max(2, size))
        pool = ParserPool(size, timeout=settings.parse_timeout, memory_mb=settings.parse_memory_mb)
        limits = Limits(max_pdf_pages=settings.max_pdf_pages)
        pipeline = Pipeline(store=BlobStore(settings.blob_url), pool=pool, limits=limits, analyze=analyze)
        return cls(settings, engine, session_factory(engine), pipeline)

    async def close(self) -> None:
        self.pipeline.close()
        await self.engine.dispose()


_current: WorkerRuntime | None = None


def install(runtime: WorkerRuntime | None) -> None:
    global _current
    _current = runtime


def current() -> WorkerRuntime:
    if _current is None:
        raise RuntimeError("no worker runtime: jobs run inside `aseagi worker`")
    return _current
