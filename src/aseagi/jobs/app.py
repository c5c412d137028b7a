"""The procrastinate app (the queue is in the same PostgreSQL), and how a ``JobSpec`` becomes its task.

A task reads its stored arguments as its spec's payload and hands them to its domain's job body with
the worker's runtime. A job that raises is retried as its spec's ``Retry`` says; when its last attempt
fails, its domain is told (``gave_up``) and procrastinate parks it as ``failed`` until ``aseagi
retry-failed`` re-queues it. Jobs of a worker that died (SIGKILL, power loss) are found through the
workers' heartbeats and retried (``tasks.retry_stalled``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, cast

import procrastinate
import psycopg_pool

from aseagi.jobs import runtime
from aseagi.jobs.runtime import WorkerRuntime
from aseagi.jobs.specs import GaveUp, JobSpec, P

app = procrastinate.App(connector=procrastinate.PsycopgConnector())
"""Tasks are declared on an app without a database; ``opened`` binds it to one."""

Body = Callable[[WorkerRuntime, P], Awaitable[None]]
"""A domain's job body (its ``tasks.py``): the worker's resources and the job's payload."""
GiveUp = Callable[[WorkerRuntime, P, GaveUp], Awaitable[None]]
"""What a domain does when a job's last attempt failed, before the job is parked."""


def declare(spec: JobSpec[P], body: Body[P], *, gave_up: GiveUp[P] | None = None) -> None:
    """The task of ``spec``, run by ``body``; periodic when the spec has a ``cron``."""

    async def run(context: procrastinate.JobContext, **args: Any) -> None:
        payload = spec.read(args)
        current = runtime.current()
        try:
            await body(current, payload)
        except Exception as exc:
            attempts = _last_attempt(spec, context)
            if gave_up is not None and attempts is not None:
                await gave_up(current, payload, GaveUp(attempts, _error(exc)))
            raise

    run.__name__ = run.__qualname__ = spec.name.rpartition(".")[2]
    retry = (
        procrastinate.RetryStrategy(
            max_attempts=spec.retry.max_attempts, exponential_wait=spec.retry.exponential_wait
        )
        if spec.retry is not None
        else False
    )
    task = app.task(name=spec.name, queue=spec.queue.value, retry=retry, pass_context=True)(run)
    if spec.cron is not None:  # procrastinate's typing wants a ``timestamp`` parameter; ``Tick`` reads it
        app.periodic(cron=spec.cron)(cast(Any, task))


def _last_attempt(spec: JobSpec[Any], context: procrastinate.JobContext) -> int | None:
    """The attempt number when this run is the job's last (it is parked if it fails), else None."""
    attempts = context.job.attempts
    if spec.retry is None or attempts >= spec.retry.max_attempts:
        return attempts + 1
    return None


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:200]


@asynccontextmanager
async def opened(conninfo: str, *, max_size: int = 10) -> AsyncIterator[procrastinate.App]:
    """The app bound to a database for as long as the block runs."""
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
