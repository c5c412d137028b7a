"""A single upload reaches the chronology: once its job stores it, the case analysis is queued, once for
a burst of uploads. Real API, real worker, real PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import time

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tests.ingestion.conftest import Worker

from aseagi.config import Settings
from aseagi.kit.db import create_engine, sqlalchemy_url, transaction
from aseagi.models import CourtEvent

pytestmark = pytest.mark.slow

MINUTES = (
    "SUPERIOR COURT OF CALIFORNIA, COUNTY OF TULARE\nMINUTE ORDER - DETENTION HEARING\n"
    "Case No. JV073418\nDATE: 03/07/25\nDETENTION HEARING held March 7, 2025. Child detained.\n"
    "JURISDICTION HEARING set for March 26, 2025 at 8:30 a.m. in Dept. 7.\n"
)
ANALYSES = "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'aseagi.analyze_case'"
"""Finished jobs are deleted by the worker: this counts queued and running analyses."""
NOTES = [f"Visit note {n}: the visit on April {n + 2}, 2025 went well.\n" for n in range(2)]


async def _chronology(sessions: async_sessionmaker[AsyncSession], timeout: float = 120) -> list[CourtEvent]:
    """The case's analyzed events (rows with an ``event_key`` or a ``rule_id``) once analysis stored them."""
    deadline = time.monotonic() + timeout
    while True:
        async with sessions() as session:
            idle = not await session.scalar(text(ANALYSES + " AND status IN ('todo', 'doing')"))
            rows = list(
                await session.scalars(
                    select(CourtEvent)
                    .where((CourtEvent.event_key.is_not(None)) | (CourtEvent.rule_id.is_not(None)))
                    .order_by(CourtEvent.event_date)
                )
            )
        if idle and rows:
            return rows
        if time.monotonic() > deadline:
            raise AssertionError("the upload's case analysis did not run")
        await asyncio.sleep(0.3)


async def test_an_upload_queues_its_case_analysis_once_for_a_burst(
    sessions: async_sessionmaker[AsyncSession],
    live_database: str,
    live_settings: Settings,
    start_worker: Worker,
) -> None:
    from aseagi.app import create_app
    from aseagi.security.tokens import create_token

    async with transaction(sessions) as session:
        _, secret = await create_token(session, name="uploader", scope="write")
    engine = create_engine(sqlalchemy_url(live_database), pool_size=2)
    headers = {"Authorization": f"Bearer {secret}"}
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(live_settings, engine=engine)), base_url="http://t"
        ) as client:
            for name, content in [
                ("minutes.txt", MINUTES),
                *((f"note-{n}.txt", t) for n, t in enumerate(NOTES)),
            ]:
                files = {"file": (name, content.encode(), "text/plain")}
                accepted = await client.post(
                    "/process/document", files=files, data={"case": "JV073418"}, headers=headers
                )
                assert accepted.json()["status"] == "queued", accepted.text
    finally:
        await engine.dispose()
    assert not await _count(sessions, ANALYSES), "nothing is analyzed before an upload is stored"
    ingesting = start_worker("--queue", "ingest")
    deadline = time.monotonic() + 120
    while await _count(sessions, "SELECT count(*) FROM legal_documents WHERE status = 'done'") < 3:
        assert time.monotonic() < deadline, "the uploads were not stored"
        await asyncio.sleep(0.3)
    ingesting.send_signal(signal.SIGINT)
    ingesting.wait(15)
    assert await _count(sessions, ANALYSES) == 1, "three uploads in a burst queue one analysis"

    start_worker("--queue", "analysis")
    rows = await _chronology(sessions)
    hearings = [(r.event_date, r.event_type) for r in rows if r.event_key is not None]
    assert (dt.date(2025, 3, 7), "detention_hearing") in hearings
    assert (dt.date(2025, 3, 26), "jurisdiction_hearing") in hearings
    detention = next(r for r in rows if r.event_type == "detention_hearing")
    derived = next(r for r in rows if r.rule_id == "wic-334-jurisdiction-detained")
    assert derived.trigger_event_id == detention.id


async def _count(sessions: async_sessionmaker[AsyncSession], query: str) -> int:
    async with sessions() as session:
        return int(await session.scalar(text(query)) or 0)
