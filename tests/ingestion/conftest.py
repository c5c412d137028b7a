"""A committed database, an inbox and real `aseagi worker` processes for end-to-end ingestion tests."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tests.fixtures.database import temporary_database

from aseagi.config import Settings
from aseagi.ingestion import batches
from aseagi.ingestion.schemas import BatchStatus
from aseagi.kit import migrate
from aseagi.kit.db import create_engine, session_factory, sqlalchemy_url, transaction


@pytest.fixture
def live_database() -> Iterator[str]:
    """A migrated database whose commits are real (workers in other processes must see them)."""
    with temporary_database("aseagi_ingest") as url:
        migrate.upgrade(url)
        yield url


@pytest.fixture
def live_settings(tmp_path: Path) -> Settings:
    (tmp_path / "data" / "inbox").mkdir(parents=True)
    return Settings(ASEAGI_DATA_DIR=tmp_path / "data")  # type: ignore[call-arg]


@pytest.fixture
def inbox(live_settings: Settings) -> Path:
    return live_settings.allowed_ingest_roots[0]


@pytest.fixture
async def sessions(live_database: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(sqlalchemy_url(live_database), pool_size=2)
    yield session_factory(engine)
    await engine.dispose()


Worker = Callable[..., subprocess.Popen[bytes]]


@pytest.fixture
def start_worker(live_database: str, live_settings: Settings, tmp_path: Path) -> Iterator[Worker]:
    started: list[subprocess.Popen[bytes]] = []

    def start(
        *extra: str, timeout: float = 20.0, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        log = open(tmp_path / f"worker-{len(started)}.log", "wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "aseagi", "worker", "--concurrency", "1", "--stalled-after", "3", *extra],
            env={
                **os.environ,
                "DATABASE_URL": live_database,
                "ASEAGI_DATA_DIR": str(live_settings.data_dir),
                "ASEAGI_PARSE_TIMEOUT": str(timeout),
                **(env or {}),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in started:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


async def start_batch(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, source: Path, case: str = "JV-2025-009999"
) -> str:
    async with transaction(sessions) as session:
        return (await batches.start(session, settings, source=str(source), case=case)).job_id


async def batch_status(sessions: async_sessionmaker[AsyncSession], job_id: str) -> BatchStatus:
    async with sessions() as session:
        return await batches.status(session, job_id)


async def wait_for(
    sessions: async_sessionmaker[AsyncSession],
    job_id: str,
    *,
    until: str = "done",
    timeout: float = 120.0,
    condition: Callable[[BatchStatus], bool] | None = None,
) -> BatchStatus:
    deadline = time.monotonic() + timeout
    while True:
        status = await batch_status(sessions, job_id)
        if condition(status) if condition else status.status == until:
            return status
        if time.monotonic() > deadline:
            raise AssertionError(f"batch {job_id} did not reach {until}: {status.model_dump_json()}")
        await asyncio.sleep(0.3)
