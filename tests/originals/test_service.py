"""originals/service.py: an original's exact bytes or a page image, found, size-checked and audited."""

from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.config import Settings
from aseagi.ingestion.storage import BlobStore
from aseagi.kit.errors import NotFound
from aseagi.models import AuditEntry, LegalDocument
from aseagi.originals import service
from aseagi.originals.rendering import RENDER_SCALE
from aseagi.originals.service import MAX_ORIGINAL_BYTES, original, page_image
from aseagi.security.tokens import Principal
from tests.fixtures.rows import add_case, add_document
from tests.originals.pdfs import one_page_pdf

READER = Principal(token_id=uuid.uuid4(), name="paralegal", scope="read")
LETTER = one_page_pdf("/MediaBox [0 0 612 792]", b"BT /F1 12 Tf 72 700 Td (Minute order) Tj ET")


async def _stored(session: AsyncSession, settings: Settings, data: bytes, **values: object) -> LegalDocument:
    path = settings.data_dir / "upload.bin"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    blob = BlobStore(settings.blob_url).put_file(path)
    case = await add_case(session, docket=f"JV-FAKE-{uuid.uuid4().hex[:8]}")
    defaults: dict[str, object] = {
        "sha256": blob.sha256,
        "storage_key": blob.key,
        "size_bytes": blob.size,
        "mime_type": "application/pdf",
    }
    return await add_document(session, case, **(defaults | values))


async def _audit(session: AsyncSession) -> list[AuditEntry]:
    await session.flush()
    return list((await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all())


async def test_original_returns_the_exact_bytes_and_audits_the_read(
    session: AsyncSession, settings: Settings
) -> None:
    row = await _stored(session, settings, LETTER)
    found, data = await original(session, settings, row.id, READER)
    assert found.id == row.id
    assert data.size == len(LETTER) and b"".join(data.chunks()) == LETTER
    (entry,) = await _audit(session)
    assert (entry.actor, entry.action, entry.resource_type, entry.resource_id) == (
        "token:paralegal",
        "document.original",
        "document",
        str(row.id),
    )


async def test_an_unknown_document_is_not_found_and_not_audited(
    session: AsyncSession, settings: Settings
) -> None:
    with pytest.raises(NotFound, match="no document"):
        await original(session, settings, uuid.uuid4(), READER)
    with pytest.raises(NotFound, match="no document"):
        await page_image(session, settings, uuid.uuid4(), 1, READER)
    assert await _audit(session) == []


async def test_a_row_without_a_stored_original(session: AsyncSession, settings: Settings) -> None:
    case = await add_case(session)
    row = await add_document(session, case, storage_key=None)
    with pytest.raises(NotFound, match="no stored original"):
        await original(session, settings, row.id, READER)
    with pytest.raises(NotFound, match="no stored original"):
        await page_image(session, settings, row.id, 1, READER)
    assert await _audit(session) == []


async def test_an_original_over_the_limit_is_refused(session: AsyncSession, settings: Settings) -> None:
    row = await _stored(session, settings, LETTER, size_bytes=MAX_ORIGINAL_BYTES + 1)
    with pytest.raises(NotFound, match="too large"):
        await original(session, settings, row.id, READER)
    at_limit = await _stored(session, settings, b"%PDF-1.4 small", size_bytes=MAX_ORIGINAL_BYTES)
    _, opened = await original(session, settings, at_limit.id, READER)
    assert b"".join(opened.chunks()) == b"%PDF-1.4 small"


async def test_a_blob_missing_from_the_store(session: AsyncSession, settings: Settings) -> None:
    case = await add_case(session)
    row = await add_document(session, case, storage_key="ff/" + "f" * 62, size_bytes=10)
    with pytest.raises(NotFound, match="missing from the blob store"):
        await original(session, settings, row.id, READER)
    assert await _audit(session) == []


async def test_page_image_draws_the_page_and_audits_its_number(
    session: AsyncSession, settings: Settings
) -> None:
    row = await _stored(session, settings, LETTER)
    png = await page_image(session, settings, row.id, 1, READER)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (round(612 * RENDER_SCALE), round(792 * RENDER_SCALE))
    (entry,) = await _audit(session)
    assert entry.action == "document.page_image" and entry.detail == {"page": 1}
    assert entry.resource_id == str(row.id)


async def test_page_image_of_a_page_that_does_not_exist(session: AsyncSession, settings: Settings) -> None:
    row = await _stored(session, settings, LETTER)
    with pytest.raises(NotFound, match="1 to 1"):
        await page_image(session, settings, row.id, 2, READER)
    assert await _audit(session) == []


async def test_an_original_is_sent_piece_by_piece_and_closed(
    session: AsyncSession, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "CHUNK", 1000)
    data = bytes(range(256)) * 11  # 2,816 bytes: three pieces
    row = await _stored(session, settings, data)
    _, opened = await original(session, settings, row.id, READER)
    pieces = list(opened.chunks())
    assert [len(piece) for piece in pieces] == [1000, 1000, 816] and b"".join(pieces) == data
    assert opened.handle.closed
    _, stopped = await original(session, settings, row.id, READER)
    reader = stopped.chunks()
    next(reader)
    reader.close()  # the client went away after the first piece
    assert stopped.handle.closed
