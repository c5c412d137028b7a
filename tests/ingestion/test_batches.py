"""End to end: files in a folder, real workers, real PostgreSQL. Every file ends exactly once as done,
duplicate, failed (with a reason) or unsupported, whatever happens to the workers."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tests.fixtures.corpus_files import (
    email_with_attachment,
    minute_order,
    sms_backup,
    text_pdf,
    zip_bomb,
    zip_of,
)
from tests.ingestion.conftest import Worker, batch_status, start_batch, wait_for

from aseagi.config import Settings
from aseagi.ingestion import batches
from aseagi.kit.db import transaction
from aseagi.models import Communication, DocumentOccurrence, LegalDocument, ProcessingBatch

pytestmark = pytest.mark.slow


async def _occurrences_per_source(sessions: async_sessionmaker[AsyncSession], job_id: str) -> dict[str, int]:
    async with sessions() as session:
        rows = await session.execute(
            select(DocumentOccurrence.source, func.count())
            .join(ProcessingBatch, ProcessingBatch.id == DocumentOccurrence.batch_id)
            .where(ProcessingBatch.job_id == job_id)
            .group_by(DocumentOccurrence.source)
        )
        return {source: count for source, count in rows}


def _mixed_inbox(inbox: Path) -> dict[str, str]:
    """Every kind of file, good and bad; returns the expected status per file name."""
    folder = inbox / "mixed"
    (folder / "copies").mkdir(parents=True)
    order = text_pdf(folder / "minute-order.pdf", minute_order(3))
    shutil.copy(order, folder / "copies" / "same-order-again.pdf")
    email_with_attachment(folder / "visits.eml", order.read_bytes())
    sms_backup(folder / "texts.xml")
    zip_of(
        folder / "packet.zip",
        {"notes.txt": b"Case No. JV-2025-001003 notes", "order.pdf": order.read_bytes()},
    )
    zip_bomb(folder / "bomb.zip")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "random.pdf").write_bytes(os.urandom(3000))
    (folder / "truncated.pdf").write_bytes(order.read_bytes()[:400])
    text_pdf(folder / "sealed.pdf", ["Confidential"], password="secret")
    (folder / "latin1.txt").write_bytes(
        "Señora Núñez called on 3/2/25 \xff\xfe".encode("latin-1") + b"\xc3\x28"
    )
    return {
        "minute-order.pdf": "done",
        "same-order-again.pdf": "duplicate",
        "visits.eml": "done",
        "texts.xml": "done",
        "packet.zip": "done",
        "bomb.zip": "failed",
        "empty.pdf": "failed",
        "random.pdf": "unsupported|failed",
        "truncated.pdf": "failed",
        "sealed.pdf": "failed",
        "latin1.txt": "done",
    }


async def test_a_mixed_folder_is_ingested_exactly_once(
    sessions: async_sessionmaker[AsyncSession], live_settings: Settings, inbox: Path, start_worker: Worker
) -> None:
    expected = _mixed_inbox(inbox)
    job_id = await start_batch(sessions, live_settings, inbox / "mixed")
    start_worker()
    status = await wait_for(sessions, job_id)
    counts = status.counts
    # 11 top-level files + the email's attachment + 2 zip members
    assert counts.discovered == 14
    assert counts.done + counts.duplicate + counts.failed + counts.unsupported + counts.skipped == 14
    async with sessions() as session:
        rows = (
            await session.execute(
                select(LegalDocument.file_name, LegalDocument.status, LegalDocument.status_reason)
            )
        ).all()
        by_name = {name: (state, reason) for name, state, reason in rows}
        order_names = {
            "minute-order.pdf",
            "same-order-again.pdf",
            "order.pdf",
        }  # the same bytes, three places
        stored_order = order_names & set(by_name)
        assert len(stored_order) == 1 and by_name[stored_order.pop()][0] == "done"
        for name, wanted in expected.items():
            if name in order_names:
                continue
            assert by_name[name][0] in wanted.split("|"), (name, by_name[name])
        assert by_name["sealed.pdf"][1] == "encrypted"
        assert "zip bomb" in (by_name["bomb.zip"][1] or "")
        assert by_name["empty.pdf"][1]
        occurrences = await session.scalar(
            select(func.count())
            .select_from(DocumentOccurrence)
            .join(LegalDocument, LegalDocument.id == DocumentOccurrence.document_id)
            .where(LegalDocument.file_name.in_(order_names))
        )
        # the order itself, its copy, the email attachment and the zip member: one document, four occurrences
        assert occurrences == 4
        assert counts.duplicate == 3
        channels = dict(
            (
                await session.execute(
                    select(Communication.channel, func.count()).group_by(Communication.channel)
                )
            ).all()
        )
        assert channels == {"email": 1, "sms": 3}
        sent = await session.scalar(
            select(func.min(Communication.sent_at)).where(Communication.channel == "sms")
        )
        assert sent is not None and sent.year == 2025 and sent.month == 3, "dates come from the messages"
        order = await session.scalar(select(LegalDocument).where(LegalDocument.file_name.in_(order_names)))
        assert order is not None and order.docket_number == "JV-2025-001003" and order.page_count == 2
        batch_total = await session.scalar(
            select(ProcessingBatch.done + ProcessingBatch.failed + ProcessingBatch.unsupported).where(
                ProcessingBatch.job_id == job_id
            )
        )
        assert batch_total == await session.scalar(select(func.count()).select_from(LegalDocument)), counts
        events = await session.scalar(text("SELECT count(*) FROM live_events WHERE kind LIKE 'document.%'"))
        assert events == 11
    assert all(n == 1 for n in (await _occurrences_per_source(sessions, job_id)).values())


async def test_sigkill_mid_batch_then_restart_processes_every_file_once(
    sessions: async_sessionmaker[AsyncSession], live_settings: Settings, inbox: Path, start_worker: Worker
) -> None:
    folder = inbox / "many"
    folder.mkdir()
    for i in range(120):
        text_pdf(folder / f"order-{i:03}.pdf", minute_order(i))
    job_id = await start_batch(sessions, live_settings, folder)
    doomed = start_worker()
    await wait_for(sessions, job_id, condition=lambda s: s.counts.done >= 10, timeout=60)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(10)
    start_worker()
    status = await wait_for(sessions, job_id, timeout=180)
    assert status.counts.done == 120
    assert status.counts.discovered == 120
    assert status.counts.duplicate == status.counts.failed == 0
    per_source = await _occurrences_per_source(sessions, job_id)
    assert len(per_source) == 120 and set(per_source.values()) == {1}
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(LegalDocument)) == 120


async def test_two_workers_share_one_batch(
    sessions: async_sessionmaker[AsyncSession], live_settings: Settings, inbox: Path, start_worker: Worker
) -> None:
    folder = inbox / "shared"
    folder.mkdir()
    for i in range(80):
        (folder / f"note-{i:02}.txt").write_text(
            f"Case No. JV-2025-00{2000 + i}\nVisit on March {i % 28 + 1}, 2025."
        )
    for i in range(10):  # the same bytes under other names: duplicates, whichever worker sees them
        (folder / f"zz-copy-{i}.txt").write_text("Case No. JV-2025-002000\nVisit on March 1, 2025.")
    job_id = await start_batch(sessions, live_settings, folder)
    start_worker()
    start_worker()
    status = await wait_for(sessions, job_id, timeout=120)
    assert status.counts.done == 80
    assert status.counts.duplicate == 10
    assert set((await _occurrences_per_source(sessions, job_id)).values()) == {1}
    async with sessions() as session:
        workers = await session.scalar(
            text(
                "SELECT count(DISTINCT worker_id) FROM procrastinate_events e "
                "JOIN procrastinate_jobs j ON j.id = e.job_id WHERE e.type = 'started'"
            )
        )
    assert workers is not None


async def test_cancel_then_resume_and_rerun_skips_what_was_done(
    sessions: async_sessionmaker[AsyncSession], live_settings: Settings, inbox: Path, start_worker: Worker
) -> None:
    folder = inbox / "resume"
    folder.mkdir()
    for i in range(600):
        (folder / f"n-{i:03}.txt").write_text(f"Minute order {i}: hearing on April {i % 28 + 1}, 2025.")
    job_id = await start_batch(sessions, live_settings, folder)
    worker = start_worker()
    await wait_for(sessions, job_id, condition=lambda s: s.counts.done >= 5, timeout=60)
    async with transaction(sessions) as session:
        await batches.cancel(session, job_id)
    worker.send_signal(signal.SIGINT)  # "stop the API and workers"
    worker.wait(20)
    cancelled = await batch_status(sessions, job_id)
    assert cancelled.status == "cancelled"
    async with transaction(sessions) as session:
        await batches.resume(session, job_id)
    start_worker()
    status = await wait_for(sessions, job_id, timeout=120)
    assert status.counts.done == 600
    assert set((await _occurrences_per_source(sessions, job_id)).values()) == {1}
    # the same folder again: nothing is parsed twice, every file is skipped
    again = await start_batch(sessions, live_settings, folder)
    status = await wait_for(sessions, again, timeout=60)
    assert status.counts.skipped == 600 and status.counts.done == 0


async def test_file_deleted_between_discovery_and_parsing(
    sessions: async_sessionmaker[AsyncSession], live_settings: Settings, inbox: Path, start_worker: Worker
) -> None:
    folder = inbox / "vanishing"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(f"{name}: hearing set for May 1, 2025")
    job_id = await start_batch(sessions, live_settings, folder)
    discoverer = start_worker("--queue", "discovery")
    await wait_for(
        sessions, job_id, condition=lambda s: s.discovery_done and s.counts.queued == 3, timeout=60
    )
    discoverer.send_signal(signal.SIGINT)
    (folder / "b.txt").unlink()
    start_worker("--queue", "ingest")
    status = await wait_for(sessions, job_id, timeout=60)
    assert (status.counts.done, status.counts.failed) == (2, 1)
    assert any("disappeared" in (e.get("reason") or "") for e in status.last_errors)


async def test_a_hanging_file_fails_with_a_reason_and_the_batch_finishes(
    sessions: async_sessionmaker[AsyncSession], live_settings: Settings, inbox: Path, start_worker: Worker
) -> None:
    from PIL import Image, ImageDraw

    folder = inbox / "slow"
    folder.mkdir()
    image = Image.new("L", (5000, 6500), 255)
    draw = ImageDraw.Draw(image)
    for row in range(0, 6500, 22):
        draw.text(
            (40, row), "The social worker reported that the mother was contacted by telephone " * 3, fill=0
        )
    image.save(folder / "huge-scan.png")
    (folder / "quick.txt").write_text("Detention hearing held on March 5, 2025.")
    job_id = await start_batch(sessions, live_settings, folder)
    start_worker(timeout=1.0)
    status = await wait_for(sessions, job_id, timeout=120)
    assert (status.counts.done, status.counts.failed) == (1, 1), status.last_errors
    assert any("timed out" in (e.get("reason") or "") for e in status.last_errors)


async def test_an_upload_is_analyzed_by_a_worker(
    sessions: async_sessionmaker[AsyncSession],
    live_database: str,
    live_settings: Settings,
    start_worker: Worker,
) -> None:
    import asyncio

    import httpx

    from aseagi.app import create_app
    from aseagi.kit.db import create_engine, sqlalchemy_url
    from aseagi.security.tokens import create_token

    async with transaction(sessions) as session:
        _, secret = await create_token(session, name="uploader", scope="write")
    engine = create_engine(sqlalchemy_url(live_database), pool_size=2)
    app = create_app(live_settings, engine=engine)
    headers = {"Authorization": f"Bearer {secret}"}
    order = text_pdf(live_settings.data_dir / "order.pdf", minute_order(7))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        files = {"file": ("Minute Order.pdf", order.read_bytes(), "application/pdf")}
        accepted = (
            await client.post("/process/document", files=files, data={"case": "JV-7"}, headers=headers)
        ).json()
        assert accepted["status"] == "queued"
        start_worker()
        for _ in range(200):
            document = (await client.get(f"/documents/{accepted['document_id']}", headers=headers)).json()
            if document["status"] != "queued":
                break
            await asyncio.sleep(0.2)
    await engine.dispose()
    assert document["status"] == "done", document
    assert document["docket_number"] == "JV-2025-001007"
    assert document["analysis"]["document_type"] == "minute_order"
    assert document["page_count"] == 2
    assert [o["source"] for o in document["occurrences"]] == ["upload:Minute Order.pdf"]
