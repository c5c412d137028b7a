"""ingestion/reconcile.py: batches whose jobs all ended are finished; given-up files fail, and come back."""

from __future__ import annotations

import uuid
from collections import Counter

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aseagi.documents.status import DocumentStatus
from aseagi.ingestion import reconcile, service
from aseagi.ingestion.pipeline import SourceFile
from aseagi.jobs import specs
from aseagi.jobs.defer import defer
from aseagi.models import LegalDocument, ProcessingBatch
from aseagi.models.batch import BatchState

INBOX = "/srv/inbox/fictional"


async def _batch(session: AsyncSession, **values: object) -> ProcessingBatch:
    case_id = await service.case_for(session, f"JV-FAKE-{uuid.uuid4().hex[:6]}")
    batch = ProcessingBatch(job_id=service.new_job_id(), source=INBOX, case_id=case_id, **values)
    session.add(batch)
    await session.flush()
    await session.refresh(batch)
    return batch


def _files(*names: str) -> list[SourceFile]:
    return [SourceFile(f"{INBOX}/{name}", name, size=10) for name in names]


async def _job(session: AsyncSession, payload: specs.Payload, status: str) -> int:
    spec = specs.DISCOVER if isinstance(payload, specs.Discover) else specs.INGEST_FILES
    job_id = await defer(session, spec, payload)  # type: ignore[arg-type]
    assert job_id is not None
    if status != "todo":
        await session.execute(
            text("UPDATE procrastinate_jobs SET status = :status WHERE id = :id"),
            {"status": status, "id": job_id},
        )
    return job_id


async def _documents(session: AsyncSession, case_id: uuid.UUID | None) -> list[LegalDocument]:
    query = select(LegalDocument).where(LegalDocument.case_id == case_id).order_by(LegalDocument.file_name)
    return list((await session.scalars(query)).all())


