"""Deferring jobs inside the caller's transaction.

The job row is written through the same connection as the change it follows, so a job exists only if
that change was committed, and a committed change always has its job (procrastinate's own ``defer``
would use a separate connection). Jobs take ids only and load their own rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.jobs.specs import JobSpec, P

DEFER_SQL = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, :lock, :queueing_lock, "
    "CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])) AS id"
)
DEFER_MANY_SQL = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY(SELECT ROW(:queue, :task, 0, lock, NULL, args, NULL)"
    "::procrastinate_job_to_defer_v1 FROM unnest(CAST(:args AS jsonb[]), CAST(:locks AS text[])) "
    "WITH ORDINALITY AS t(args, lock, n) ORDER BY n))) AS id"
)
WAITING_SQL = text(
    "SELECT id FROM procrastinate_jobs WHERE queueing_lock = :queueing_lock AND status = 'todo' FOR UPDATE"
)
QUEUEING_LOCK_INDEX = "procrastinate_jobs_queueing_lock_idx_v1"
"""procrastinate's unique index on ``queueing_lock`` among waiting jobs."""


def _checked(spec: JobSpec[P], payload: P) -> str:
    if type(payload) is not spec.payload:
        raise TypeError(f"{spec.name} takes {spec.payload.__name__}, not {type(payload).__name__}")
    return json.dumps(payload.arguments())


async def defer(session: AsyncSession, spec: JobSpec[P], payload: P) -> int | None:
    """Queue one job; its id. None when ``spec.queueing_lock`` found one already waiting (see ``_once``)."""
    args = _checked(spec, payload)
    lock = spec.lock(payload) if spec.lock else None
    if spec.queueing_lock is not None:
        return await _once(session, spec, args, lock, spec.queueing_lock(payload))
    return await _insert(session, spec, args, lock, None)


async def _insert(
    session: AsyncSession, spec: JobSpec[P], args: str, lock: str | None, queueing_lock: str | None
) -> int:
    job_id = await session.scalar(
        DEFER_SQL,
        {
            "queue": spec.queue.value,
            "task": spec.name,
            "lock": lock,
            "queueing_lock": queueing_lock,
            "args": args,
        },
    )
    return int(job_id or 0)


async def _once(
    session: AsyncSession, spec: JobSpec[P], args: str, lock: str | None, queueing_lock: str
) -> int | None:
    """Queue the job unless one with the same ``queueing_lock`` is waiting; then that one is held back
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
                return await _insert(session, spec, args, lock, queueing_lock)
        except IntegrityError as exc:
            constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
            if constraint != QUEUEING_LOCK_INDEX or attempt == 2:
                raise
    return None


async def defer_many(session: AsyncSession, spec: JobSpec[P], payloads: Sequence[P]) -> list[int]:
    """One job per payload, in one round trip."""
    if spec.queueing_lock is not None:
        raise ValueError(f"{spec.name} has a queueing lock: defer its jobs one by one")
    if not payloads:
        return []
    rows = await session.scalars(
        DEFER_MANY_SQL,
        {
            "queue": spec.queue.value,
            "task": spec.name,
            "args": [_checked(spec, payload) for payload in payloads],
            "locks": [spec.lock(payload) if spec.lock else None for payload in payloads],
        },
    )
    return [int(job_id) for job_id in rows]
