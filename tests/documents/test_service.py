"""documents.service: loading, citing a source, the audited detail, corrections and uploads."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.documents import service
from aseagi.documents.schemas import DocumentUpdate
from aseagi.documents.status import DocumentStatus
from aseagi.ingestion.schemas import UploadStatus
from aseagi.ingestion.storage import BlobStore
from aseagi.kit.errors import BadRequest, InvalidRequest, NotFound
from aseagi.models import AuditEntry, DocumentOccurrence, LegalDocument
from aseagi.security.tokens import Principal

CLERK = Principal(token_id=uuid.uuid4(), name="test-clerk", scope="write")


async def audit_actions(session: AsyncSession, resource_id: uuid.UUID) -> list[tuple[str, str, dict]]:
    rows = await session.scalars(
        select(AuditEntry).where(AuditEntry.resource_id == str(resource_id)).order_by(AuditEntry.id)
    )
    return [(e.actor, e.action, e.detail) for e in rows]


async def test_load_returns_the_row_or_not_found(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(session, case)
    assert (await service.load(session, doc.id)).id == doc.id
    missing = uuid.uuid4()
    with pytest.raises(NotFound, match=str(missing)):
        await service.load(session, missing)


async def test_check_source_accepts_none_its_case_and_a_caseless_document(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(session, case)
    loose = await add_document(session, case)
    loose.case_id = None
    await session.flush()
    assert await service.check_source(session, None, case.id) is None
    assert await service.check_source(session, doc.id, case.id) is None
    assert await service.check_source(session, loose.id, case.id) is None


async def test_check_source_refuses_a_missing_or_foreign_document(session: AsyncSession) -> None:
    case = await add_case(session)
    other = await add_case(session, "JV-2025-009999")
    foreign = await add_document(session, other)
    missing = uuid.uuid4()
    with pytest.raises(InvalidRequest) as refused:
        await service.check_source(session, missing, case.id)
    assert refused.value.detail[0]["where"] == "body.document_id"
    assert f"no document {missing}" in refused.value.detail[0]["problem"]
    with pytest.raises(InvalidRequest, match="belongs to another case") as foreign_refused:
        await service.check_source(session, foreign.id, case.id)
    assert foreign_refused.value.status_code == 422


async def test_read_detail_splits_pages_lists_occurrences_and_is_audited(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(
        session, case, text="First page\fSecond page\fThird", user_notes="check dates", ocr_pages=2
    )
    session.add(DocumentOccurrence(document_id=doc.id, source="/inbox/minute-order.pdf", size_bytes=42))
    await session.flush()
    detail = await service.read_detail(session, doc.id, CLERK)
    assert detail.id == doc.id
    assert detail.pages == ["First page", "Second page", "Third"]
    assert detail.user_notes == "check dates"
    assert detail.ocr_pages == 2
    assert detail.metadata == {}
    assert [(o.source, o.size_bytes) for o in detail.occurrences] == [("/inbox/minute-order.pdf", 42)]
    await session.flush()
    assert await audit_actions(session, doc.id) == [("token:test-clerk", "document.read", {})]


async def test_read_detail_of_a_document_without_text(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(session, case, text=None)
    detail = await service.read_detail(session, doc.id, CLERK)
    assert detail.pages == []
    assert detail.occurrences == []
    with pytest.raises(NotFound):
        await service.read_detail(session, uuid.uuid4(), CLERK)


async def test_update_normalizes_the_docket_and_audits_only_what_was_sent(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(session, case, title="Old title")
    updated = await service.update(
        session, doc.id, DocumentUpdate(docket_number=" jv 2025\u20131234 ", review_status="reviewed"), CLERK
    )
    assert updated.docket_number == "JV-2025-1234"
    assert updated.review_status == "reviewed"
    assert updated.title == "Old title"
    await session.flush()
    [(actor, action, detail)] = await audit_actions(session, doc.id)
    assert (actor, action) == ("token:test-clerk", "document.update")
    assert detail == {"docket_number": "JV-2025-1234", "review_status": "reviewed"}


async def test_update_clears_a_docket_with_null(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(session, case, docket_number="JV-2025-1234")
    updated = await service.update(session, doc.id, DocumentUpdate(docket_number=None), CLERK)
    assert updated.docket_number is None
    assert (await session.get(LegalDocument, doc.id)).docket_number is None  # type: ignore[union-attr]


async def test_update_refuses_a_docket_of_spaces_and_a_missing_document(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(session, case, docket_number="JV-2025-1234")
    with pytest.raises(InvalidRequest) as refused:
        await service.update(session, doc.id, DocumentUpdate(docket_number="  x  "), CLERK)
    assert refused.value.detail == [
        {
            "where": "body.docket_number",
            "problem": "a docket number needs at least two characters besides spaces",
        }
    ]
    assert (await session.get(LegalDocument, doc.id)).docket_number == "JV-2025-1234"  # type: ignore[union-attr]
    with pytest.raises(NotFound):
        await service.update(session, uuid.uuid4(), DocumentUpdate(title="New"), CLERK)


async def test_upload_queues_a_new_file_and_records_a_duplicate(
    session: AsyncSession, tmp_path: Path
) -> None:
    case = await add_case(session)
    store = BlobStore(str(tmp_path / "originals"))
    spooled = tmp_path / "spool"
    spooled.write_bytes(b"%PDF-1.4 fictional minute order")

    first = await service.upload(
        session, store, spooled, case_id=case.id, file_name="order.pdf", principal=CLERK
    )
    assert first.status == UploadStatus.QUEUED
    assert first.size_bytes == len(b"%PDF-1.4 fictional minute order")
    row = await session.get(LegalDocument, first.document_id)
    assert row is not None
    assert (row.case_id, row.file_name, row.sha256, row.content_hash) == (
        case.id,
        "order.pdf",
        first.sha256,
        first.sha256,
    )
    assert (row.status, row.uploaded_via) == (DocumentStatus.QUEUED, "upload")
    assert row.storage_key is not None and Path(store.path(row.storage_key)).exists()
    jobs = await session.execute(
        text("SELECT task_name, args FROM procrastinate_jobs WHERE args->>'document_id' = :id"),
        {"id": str(row.id)},
    )
    assert [tuple(j) for j in jobs] == [("aseagi.ingest_document", {"document_id": str(row.id)})]
    await session.flush()
    [(actor, action, detail)] = await audit_actions(session, row.id)
    assert (actor, action) == ("token:test-clerk", "document.upload")
    assert detail == {"file_name": "order.pdf", "sha256": first.sha256}

    again = await service.upload(
        session, store, spooled, case_id=case.id, file_name="copy of order.pdf", principal=CLERK
    )
    assert (again.status, again.document_id, again.sha256) == (
        UploadStatus.DUPLICATE,
        first.document_id,
        first.sha256,
    )
    sources = await session.scalars(
        select(DocumentOccurrence.source).where(DocumentOccurrence.document_id == first.document_id)
    )
    assert list(sources) == ["upload:copy of order.pdf"]
    count = await session.scalar(select(func.count()).where(LegalDocument.case_id == case.id))
    assert count == 1


async def test_upload_of_the_same_bytes_into_another_case_is_a_new_document(
    session: AsyncSession, tmp_path: Path
) -> None:
    case = await add_case(session)
    other = await add_case(session, "JV-2025-005555")
    store = BlobStore(str(tmp_path / "originals"))
    spooled = tmp_path / "spool"
    spooled.write_bytes(b"same fictional bytes")
    first = await service.upload(session, store, spooled, case_id=case.id, file_name="a.txt", principal=CLERK)
    second = await service.upload(
        session, store, spooled, case_id=other.id, file_name="a.txt", principal=CLERK
    )
    assert second.status == UploadStatus.QUEUED
    assert second.document_id != first.document_id
    assert second.sha256 == first.sha256


async def test_upload_refuses_an_empty_file(session: AsyncSession, tmp_path: Path) -> None:
    case = await add_case(session)
    spooled = tmp_path / "empty"
    spooled.write_bytes(b"")
    store = BlobStore(str(tmp_path / "originals"))
    with pytest.raises(BadRequest, match="empty"):
        await service.upload(session, store, spooled, case_id=case.id, file_name="e.pdf", principal=CLERK)
    assert await session.scalar(select(LegalDocument.id).where(LegalDocument.case_id == case.id)) is None