def _sessions(session: AsyncSession) -> async_sessionmaker[AsyncSession]:
    """Sessions on the test's connection: their commits are savepoints, rolled back with the test."""
    return async_sessionmaker(
        bind=session.bind, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


def test_gave_up_reason() -> None:
    assert (
        reconcile.gave_up_reason(None, None)
        == f"{reconcile.GAVE_UP}: never read; POST /process/retry tries again"
    )
    reason = reconcile.gave_up_reason(3, "x" * 500)
    assert reason.startswith(f"{reconcile.GAVE_UP} after 3 attempts (" + "x" * 200 + ")")
    assert "x" * 201 not in reason
    assert reconcile.gave_up_reason(0, "") == reconcile.gave_up_reason(None, None)


async def test_give_up_records_the_files_not_yet_recorded(session: AsyncSession) -> None:
    batch = await _batch(session)
    reason = reconcile.gave_up_reason(5, "worker crashed")
    first = await reconcile.give_up(session, batch, _files("a.pdf", "b.pdf"), reason)
    assert first == Counter(failed=2)
    again = await reconcile.give_up(session, batch, _files("a.pdf", "b.pdf", "c.pdf"), reason)
    assert again == Counter(failed=1)  # idempotent: a and b are already recorded

    rows = await _documents(session, batch.case_id)
    assert [r.file_name for r in rows] == ["a.pdf", "b.pdf", "c.pdf"]
    assert all(r.status == DocumentStatus.FAILED and r.status_reason == reason for r in rows)
    await session.refresh(batch)
    assert batch.failed == 3
    assert {e["source"] for e in batch.last_errors} == {f"{INBOX}/{n}" for n in ("a.pdf", "b.pdf", "c.pdf")}
    assert await reconcile.give_up(session, batch, [], reason) == Counter()


async def test_give_up_without_a_case_records_nothing(session: AsyncSession) -> None:
    batch = ProcessingBatch(job_id=service.new_job_id(), source=INBOX, case_id=None)
    session.add(batch)
    await session.flush()
    assert await reconcile.give_up(session, batch, _files("a.pdf"), "why") == Counter()


async def test_reopen_given_up_removes_only_given_up_records(session: AsyncSession) -> None:
    batch = await _batch(session, discovery_done=True)
    await reconcile.give_up(session, batch, _files("a.pdf", "b.pdf"), reconcile.gave_up_reason(2, None))
    await reconcile.give_up(session, batch, _files("c.pdf"), "unreadable")  # not a give-up
    await session.execute(
        text("UPDATE processing_batches SET status = 'done' WHERE id = :id"), {"id": batch.id}
    )

    files = [specs.FileToRead(source=f"{INBOX}/{n}") for n in ("a.pdf", "c.pdf", "zzz.pdf")]
    assert await reconcile.reopen_given_up(session, batch.id, files) == 1
    assert [r.file_name for r in await _documents(session, batch.case_id)] == ["b.pdf", "c.pdf"]
    await session.refresh(batch)
    assert (batch.failed, batch.status, batch.finished_at) == (2, BatchState.RUNNING, None)
    assert await reconcile.reopen_given_up(session, batch.id, files) == 0


async def test_reopen_leaves_a_running_batch_and_reopens_a_failed_one(session: AsyncSession) -> None:
    batch = await _batch(session)
    await reconcile.reopen(session, batch.id)
    await session.refresh(batch)
    assert batch.status == BatchState.RUNNING
    await session.execute(
        text("UPDATE processing_batches SET status = 'failed', finished_at = now() WHERE id = :id"),
        {"id": batch.id},
    )
    await reconcile.reopen(session, batch.id)
    await session.refresh(batch)
    assert batch.status == BatchState.RUNNING and batch.finished_at is None


async def test_finish_batch_waits_for_live_jobs(session: AsyncSession) -> None:
    batch = await _batch(session, discovery_done=True, discovered=1)
    await _job(session, specs.IngestFiles(batch_id=batch.id, files=()), "doing")
    assert await reconcile.finish_batch(session, batch.id) is None
    await session.refresh(batch)
    assert batch.status == BatchState.RUNNING


async def test_finish_batch_fails_the_files_of_a_parked_job(session: AsyncSession) -> None:
    batch = await _batch(session, discovery_done=True, discovered=2, done=1)
    parked = specs.IngestFiles(batch_id=batch.id, files=(specs.FileToRead(source=f"{INBOX}/lost.pdf"),))
    await _job(session, parked, "failed")
    assert await reconcile.finish_batch(session, batch.id) == batch.job_id
    await session.refresh(batch)
    assert (batch.status, batch.done, batch.failed) == (BatchState.DONE, 1, 1)
    (row,) = await _documents(session, batch.case_id)
    assert row.file_name == "lost.pdf"
    assert row.status_reason == reconcile.gave_up_reason(None, "parked after its retries")
    assert await reconcile.finish_batch(session, batch.id) is None  # no longer running


async def test_finish_batch_counts_files_never_recorded(session: AsyncSession) -> None:
    batch = await _batch(session, discovery_done=True, discovered=5, done=2, duplicate=1)
    assert await reconcile.finish_batch(session, batch.id) == batch.job_id
    await session.refresh(batch)
    assert (batch.status, batch.failed) == (BatchState.DONE, 2)
    assert batch.last_errors[-1]["reason"] == "2 files were never recorded: their jobs were lost"
    events = (
        await session.execute(
            text("SELECT kind, payload FROM live_events WHERE case_id = :id"), {"id": batch.case_id}
        )
    ).all()
    # One event: batch.done, whoever ended the batch (clients waiting for it must hear it).
    ((kind, payload),) = events
    assert kind == "batch.done"
    assert payload["status"] == BatchState.DONE and payload["counts"]["failed"] == 2
    queued = await session.scalar(
        text(
            "SELECT count(*) FROM procrastinate_jobs "
            "WHERE task_name = 'aseagi.analyze_case' AND args->>'case_id' = :id"
        ),
        {"id": str(batch.case_id)},
    )
    assert queued == 1  # and its case is analyzed, as after a batch that ends with its last job


async def test_finish_batch_when_discovery_stopped(session: AsyncSession) -> None:
    lost = await _batch(session)
    assert await reconcile.finish_batch(session, lost.id) == lost.job_id
    await session.refresh(lost)
    assert lost.status == BatchState.FAILED and lost.finished_at is not None
    assert "its discovery job was lost" in lost.last_errors[-1]["reason"]
    assert f"/process/resume/{lost.job_id}" in lost.last_errors[-1]["reason"]

    parked = await _batch(session)
    await _job(session, specs.Discover(batch_id=parked.id), "failed")
    assert await reconcile.finish_batch(session, parked.id) == parked.job_id
    await session.refresh(parked)
    assert parked.status == BatchState.FAILED
    assert "its discovery job gave up" in parked.last_errors[-1]["reason"]


async def test_finish_batch_of_an_unknown_batch(session: AsyncSession) -> None:
    assert await reconcile.finish_batch(session, uuid.uuid4()) is None


async def test_finish_stranded_finishes_only_batches_without_jobs(session: AsyncSession) -> None:
    stranded = await _batch(session, discovery_done=True)
    busy = await _batch(session, discovery_done=True, discovered=1)
    await _job(session, specs.IngestFiles(batch_id=busy.id, files=()), "todo")
    finished = await reconcile.finish_stranded(_sessions(session))
    assert stranded.job_id in finished and busy.job_id not in finished
    query = select(ProcessingBatch.job_id, ProcessingBatch.status).where(
        ProcessingBatch.id.in_([stranded.id, busy.id])
    )
    statuses = {job_id: status for job_id, status in (await session.execute(query)).all()}
    assert statuses == {stranded.job_id: BatchState.DONE, busy.job_id: BatchState.RUNNING}


async def test_give_up_job_fails_files_and_ends_the_batch(session: AsyncSession) -> None:
    batch = await _batch(session, discovery_done=True, discovered=1)
    await reconcile.give_up_job(_sessions(session), batch.id, _files("late.pdf"), attempts=4, error="timeout")
    await session.refresh(batch)
    assert (batch.failed, batch.status) == (1, BatchState.DONE)
    (row,) = await _documents(session, batch.case_id)
    assert row.status_reason == reconcile.gave_up_reason(4, "timeout")
    # a batch no longer running is left alone
    await reconcile.give_up_job(_sessions(session), batch.id, _files("later.pdf"), attempts=1, error="x")
    assert len(await _documents(session, batch.case_id)) == 1
    await reconcile.give_up_job(_sessions(session), uuid.uuid4(), _files("x.pdf"), attempts=1, error="x")


async def test_an_upload_given_up_and_requeued(session: AsyncSession) -> None:
    case_id = await service.case_for(session, f"JV-FAKE-{uuid.uuid4().hex[:6]}")
    upload = LegalDocument(case_id=case_id, file_name="upload.pdf", status=DocumentStatus.QUEUED)
    done = LegalDocument(case_id=case_id, file_name="done.pdf", status=DocumentStatus.DONE)
    session.add_all([upload, done])
    await session.flush()
    for row in (upload, done):
        await reconcile.give_up_upload(_sessions(session), row.id, attempts=3, error="\x00bad")
    await session.refresh(upload)
    await session.refresh(done)
    assert upload.status == DocumentStatus.FAILED and upload.status_reason is not None
    assert (
        upload.status_reason.startswith(f"{reconcile.GAVE_UP} after 3 attempts")
        and "\x00" not in upload.status_reason
    )
    assert done.status == DocumentStatus.DONE and done.status_reason is None

    await reconcile.requeue_upload(session, upload.id)
    await session.refresh(upload)
    assert (upload.status, upload.status_reason) == (DocumentStatus.QUEUED, None)

    failed = LegalDocument(
        case_id=case_id, file_name="bad.pdf", status=DocumentStatus.FAILED, status_reason="encrypted"
    )
    session.add(failed)
    await session.flush()
    await reconcile.requeue_upload(session, failed.id)  # failed for its own reason: stays failed
    await session.refresh(failed)
    assert failed.status == DocumentStatus.FAILED
