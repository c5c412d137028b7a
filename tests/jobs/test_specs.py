"""Job specs: the stored names never change, stored arguments read back, a payload of the wrong type is
refused, and every spec is declared on the worker's app exactly as it says."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.jobs import specs
from aseagi.jobs.defer import defer, defer_many

STORED = {
    "aseagi.discover": "discovery",
    "aseagi.ingest_files": "ingest",
    "aseagi.ingest_document": "ingest",
    "aseagi.analyze_case": "analysis",
    "aseagi.build_binder": "analysis",
    "aseagi.retry_stalled": "maintenance",
    "aseagi.finish_batches": "maintenance",
    "aseagi.prune_events": "maintenance",
}
"""Task names and queues as jobs already in a database hold them: a new worker must still run those."""


def test_task_and_queue_names_are_the_ones_already_stored() -> None:
    assert {spec.name: str(spec.queue) for spec in specs.ALL} == STORED
    assert set(specs.QUEUES) == set(STORED.values())
    assert specs.BATCH_TASKS == ("aseagi.discover", "aseagi.ingest_files")


def test_arguments_queued_by_the_old_code_read_as_payloads() -> None:
    batch = uuid.uuid4()
    old = {
        "batch_id": str(batch),
        "files": [
            {"source": "/inbox/a.pdf", "file_name": "a.pdf", "size": 10,
             "mtime": "2025-03-07T10:00:00+00:00"},
            {"source": "/inbox/b\\xff.txt", "file_name": "b\\xff.txt", "size": None, "mtime": None,
             "source_raw": base64.b64encode(b"/inbox/b\xff.txt").decode("ascii")},
            {"source": "/inbox/c.txt"},
        ],
    }  # fmt: skip
    job = specs.INGEST_FILES.read(old)
    assert job.batch_id == batch
    first, second, third = job.files
    assert first.mtime == datetime(2025, 3, 7, 10, tzinfo=UTC) and first.size == 10
    assert second.source_raw == b"/inbox/b\xff.txt" and second.mtime is None
    assert third.file_name == "" and third.size is None
    again = specs.INGEST_FILES.read(job.arguments())
    assert again == job
    assert job.arguments()["files"][1]["source_raw"] == old["files"][1]["source_raw"]
    assert "source_raw" not in job.arguments()["files"][0]
    assert specs.stored_payload("aseagi.analyze_case", {"case_id": str(batch)}) == specs.AnalyzeCase(
        case_id=batch
    )
    assert specs.stored_payload("aseagi.ingest_document", {}) is None
    assert specs.stored_payload("aseagi.no_such_task", {"case_id": str(batch)}) is None


async def test_a_job_is_deferred_only_with_its_own_payload(session: AsyncSession) -> None:
    case = uuid.uuid4()
    with pytest.raises(TypeError, match=r"aseagi\.discover takes Discover, not AnalyzeCase"):
        await defer(session, specs.DISCOVER, specs.AnalyzeCase(case_id=case))  # type: ignore[arg-type]
    job = await defer(session, specs.ANALYZE_CASE, specs.AnalyzeCase(case_id=case))
    row = (
        await session.execute(
            text("SELECT task_name, queue_name, lock, args FROM procrastinate_jobs WHERE id = :id"),
            {"id": job},
        )
    ).one()
    assert tuple(row) == ("aseagi.analyze_case", "analysis", f"case:{case}", {"case_id": str(case)})
    batch = uuid.uuid4()
    chunks = [
        specs.IngestFiles(
            batch_id=batch, files=(specs.FileToRead(source=f"/inbox/{n}.pdf", file_name=f"{n}.pdf"),)
        )
        for n in range(3)
    ]
    ids = await defer_many(session, specs.INGEST_FILES, chunks)
    stored = await session.execute(
        text("SELECT task_name, queue_name, args FROM procrastinate_jobs WHERE id = ANY(:ids) ORDER BY id"),
        {"ids": ids},
    )
    assert [(task, queue, specs.INGEST_FILES.read(args)) for task, queue, args in stored] == [
        ("aseagi.ingest_files", "ingest", chunk) for chunk in chunks
    ]


def test_the_worker_declares_every_spec_as_it_says() -> None:
    from aseagi.jobs.app import app
    from aseagi.jobs.worker import run_worker

    assert run_worker
    ours = {name: task.queue for name, task in app.tasks.items() if task.queue != "builtin"}
    assert ours == STORED
    for spec in specs.ALL:
        task = app.tasks[spec.name]
        attempts = task.retry_strategy.max_attempts if task.retry_strategy else None
        assert attempts == (spec.retry.max_attempts if spec.retry else None), spec.name
    periodic = {p.task.name: p.cron for p in app.periodic_registry.periodic_tasks.values()}
    assert periodic == {spec.name: spec.cron for spec in specs.ALL if spec.cron}
