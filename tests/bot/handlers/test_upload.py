"""Files sent to the bot go through the real POST /process/document."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from tests.bot.conftest import ALLOWED, Harness
from tests.telegram.seed import seed

from aseagi.bot.handlers.upload import TOO_BIG
from aseagi.models import LegalDocument


async def _uploaded(harness: Harness, session: AsyncSession, name: str) -> LegalDocument:
    """The row the API created for the upload, once it exists."""
    for _ in range(200):
        async with harness.db_lock:
            row = await session.scalar(select(LegalDocument).where(LegalDocument.file_name == name))
        if row is not None:
            return row
        await asyncio.sleep(0.02)
    raise AssertionError(f"{name} was never uploaded")


async def _finish(harness: Harness, session: AsyncSession, row: LegalDocument, **values: object) -> None:
    """What the ingestion worker does when it is done (no worker runs in these tests)."""
    async with harness.db_lock:
        await session.execute(update(LegalDocument).where(LegalDocument.id == row.id).values(**values))
        await session.flush()


async def test_document_upload_then_analysis_summary(harness: Harness, session: AsyncSession) -> None:
    content = b"%PDF-1.4 fictional minute order " + uuid.uuid4().bytes
    after = len(harness.fake.sent)
    harness.fake.document(ALLOWED, "minute <order>.pdf", content)
    received = await harness.fake.wait_text("Received", after=after)
    assert "<b>minute &lt;order&gt;.pdf</b>" in received["text"]

    row = await _uploaded(harness, session, "minute <order>.pdf")
    assert row.status == "queued"
    assert row.size_bytes == len(content)
    await _finish(
        harness,
        session,
        row,
        status="done",
        relevancy_score=912,
        micro_score=700,
        macro_score=650,
        legal_score=800,
        smoking_gun=True,
        document_type="minute_order",
        document_date=datetime.now(UTC).date() - timedelta(days=3),
        perjury_indicators=[{"description": "contradicted phone log"}],
        analysis={
            "court_events": [{"event_date": "2031-04-02", "event_type": "review_hearing", "title": "Review"}]
        },
        processed_at=datetime.now(UTC),
    )
    summary = await harness.fake.wait_text("analyzed", after=after)
    text = summary["text"]
    assert "SMOKING GUN" in text
    assert "<b>Scores:</b> relevancy 912, micro 700, macro 650, legal 800" in text
    assert "<b>Type:</b> minute_order" in text
    assert "<b>Events:</b> 2031-04-02 Review" in text
    assert "1 perjury, 0 fraud indicator(s)" in text
    assert str(row.id) in text

    again = len(harness.fake.sent)
    harness.fake.document(ALLOWED, "copy.pdf", content, file_id="file-2")
    await harness.fake.wait_text("already in the case file", after=again)
    await harness.fake.wait_text("analyzed", after=again)


async def test_photo_upload_and_failed_analysis(harness: Harness, session: AsyncSession) -> None:
    after = len(harness.fake.sent)
    harness.fake.photo(ALLOWED, b"\xff\xd8\xff fictional jpeg " + uuid.uuid4().bytes, file_id="ph-9")
    await harness.fake.wait_text("Received <b>photo-u-ph-9.jpg</b>", after=after)
    row = await _uploaded(harness, session, "photo-u-ph-9.jpg")
    await _finish(harness, session, row, status="failed", status_reason="no text found by OCR")
    reply = await harness.fake.wait_text("was not analyzed", after=after)
    assert "no text found by OCR" in reply["text"]


async def test_upload_follows_the_chat_case(harness: Harness, session: AsyncSession) -> None:
    async with harness.db_lock:
        seeded = await seed(session)
    after = len(harness.fake.sent)
    harness.fake.message(ALLOWED, f"/case {seeded.other.docket_number}")
    await harness.fake.wait_text("now follows case", after=after)
    harness.fake.document(
        ALLOWED, "for-the-other-case.pdf", b"fictional " + uuid.uuid4().bytes, file_id="f-o"
    )
    row = await _uploaded(harness, session, "for-the-other-case.pdf")
    assert row.case_id == seeded.other.id


async def test_file_too_big_for_the_cloud_api(harness: Harness) -> None:
    harness.fake.too_big.add("huge")
    after = len(harness.fake.sent)
    harness.fake.document(ALLOWED, "transcript.pdf", b"x", file_id="huge")
    reply = await harness.fake.wait_text("TELEGRAM_API_URL", after=after)
    assert reply["text"] == "⚠️ " + TOO_BIG
