"""The SQL behind ``/metrics`` (``metrics/repository.py``): documents by status with every status present,
jobs by queue and status with every queue's waiting statuses present, documents finished in the last
minute, and a snapshot under a statement timeout. Figures are compared before and after the test's own
rows, so rows other tests committed do not matter."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.jobs.specs import QUEUES
from aseagi.metrics import repository
from aseagi.metrics.schemas import DatabaseSnapshot, QueueCount
from aseagi.models.document import DOCUMENT_STATUSES


def by_key(counts: list[QueueCount]) -> dict[tuple[str, str], int]:
    return {(count.queue, count.status): count.jobs for count in counts}


async def add_documents(session: AsyncSession) -> None:
    await session.execute(
        text(
            "INSERT INTO legal_documents (file_name, status, processed_at) VALUES "
            "('minute-order.pdf', 'done', now()), "
            "('petition.pdf', 'done', now() - interval '59 seconds'), "
            "('old-report.pdf', 'done', now() - interval '2 minutes'), "
            "('broken.pdf', 'failed', now()), "
            "('photo.heic', 'unsupported', now() - interval '1 hour'), "
            "('waiting-1.pdf', 'queued', NULL), ('waiting-2.pdf', 'queued', NULL)"
        )
    )
    await session.flush()


async def add_jobs(session: AsyncSession) -> None:
    await session.execute(
        text(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status) VALUES "
            "('ingest', 'aseagi.ingest_document', '{}', 'todo'), "
            "('ingest', 'aseagi.ingest_document', '{}', 'todo'), "
            "('ingest', 'aseagi.ingest_document', '{}', 'doing'), "
            "('analysis', 'aseagi.analyze_case', '{}', 'failed'), "
            "('zz-unlisted', 'aseagi.other', '{}', 'todo')"
        )
    )
    await session.flush()


async def test_every_document_status_is_counted_even_at_zero(session: AsyncSession) -> None:
    counts = await repository.documents_by_status(session)
    assert set(counts) == set(DOCUMENT_STATUSES)
    assert all(isinstance(n, int) and n >= 0 for n in counts.values())


async def test_documents_by_status_counts_each_status(session: AsyncSession) -> None:
    before = await repository.documents_by_status(session)
    await add_documents(session)
    after = await repository.documents_by_status(session)
    grew = {status: after[status] - before[status] for status in DOCUMENT_STATUSES}
    assert grew == {"queued": 2, "processing": 0, "done": 3, "failed": 1, "unsupported": 1}


async def test_every_queue_has_its_waiting_statuses_even_at_zero(session: AsyncSession) -> None:
    counts = by_key(await repository.queue_counts(session))
    for queue in QUEUES:
        for status in repository.WAITING_STATUSES:
            assert (queue, status) in counts
            assert counts[queue, status] >= 0


async def test_queue_counts_by_queue_and_status_sorted(session: AsyncSession) -> None:
    before = by_key(await repository.queue_counts(session))
    await add_jobs(session)
    counted = await repository.queue_counts(session)
    after = by_key(counted)

    def grew(queue: str, status: str) -> int:
        return after[queue, status] - before.get((queue, status), 0)

    assert grew("ingest", "todo") == 2
    assert grew("ingest", "doing") == 1
    assert grew("analysis", "failed") == 1, "a status other than the waiting ones, once it has jobs"
    assert grew("zz-unlisted", "todo") == 1, "a queue this version does not know is still counted"
    assert grew("analysis", "todo") == 0
    keys = [(count.queue, count.status) for count in counted]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


async def test_processed_last_minute_counts_only_the_last_sixty_seconds(session: AsyncSession) -> None:
    before = await repository.processed_last_minute(session)
    await add_documents(session)
    # now() is the transaction's start: 'now' and '59 seconds ago' are inside the window, the rest not.
    assert await repository.processed_last_minute(session) - before == 3


async def test_snapshot_gathers_the_three_figures_under_a_timeout(session: AsyncSession) -> None:
    await add_documents(session)
    await add_jobs(session)
    snapshot = await repository.snapshot(session)
    assert isinstance(snapshot, DatabaseSnapshot)
    assert snapshot.documents_by_status == await repository.documents_by_status(session)
    assert snapshot.queue == await repository.queue_counts(session)
    assert snapshot.processed_last_minute == await repository.processed_last_minute(session)
    assert snapshot.documents_by_status["queued"] >= 2
    assert by_key(snapshot.queue)["ingest", "todo"] >= 2
    timeout = await session.scalar(text("SHOW statement_timeout"))
    assert timeout == f"{repository.STATEMENT_TIMEOUT_MS // 1000}s"
