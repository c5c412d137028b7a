"""ingestion/service.py: the rows written for each file's outcome, duplicates, refusals, and a batch's end."""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DataError
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.corpus_files import minute_order, text_pdf

from aseagi.documents.status import DocumentStatus
from aseagi.ingestion import repository, service
from aseagi.ingestion.extract import ExtractRequest, FileStatus, extract
from aseagi.ingestion.pipeline import FileOutcome, SourceFile
from aseagi.ingestion.storage import BlobStore
from aseagi.live.schemas import LiveKind
from aseagi.models import CourtEvent, LegalDocument, ProcessingBatch
from aseagi.models.document import PAGE_BREAK

INBOX = "/srv/inbox/fictional"


def _outcome(tmp_path: Path, path: Path, *, analyze: bool = True, source: str | None = None) -> FileOutcome:
    work = tmp_path / f"work-{uuid.uuid4().hex[:6]}"
    work.mkdir()
    result = extract(ExtractRequest(str(path), str(work), path.name, analyze=analyze))
    blob = BlobStore(str(tmp_path / "blobs")).put_file(path)
    file = SourceFile(source or f"{INBOX}/{path.name}", path.name, size=path.stat().st_size, local_path=path)
    return FileOutcome(file, result.outcome, blob=blob, reason=result.reason, result=result)


async def _case_id(session: AsyncSession) -> uuid.UUID:
    return await service.case_for(session, f"JV-FAKE-{uuid.uuid4().hex[:6]}")


async def _documents(session: AsyncSession, case_id: uuid.UUID) -> list[LegalDocument]:
    query = select(LegalDocument).where(LegalDocument.case_id == case_id).order_by(LegalDocument.file_name)
    return list((await session.scalars(query)).all())


async def _occurrences(session: AsyncSession, document_id: uuid.UUID) -> list[str]:
    rows = await session.execute(
        text("SELECT source FROM document_occurrences WHERE document_id = :id ORDER BY source"),
        {"id": document_id},
    )
    return [row[0] for row in rows]


def test_new_job_id() -> None:
    first, second = service.new_job_id(), service.new_job_id()
    assert re.fullmatch(r"job_[0-9a-f]{16}", first) and first != second


async def test_case_for_a_docket_and_the_default(session: AsyncSession) -> None:
    case_id = await service.case_for(session, "JV-FAKE-77")
    assert await service.case_for(session, "JV-FAKE-77") == case_id
    default = await service.case_for(session, None)
    assert default != case_id
    assert await service.case_for(session, "") == default
    name = await session.scalar(text("SELECT docket_number FROM cases WHERE id = :id"), {"id": default})
    assert name == service.DEFAULT_CASE


def test_document_values_of_an_analyzed_pdf(tmp_path: Path) -> None:
    outcome = _outcome(tmp_path, text_pdf(tmp_path / "order.pdf", minute_order(2)))
    case_id = uuid.uuid4()
    values = service.document_values(outcome, case_id=case_id, uploaded_via="api")
    assert values["case_id"] == case_id and values["uploaded_via"] == "api"
    assert values["status"] == FileStatus.DONE and values["status_reason"] is None
    assert values["sha256"] == values["content_hash"] == outcome.blob.sha256  # type: ignore[union-attr]
    assert values["storage_key"] == outcome.blob.key  # type: ignore[union-attr]
    assert values["page_count"] == 2 and values["ocr_pages"] == 0
    assert values["text"].count(PAGE_BREAK) == 1 and "MINUTE ORDER" in values["text"]
    assert values["mime_type"] == "application/pdf"
    assert values["document_type"] == "minute_order" and values["docket_number"] == "JV-2025-001002"
    assert values["title"]  # the parser's or the analysis's
    assert json.loads(values["analysis"])["document_type"] == "minute_order"
    assert "text_cleaned" not in values.get("metadata", {})


def test_document_values_of_a_failure_without_a_result() -> None:
    outcome = FileOutcome(
        SourceFile(f"{INBOX}/x", "", size=12, raw=b"/srv/inbox/caf\xe9.pdf"),
        FileStatus.FAILED,
        reason="unreadable",
    )
    values = service.document_values(outcome, case_id=uuid.uuid4(), uploaded_via=None)
    assert values["file_name"] == "(unnamed)" and values["file_name_raw"] == b"caf\xe9.pdf"
    assert values["sha256"] is None and values["storage_key"] is None and values["size_bytes"] == 12
    assert values["status"] == FileStatus.FAILED and values["status_reason"] == "unreadable"
    assert "text" not in values and "mime_type" not in values and "analysis" not in values


