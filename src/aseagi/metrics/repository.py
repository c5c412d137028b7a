"""The SQL behind ``/metrics``: three aggregates, computed by PostgreSQL, never by loading rows.

Every worker on every machine writes to the same tables, so these figures cover the whole deployment,
which per-process counters could not.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.jobs.specs import QUEUES
from aseagi.metrics.schemas import DatabaseSnapshot, QueueCount
from aseagi.models.document import DOCUMENT_STATUSES

WAITING_STATUSES = ("todo", "doing")
STATEMENT_TIMEOUT_MS = 5000
"""A scrape gives up rather than pile up behind a slow database (Prometheus retries on its own)."""


async def documents_by_status(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(text("SELECT status, count(*) FROM legal_documents GROUP BY status"))
    counts = dict.fromkeys(DOCUMENT_STATUSES, 0)
    counts.update({str(status): int(n) for status, n in rows.all()})
    return counts


async def queue_counts(session: AsyncSession) -> list[QueueCount]:
    """Jobs by queue and status. Successful jobs are deleted by the workers, so the table stays small."""
    rows = await session.execute(
        text(
            "SELECT queue_name, status::text, count(*) FROM procrastinate_jobs "
            "GROUP BY queue_name, status ORDER BY 1, 2"
        )
    )
    counts = {(queue, status): 0 for queue in QUEUES for status in WAITING_STATUSES}
    counts.update({(str(queue), str(status)): int(n) for queue, status, n in rows.all()})
    return [QueueCount(queue, status, n) for (queue, status), n in sorted(counts.items())]


async def processed_last_minute(session: AsyncSession) -> int:
    result = await session.execute(
        text("SELECT count(*) FROM legal_documents WHERE processed_at > now() - interval '1 minute'")
    )
    return int(result.scalar_one())


async def snapshot(session: AsyncSession) -> DatabaseSnapshot:
    await session.execute(text(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"))
    return DatabaseSnapshot(
        documents_by_status=await documents_by_status(session),
        queue=await queue_counts(session),
        processed_last_minute=await processed_last_minute(session),
    )
