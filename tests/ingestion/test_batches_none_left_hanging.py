"""Every batch ends, and its counts add up: rows the database refuses, jobs that give up or vanish,
names that are not UTF-8, NUL bytes in text and headers. Real workers, real PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tests.ingestion.conftest import Worker, batch_status, start_batch, wait_for

from aseagi.config import Settings
from aseagi.ingestion import batches, reconcile
from aseagi.ingestion.schemas import BatchStatus
from aseagi.ingestion.storage import BlobStore
from aseagi.jobs import specs
from aseagi.kit.db import transaction
from aseagi.models import Communication, DocumentOccurrence, LegalDocument

pytestmark = pytest.mark.slow
MAX_ATTEMPTS = specs.RETRY.max_attempts

REJECT_POISON = (
    """
    CREATE FUNCTION reject_poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.file_name = 'poison.txt' AND NEW.status = 'done' THEN
        RAISE EXCEPTION 'test rejects this row';
      END IF;
      RETURN NEW;
    END $$
    """,
    "CREATE TRIGGER reject_poison BEFORE INSERT ON legal_documents "
    "FOR EACH ROW EXECUTE FUNCTION reject_poison()",
)
"""A row the database refuses in the middle of a chunk: the file ``poison.txt`` stored as ``done``."""


def _adds_up(status: BatchStatus) -> bool:
    c = status.counts
    return c.discovered == c.done + c.duplicate + c.failed + c.unsupported + c.skipped


def _write_texts(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(f"{name}: the hearing on May 1, 2025 was continued.")


async def _statuses(sessions: async_sessionmaker[AsyncSession]) -> dict[str, tuple[str, str | None]]:
    async with sessions() as session:
        rows = await session.execute(
            select(LegalDocument.file_name, LegalDocument.status, LegalDocument.status_reason)
        )
        return {name: (state, reason) for name, state, reason in rows}


async def test_a_row_the_database_rejects_fails_only_its_own_file(
    sessions: async_sessionmaker[AsyncSession], live_settings: Settings, inbox: Path, start_worker: Worker
) -> None:
    folder = inbox / "chunk"
    _write_texts(folder, ["a.txt", "b.txt", "poison.txt", "y.txt", "z.txt"])
    async with transaction(sessions) as session:
        for statement in REJECT_POISON:
            await session.execute(text(statement))
    job_id = await start_batch(sessions, live_settings, folder)
    start_worker()
    status = await wait_for(sessions, job_id, timeout=90)
    assert (status.counts.done, status.counts.failed) == (4, 1), status.last_errors
    assert _adds_up(status)
    by_name = await _statuses(sessions)
    assert {by_name[n][0] for n in ("a.txt", "b.txt", "y.txt", "z.txt")} == {"done"}
    state, reason = by_name["poison.txt"]
    assert state == "failed" and reason == "could not be stored: test rejects this row"
    async with sessions() as session:
        key = await session.scalar(
            select(LegalDocument.storage_key).where(LegalDocument.file_name == "poison.txt")
        )
    assert key is not None and BlobStore(live_settings.blob_url).exists(key), "the original is kept"
    assert any("test rejects this row" in (e.get("reason") or "") for e in status.last_errors)


async def _discover_only(
    sessions: async_sessionmaker[AsyncSession], job_id: str, start_worker: Worker, files: int
) -> None:
    discoverer = start_worker("--queue", "discovery")
    await wait_for(
        sessions, job_id, condition=lambda s: s.discovery_done and s.counts.queued == files, timeout=60
    )
    discoverer.send_signal(signal.SIGINT)
    discoverer.wait(15)


@asynccontextmanager
async def _api(
    sessions: async_sessionmaker[AsyncSession], live_database: str, live_settings: Settings
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str]]]:
    """The real app on the test database, with a write token."""
    from aseagi.app import create_app
    from aseagi.kit.db import create_engine, sqlalchemy_url
    from aseagi.security.tokens import create_token

    async with transaction(sessions) as session:
        _, secret = await create_token(session, name="operator", scope="write")
    engine = create_engine(sqlalchemy_url(live_database), pool_size=2)
    app = create_app(live_settings, engine=engine)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            yield client, {"Authorization": f"Bearer {secret}"}
    finally:
        await engine.dispose()


async def test_a_parked_job_fails_its_files_then_retry_reads_them(
    sessions: async_sessionmaker[AsyncSession],
    live_database: str,
    live_settings: Settings,
    inbox: Path,
    start_worker: Worker,
) -> None:
    folder = inbox / "parked"
    _write_texts(folder, ["one.txt", "two.txt", "three.txt"])
    job_id = await start_batch(sessions, live_settings, folder)
    await _discover_only(sessions, job_id, start_worker, 3)
    async with transaction(sessions) as session:  # as procrastinate leaves a job after its last retry
        await session.execute(
            text("UPDATE procrastinate_jobs SET status = 'failed', attempts = 6 WHERE task_name = :task"),
            {"task": specs.INGEST_FILES.name},
        )
    assert await reconcile.finish_stranded(sessions) == [job_id]
    status = await batch_status(sessions, job_id)
    assert status.status == "done" and (status.counts.done, status.counts.failed) == (0, 3)
    assert _adds_up(status) and status.parked_jobs == 1
    failed = [e for e in status.last_errors if (e.get("reason") or "").startswith(reconcile.GAVE_UP)]
    assert sorted(Path(e["source"]).name for e in failed) == ["one.txt", "three.txt", "two.txt"]
    assert await reconcile.finish_stranded(sessions) == [], "a finished batch is left alone"

    async with _api(sessions, live_database, live_settings) as (client, headers):
        retried = await client.post(f"/process/retry/{job_id}", headers=headers)
        assert retried.status_code == 200 and retried.json()["jobs"] == 1, retried.text
        reopened = (await client.get(f"/process/status/{job_id}", headers=headers)).json()
    assert reopened["status"] == "running" and reopened["counts"]["failed"] == 0
    start_worker("--queue", "ingest")
    status = await wait_for(sessions, job_id, timeout=60)
    assert (status.counts.done, status.counts.failed) == (3, 0) and _adds_up(status)
    assert {state for state, _ in (await _statuses(sessions)).values()} == {"done"}


async def test_a_job_failing_its_last_attempt_fails_its_files_and_ends_the_batch(
    sessions: async_sessionmaker[AsyncSession], live_settings: Settings, inbox: Path, start_worker: Worker
) -> None:
    folder = inbox / "last-attempt"
    _write_texts(folder, ["one.txt", "two.txt"])
    job_id = await start_batch(sessions, live_settings, folder)
    await _discover_only(sessions, job_id, start_worker, 2)
    async with transaction(sessions) as session:
        await session.execute(  # every attempt of the job fails: its transaction is refused
            text(
                "CREATE FUNCTION refuse_documents() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.kind = 'document.done' THEN RAISE EXCEPTION 'test refuses the job'; END IF; "
                "RETURN NEW; END $$"
            )
        )
        await session.execute(
            text(
                "CREATE TRIGGER refuse_documents BEFORE INSERT ON live_events "
                "FOR EACH ROW EXECUTE FUNCTION refuse_documents()"
            )
        )
        await session.execute(  # its earlier attempts are spent: the next one is its last
            text("UPDATE procrastinate_jobs SET attempts = :spent WHERE task_name = :task"),
            {"spent": MAX_ATTEMPTS, "task": specs.INGEST_FILES.name},
        )
    start_worker("--queue", "ingest")
    status = await wait_for(sessions, job_id, timeout=60)
    assert (status.counts.done, status.counts.failed) == (0, 2) and _adds_up(status)
    assert status.parked_jobs == 1
    reasons = {Path(e["source"]).name: e["reason"] for e in status.last_errors}
    assert set(reasons) == {"one.txt", "two.txt"}
    assert all(
        r.startswith(f"{reconcile.GAVE_UP} after {MAX_ATTEMPTS + 1} attempts") and "test refuses" in r
        for r in reasons.values()
    ), reasons


async def test_a_discovery_that_gave_up_ends_the_batch_failed_and_resume_goes_on(
    sessions: async_sessionmaker[AsyncSession], live_settings: Settings, inbox: Path, start_worker: Worker
) -> None:
    folder = inbox / "unlisted"
    _write_texts(folder, ["a.txt", "b.txt"])
    job_id = await start_batch(sessions, live_settings, folder)
    async with transaction(sessions) as session:
        await session.execute(
            text("UPDATE procrastinate_jobs SET status = 'failed' WHERE task_name = :task"),
            {"task": specs.DISCOVER.name},
        )
    assert await reconcile.finish_stranded(sessions) == [job_id]
    status = await batch_status(sessions, job_id)
    assert status.status == "failed" and status.finished_at is not None
    assert any("/process/resume/" in (e.get("reason") or "") for e in status.last_errors)
    async with transaction(sessions) as session:
        await batches.resume(session, job_id)
    start_worker()
    status = await wait_for(sessions, job_id, timeout=60)
    assert status.counts.done == 2 and _adds_up(status)


async def test_files_whose_jobs_vanished_are_counted_failed(
    sessions: async_sessionmaker[AsyncSession], live_settings: Settings, inbox: Path, start_worker: Worker
) -> None:
    folder = inbox / "lost"
    _write_texts(folder, ["a.txt", "b.txt"])
    job_id = await start_batch(sessions, live_settings, folder)
    await _discover_only(sessions, job_id, start_worker, 2)
    async with transaction(sessions) as session:
        await session.execute(
            text("DELETE FROM procrastinate_jobs WHERE task_name = :task"), {"task": specs.INGEST_FILES.name}
        )
    assert await reconcile.finish_stranded(sessions) == [job_id]
    status = await batch_status(sessions, job_id)
    assert status.status == "done" and status.counts.failed == 2 and _adds_up(status)
    assert any("never recorded" in (e.get("reason") or "") for e in status.last_errors)


async def test_a_name_that_is_not_utf8_is_ingested_with_its_raw_bytes(
    sessions: async_sessionmaker[AsyncSession],
    live_database: str,
    live_settings: Settings,
    inbox: Path,
    start_worker: Worker,
) -> None:
    folder = inbox / "names"
    _write_texts(folder, ["good.txt"])
    raw_folder = os.fsencode(folder / "caf\xe9")  # a folder named in UTF-8, a file named in Latin-1
    os.mkdir(raw_folder)
    raw_path = raw_folder + b"/bad\xffname.txt"
    with open(raw_path, "wb") as handle:
        handle.write(b"Notice of hearing: May 1, 2025.")
    job_id = await start_batch(sessions, live_settings, folder)
    start_worker()
    status = await wait_for(sessions, job_id, timeout=60)
    assert (status.counts.discovered, status.counts.done) == (2, 2) and _adds_up(status)
    async with sessions() as session:
        document = await session.scalar(
            select(LegalDocument).where(LegalDocument.file_name == "bad\\xffname.txt")
        )
        assert document is not None and document.status == "done", await _statuses(sessions)
        assert document.file_name_raw == b"bad\xffname.txt"
        assert "May 1, 2025" in (document.text or "")
        source, source_raw = (
            await session.execute(
                select(DocumentOccurrence.source, DocumentOccurrence.source_raw).where(
                    DocumentOccurrence.document_id == document.id
                )
            )
        ).one()
    assert source == str(folder / "café" / "bad\\xffname.txt") and source_raw == raw_path
    async with _api(sessions, live_database, live_settings) as (client, headers):
        retried = await client.post(f"/process/retry/{job_id}", headers=headers)
        again = (await client.get(f"/process/status/{job_id}", headers=headers)).json()
    assert retried.status_code == 200 and retried.json() == {"jobs": 0, "documents": 0}
    assert again["status"] == "done"


def _nul_folder(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "stray-nul.txt").write_bytes(b"Declaration of the mother.\x00 Signed on March 3, 2025.\n")
    (folder / "headers.eml").write_bytes(
        b"From: =?utf-8?b?QQBC?= <a@example.org>\r\n"
        b"To: court@example.org\r\n"
        b"Subject: =?utf-8?q?a=00b?=\r\n"
        b"Date: Mon, 3 Mar 2025 10:00:00 +0000\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Please find the hearing notice for May 1, 2025.\r\n"
    )
    for n in range(53):
        (folder / f"note-{n:02}.txt").write_text(f"Note {n}: visit on March {n % 28 + 1}, 2025 went well.")


async def test_nul_bytes_in_text_and_headers_cost_nothing(
    sessions: async_sessionmaker[AsyncSession], live_settings: Settings, inbox: Path, start_worker: Worker
) -> None:
    folder = inbox / "fifty-five"
    _nul_folder(folder)
    job_id = await start_batch(sessions, live_settings, folder)
    start_worker()
    status = await wait_for(sessions, job_id, timeout=120)
    assert status.counts.discovered == 55 and status.counts.done == 55, status.last_errors
    assert _adds_up(status)
    async with sessions() as session:
        mail = await session.scalar(select(LegalDocument).where(LegalDocument.file_name == "headers.eml"))
        assert mail is not None and mail.status == "done"
        assert mail.metadata_.get("text_cleaned") is True
        assert "\x00" not in repr(mail.metadata_) and "\x00" not in (mail.title or "")
        message = await session.scalar(select(Communication).where(Communication.document_id == mail.id))
        assert message is not None and message.subject == "a b" and "A B" in (message.sender or "")
        stray = await session.scalar(select(LegalDocument).where(LegalDocument.file_name == "stray-nul.txt"))
        assert stray is not None and stray.status == "done" and stray.mime_type == "text/plain"
        assert "Signed on March 3, 2025" in (stray.text or "")
        assert "\x00" not in (stray.text or "") and stray.metadata_.get("text_cleaned") is True


async def _upload(client: httpx.AsyncClient, headers: dict[str, str], name: str) -> str:
    files = {"file": (name, f"{name}: order after hearing on May 1, 2025.".encode(), "text/plain")}
    accepted = await client.post("/process/document", files=files, data={"case": "JV-7"}, headers=headers)
    assert accepted.status_code == 202, accepted.text
    return str(accepted.json()["document_id"])


async def _settled(client: httpx.AsyncClient, headers: dict[str, str], document_id: str) -> dict[str, Any]:
    for _ in range(300):
        document = (await client.get(f"/documents/{document_id}", headers=headers)).json()
        if document["status"] != "queued":
            return dict(document)
        await asyncio.sleep(0.2)
    raise AssertionError(f"upload {document_id} stayed queued")


async def test_an_upload_is_never_left_queued(
    sessions: async_sessionmaker[AsyncSession],
    live_database: str,
    live_settings: Settings,
    start_worker: Worker,
) -> None:
    async with transaction(sessions) as session:
        await session.execute(  # the upload's own row is refused once it has text
            text(
                "CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.file_name = 'poison.txt' AND NEW.status = 'done' THEN "
                "RAISE EXCEPTION 'test refuses the row'; END IF; RETURN NEW; END $$"
            )
        )
        await session.execute(
            text(
                "CREATE TRIGGER refuse_poison BEFORE UPDATE ON legal_documents "
                "FOR EACH ROW EXECUTE FUNCTION refuse_poison()"
            )
        )
    async with _api(sessions, live_database, live_settings) as (client, headers):
        refused = await _upload(client, headers, "poison.txt")
        worker = start_worker()
        document = await _settled(client, headers, refused)
        assert document["status"] == "failed"
        assert document["status_reason"] == "could not be stored: test refuses the row"
        worker.send_signal(signal.SIGINT)
        worker.wait(15)

        parked = await _upload(client, headers, "order.txt")
        async with transaction(sessions) as session:  # its next attempt is its last, and it fails
            await session.execute(text("DROP TRIGGER refuse_poison ON legal_documents"))
            await session.execute(
                text(
                    "CREATE FUNCTION refuse_events() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "RAISE EXCEPTION 'test refuses the job'; END $$"
                )
            )
            await session.execute(
                text(
                    "CREATE TRIGGER refuse_events BEFORE INSERT ON live_events "
                    "FOR EACH ROW EXECUTE FUNCTION refuse_events()"
                )
            )
            await session.execute(
                text("UPDATE procrastinate_jobs SET attempts = :spent WHERE status = 'todo'"),
                {"spent": MAX_ATTEMPTS},
            )
        worker = start_worker()
        document = await _settled(client, headers, parked)
        assert document["status"] == "failed"
        assert document["status_reason"].startswith(reconcile.GAVE_UP), document["status_reason"]
        async with transaction(sessions) as session:
            await session.execute(text("DROP TRIGGER refuse_events ON live_events"))
        # The job fails its document first, then the queue records the job as failed: wait for that.
        deadline = time.monotonic() + 30
        while True:
            async with sessions() as session:
                parked_jobs = await session.scalar(
                    text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'")
                )
            if parked_jobs or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        async with transaction(sessions) as session:  # what `aseagi retry-failed` does
            assert await batches.retry_failed(session, None) == (1, 0)
        document = await _settled(client, headers, parked)
        assert document["status"] == "done", document
