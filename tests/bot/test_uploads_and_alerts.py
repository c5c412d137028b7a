"""Files sent to the bot go through the real POST /process/document; alerts go to the allowed chats."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.bot import alerts
from aseagi.bot.handlers.upload import TOO_BIG
from aseagi.models import LegalDocument
from tests.bot.conftest import ALLOWED, Harness
from tests.telegram.seed import add_event, seed


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


def test_seconds_until_the_daily_time() -> None:
    morning = datetime(2030, 1, 1, 7, 30)
    assert alerts.seconds_until(morning, time(8, 0)) == 1800
    assert alerts.seconds_until(morning.replace(hour=8, minute=0), time(8, 0)) == 86400
    assert alerts.seconds_until(morning.replace(hour=23), time(8, 0)) == 8.5 * 3600


def test_reminders_only_7_3_1_days_before() -> None:
    deadlines = [{"title": str(n), "days_left": n} for n in (0, 1, 2, 3, 5, 7, 8)]
    assert [d["title"] for d in alerts.reminders_due(deadlines)] == ["1", "3", "7"]


async def test_daily_report_and_reminders_reach_allowed_chats(
    harness: Harness, session: AsyncSession
) -> None:
    async with harness.db_lock:
        seeded = await seed(session)
        for days in (1, 2, 7):
            await add_event(
                session,
                seeded.case,
                seeded.today + timedelta(days=days),
                "deadline",
                f"Due in {days}",
                source="rule",
                rule_id=f"r{days}",
                citation="CRC 8.450(e)",
            )
    harness.application.chat_data[ALLOWED]["case"] = seeded.case.docket_number
    after = len(harness.fake.sent)
    sent = await alerts.send_daily(
        harness.application, harness.application.bot_data["api"], harness.application.bot_data["config"]
    )
    messages = harness.fake.sent[after:]
    assert sent == len(messages) == 4
    assert {m["chat_id"] for m in messages} == {ALLOWED}
    assert "DAILY REPORT" in messages[0]["text"]
    reminders = [m["text"] for m in messages[1:]]
    assert any("REMINDER: Due in 1" in r and "(tomorrow)" in r for r in reminders)
    assert any("REMINDER: Notice of appeal due" in r and "(in 3 days)" in r for r in reminders)
    assert any("REMINDER: Due in 7" in r and "CRC 8.450(e)" in r for r in reminders)
    assert not any("Due in 2" in r for r in reminders)
