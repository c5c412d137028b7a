"""Deferring a job once for a burst of changes: one waits, and it waits for every caller's commit."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from tests.fixtures.database import temporary_database

from aseagi.jobs import specs
from aseagi.jobs.defer import defer
from aseagi.kit import migrate
from aseagi.kit.db import create_engine, sqlalchemy_url

CASES = {"c1": uuid.uuid4(), "c2": uuid.uuid4()}
"""The cases' ids by the names the tests use."""


async def _defer(session: AsyncSession, case: str) -> int | None:
    return await defer(session, specs.ANALYZE_CASE, specs.AnalyzeCase(case_id=CASES[case]))


async def _waiting(session: AsyncSession) -> list[str]:
    rows = await session.scalars(
        text("SELECT args->>'case_id' FROM procrastinate_jobs WHERE status = 'todo' ORDER BY id")
    )
    names = {str(case_id): name for name, case_id in CASES.items()}
    return [names[case_id] for case_id in rows]


async def test_a_burst_queues_one_job_per_case(session: AsyncSession) -> None:
    first = await _defer(session, "c1")
    assert first is not None
    assert await _defer(session, "c1") is None
    assert await _defer(session, "c1") is None
    assert await _defer(session, "c2") is not None
    assert await _waiting(session) == ["c1", "c2"]
    await session.execute(
        text("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = :id"), {"id": first}
    )
    assert await _defer(session, "c1") is not None, "a job already running does not see later changes"


@pytest.fixture
async def committed() -> AsyncIterator[AsyncEngine]:
    with temporary_database("aseagi_jobs") as url:
        migrate.upgrade(url)
        engine = create_engine(sqlalchemy_url(url), pool_size=3)
        yield engine
        await engine.dispose()


FETCH = text("SELECT id FROM procrastinate_jobs WHERE status = 'todo' FOR UPDATE SKIP LOCKED")
"""How a worker takes a job (``procrastinate_fetch_job_v2``): a locked row is skipped."""


async def test_the_waiting_job_is_held_back_until_the_caller_commits(committed: AsyncEngine) -> None:
    async with AsyncSession(committed) as first, first.begin():
        queued = await _defer(first, "c1")
    async with AsyncSession(committed) as later, AsyncSession(committed) as worker:
        await later.begin()
        assert await _defer(later, "c1") is None
        async with worker.begin():
            assert await worker.scalar(FETCH) is None, "a worker would analyze before the change is committed"
        await later.commit()
        async with worker.begin():
            assert await worker.scalar(FETCH) == queued
            await worker.execute(
                text("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = :id"), {"id": queued}
            )
        async with later.begin():
            again = await _defer(later, "c1")
        assert again is not None and again != queued