def test_document_values_flag_text_that_needs_cleaning(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Visit\x00log", encoding="utf-8")
    values = service.document_values(
        _outcome(tmp_path, path, analyze=False), case_id=uuid.uuid4(), uploaded_via=None
    )
    assert values["metadata"]["text_cleaned"] is True


async def test_record_a_document_its_duplicate_and_events(session: AsyncSession, tmp_path: Path) -> None:
    case_id = await _case_id(session)
    path = text_pdf(tmp_path / "order.pdf", minute_order(3))
    first = _outcome(tmp_path, path)
    again = _outcome(tmp_path, path, source=f"{INBOX}/copy/order.pdf")  # same bytes, parsed alongside
    counts = await service.record(session, [first, again], case_id=case_id, batch_id=None)

    assert counts == Counter({FileStatus.DONE: 1, FileStatus.DUPLICATE: 1, "pages": 2})
    assert again.status == FileStatus.DUPLICATE
    (document,) = await _documents(session, case_id)
    assert document.status == DocumentStatus.DONE and document.page_count == 2
    assert await _occurrences(session, document.id) == [f"{INBOX}/copy/order.pdf", f"{INBOX}/order.pdf"]
    events = (await session.scalars(select(CourtEvent).where(CourtEvent.case_id == case_id))).all()
    assert {e.event_type for e in events} >= {"detention_hearing", "jurisdiction_hearing"}
    assert all(e.evidence[0]["document_id"] == str(document.id) for e in events)

    later = _outcome(tmp_path, path, source=f"{INBOX}/later.pdf")
    later.status = FileStatus.DUPLICATE  # known before parsing: found among the stored ones
    assert await service.record(session, [later], case_id=case_id, batch_id=None) == Counter(duplicate=1)
    assert len(await _occurrences(session, document.id)) == 3


async def test_a_duplicate_whose_original_is_not_stored_is_failed(
    session: AsyncSession, tmp_path: Path
) -> None:
    case_id = await _case_id(session)
    path = tmp_path / "orphan.txt"
    path.write_text("fictional note", encoding="utf-8")
    outcome = _outcome(tmp_path, path)
    outcome.status = FileStatus.DUPLICATE
    counts = await service.record(session, [outcome], case_id=case_id, batch_id=None)
    assert counts == Counter(failed=1)
    (row,) = await _documents(session, case_id)
    assert row.status == DocumentStatus.FAILED and row.sha256 is None
    assert row.status_reason == "duplicate of a document still being stored; retry"


async def test_record_members_and_an_existing_row(session: AsyncSession, tmp_path: Path) -> None:
    case_id = await _case_id(session)
    parent_path = tmp_path / "bundle.txt"
    parent_path.write_text("the bundle of case JV-2025-001234", encoding="utf-8")
    member_path = tmp_path / "inside.txt"
    member_path.write_text("a member", encoding="utf-8")
    parent = _outcome(tmp_path, parent_path, analyze=True)
    parent.members = [_outcome(tmp_path, member_path, analyze=False, source=f"{INBOX}/bundle.txt!inside.txt")]
    upload = LegalDocument(case_id=case_id, file_name="bundle.txt", status=DocumentStatus.QUEUED)
    session.add(upload)
    await session.flush()

    counts = await service.record(
        session, [parent], case_id=case_id, batch_id=None, existing_document_id=upload.id, uploaded_via="api"
    )
    assert counts[FileStatus.DONE] == 2 and counts["discovered"] == counts["queued"] == 1
    rows = {row.file_name: row for row in await _documents(session, case_id)}
    assert set(rows) == {"bundle.txt", "inside.txt"}
    await session.refresh(rows["bundle.txt"])
    assert rows["bundle.txt"].id == upload.id and rows["bundle.txt"].status == DocumentStatus.DONE
    assert rows["bundle.txt"].analysis["docket_numbers"] == ["JV-2025-001234"]  # JSON, not a string of it
    parents = await session.execute(
        text("SELECT parent_document_id FROM document_occurrences WHERE document_id = :id"),
        {"id": rows["inside.txt"].id},
    )
    assert [row[0] for row in parents] == [upload.id]


async def test_record_each_stores_the_good_and_fails_the_refused(
    session: AsyncSession, tmp_path: Path
) -> None:
    case_id = await _case_id(session)
    batch = ProcessingBatch(job_id=service.new_job_id(), source=INBOX, case_id=case_id)
    session.add(batch)
    await session.flush()
    path = tmp_path / "good.txt"
    path.write_text("a good note", encoding="utf-8")
    good = _outcome(tmp_path, path, analyze=False)
    refused = FileOutcome(SourceFile(f"{INBOX}/huge", "huge.bin", size=10**20), FileStatus.FAILED, reason="x")

    counts = await service.record_each(session, [good, refused], case_id=case_id, batch_id=batch.id)
    assert counts == Counter({FileStatus.DONE: 1, FileStatus.FAILED: 1, "pages": 1})
    assert refused.status == FileStatus.FAILED and refused.reason is not None
    assert refused.reason.startswith("could not be stored: ") and "out of range" in refused.reason
    names = [row.file_name for row in await _documents(session, case_id)]
    assert names == ["good.txt"]  # the refused file could not be recorded at all, and did not undo the good


async def test_database_reason_is_one_line(session: AsyncSession) -> None:
    with pytest.raises(DataError) as raised:
        async with session.begin_nested():
            await session.execute(text("SELECT CAST('fictional' AS integer)"))
    reason = service.database_reason(raised.value)
    assert "invalid input syntax for type integer" in reason and "\n" not in reason and len(reason) <= 200


def test_error_entries_of_failed_and_unsupported_files_and_members() -> None:
    bad = FileOutcome(
        SourceFile("/in/" + "d" * 400, "a"), FileStatus.UNSUPPORTED, reason="unsupported format"
    )
    top = FileOutcome(SourceFile("/in/box.zip", "box.zip"), FileStatus.DONE, members=[bad])
    failed = FileOutcome(SourceFile("/in/b.pdf", "b.pdf"), FileStatus.FAILED, reason="encrypted")
    ok = FileOutcome(SourceFile("/in/c.pdf", "c.pdf"), FileStatus.DUPLICATE)
    entries = service.error_entries([top, failed, ok])
    assert [(e["source"], e["status"], e["reason"]) for e in entries] == [
        (("/in/" + "d" * 400)[-300:], FileStatus.UNSUPPORTED, "unsupported format"),
        ("/in/b.pdf", FileStatus.FAILED, "encrypted"),
    ]
    assert service.error_entries([]) == []


async def _live(session: AsyncSession, case_id: uuid.UUID) -> list[tuple[str, dict]]:
    rows = await session.execute(
        text("SELECT kind, payload FROM live_events WHERE case_id = :id ORDER BY id"), {"id": case_id}
    )
    return [(row[0], row[1]) for row in rows]


async def test_close_out_counts_progress_and_completion(session: AsyncSession) -> None:
    case_id = await _case_id(session)
    batch = ProcessingBatch(job_id=service.new_job_id(), source=INBOX, case_id=case_id, discovery_done=True)
    session.add(batch)
    await session.flush()
    await repository.add_counts(session, batch.id, {"discovered": 3, "queued": 3})

    errors = [{"source": "/in/b.pdf", "status": "failed", "reason": "encrypted", "at": None}]
    finished = await service.close_out(session, batch, Counter(done=1, failed=1, pages=4), errors)  # type: ignore[list-item]
    assert finished is False
    await session.refresh(batch)
    assert (batch.done, batch.failed, batch.pages, batch.status) == (1, 1, 4, "running")
    assert batch.last_errors[0]["reason"] == "encrypted"
    ((kind, payload),) = await _live(session, case_id)
    assert kind == LiveKind.BATCH_PROGRESS and payload == service.batch_payload(batch)

    # a second job in the same second publishes no progress
    assert await service.close_out(session, batch, Counter(), []) is False
    assert len(await _live(session, case_id)) == 1

    assert await service.close_out(session, batch, Counter(duplicate=1), []) is True
    await session.refresh(batch)
    assert batch.status == "done"
    kind, payload = (await _live(session, case_id))[-1]
    assert (
        kind == LiveKind.BATCH_DONE
        and payload["counts"]["duplicate"] == 1
        and payload["job_id"] == batch.job_id
    )
