"""Deferring jobs inside the caller's transaction.

The job row is written through the same connection as the change it follows, so a job exists only if
that change was committed, and a committed change always has its job (procrastinate's own ``defer``
would use a separate connection). Jobs take ids only and load their own rows.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

DEFER_SQL = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, :lock, :queueing_lock, "
    "CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])) AS id"
)

QUEUEING_LOCK_INDEX = "procrastinate_jobs_queueing_lock_idx_v1"
"""procrastinate's unique index on ``queueing_lock`` among waiting jobs."""


async def defer(
    session: AsyncSession,
    task: str,
    *,
    queue: str,
    lock: str | None = None,
    queueing_lock: str | None = None,
    **args: Any,
) -> int:
    """``lock``: jobs sharing it never run at once. ``queueing_lock``: at most one of them waits (``todo``);
    deferring another while one waits raises ``IntegrityError`` (see ``defer_once``)."""
    job_id = await session.scalar(
        DEFER_SQL,
        {
            "queue": queue,
            "task": task,
            "lock": lock,
            "queueing_lock": queueing_lock,
            "args": json.dumps(args, default=str),
        },
    )
    return int(job_id or 0)


WAITING_SQL = text(
    "SELECT id FROM procrastinate_jobs WHERE queueing_lock = :queueing_lock AND status = 'todo' FOR UPDATE"
)


async def defer_once(
    session: AsyncSession, task: str, *, queue: str, queueing_lock: str, lock: str | None = None, **args: Any
) -> int | None:
    """``defer`` unless a job with the same ``queueing_lock`` is waiting; then that job is held back
    until the caller commits and None is returned.

    A burst of callers thus leaves one waiting job, and it sees every caller's change: workers fetch jobs
    with ``SKIP LOCKED``, so the row lock taken here keeps the waiting job from starting before this
    transaction's change is committed. A job being fetched meanwhile is no longer waiting, and a new one
    is queued. A savepoint keeps a refused insert (a concurrent caller queued first) from aborting the
    caller's transaction; the job that caller queued is then the one held back.
    """
    for attempt in range(3):
        if await session.scalar(WAITING_SQL, {"queueing_lock": queueing_lock}) is not None:
            return None
        try:
            async with session.begin_nested():
                return await defer(session, task, queue=queue, lock=lock, queueing_lock=queueing_lock, **args)
        except IntegrityError as exc:
            constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
            if constraint != QUEUEING_LOCK_INDEX or attempt == 2:
                raise
    return None


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
