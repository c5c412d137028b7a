"""Deferring jobs inside the caller's transaction.

The job row is written through the same connection as the change it follows, so a job exists only if
that change was committed, and a committed change always has its job (procrastinate's own ``defer``
would use a separate connection). Jobs take ids only and load their own rows.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

DEFER_SQL = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, :lock, NULL, "
    "CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])) AS id"
)


async def defer(session: AsyncSession, task: str, *, queue: str, lock: str | None = None, **args: Any) -> int:
    job_id = await session.scalar(
        DEFER_SQL, {"queue": queue, "task": task, "lock": lock, "args": json.dumps(args, default=str)}
    )
    return int(job_id or 0)


DEFER_MANY_SQL = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY(SELECT ROW(:queue, :task, 0, NULL, NULL, args, NULL)"
    "::procrastinate_job_to_defer_v1 FROM unnest(CAST(:args AS jsonb[])) WITH ORDINALITY AS t(args, n) "
    "ORDER BY n))) AS id"
)


async def defer_many(
    session: AsyncSession, task: str, *, queue: str, args: list[dict[str, Any]]
) -> list[int]:
    """One job per entry of ``args``, in one round trip."""
    if not args:
        return []
    rows = await session.scalars(
        DEFER_MANY_SQL,
        {"queue": queue, "task": task, "args": [json.dumps(a, default=str) for a in args]},
    )
    return [int(job_id) for job_id in rows]
