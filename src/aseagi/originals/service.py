"""Reading an original's exact bytes or one page as an image: found, size-checked and audited."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.config import Settings
from aseagi.documents.service import load
from aseagi.ingestion.storage import BlobStore
from aseagi.kit import audit
from aseagi.kit.errors import NotFound
from aseagi.models import LegalDocument
from aseagi.originals.pool import render
from aseagi.originals.rendering import PageRequest
from aseagi.security.tokens import Principal

MAX_ORIGINAL_BYTES = 200 * 1024**2
"""Larger originals are not sent through the API (fetch them from the blob store directly)."""
CHUNK = 1024 * 1024
"""An original is sent in pieces of this size: a request holds one piece in memory, never the file."""


@dataclass
class Original:
    """An original opened for sending: its size, and its bytes piece by piece (the file closes after the
    last piece, or when the reader stops early and the pieces are dropped)."""

    size: int
    handle: IO[bytes]

    def chunks(self) -> Iterator[bytes]:
        try:
            while piece := self.handle.read(CHUNK):
                yield piece
        finally:
            self.handle.close()


async def original(
    session: AsyncSession, settings: Settings, document_id: uuid.UUID, principal: Principal
) -> tuple[LegalDocument, Original]:
    row = await load(session, document_id)
    data = await _open(row, settings.blob_url)
    await audit.record(
        session,
        actor=principal.actor,
        action="document.original",
        resource_type="document",
        resource_id=row.id,
    )
    return row, data


async def page_image(
    session: AsyncSession, settings: Settings, document_id: uuid.UUID, page: int, principal: Principal
) -> bytes:
    row = await load(session, document_id)
    png = await render(settings, PageRequest(settings.blob_url, _stored_key(row), row.mime_type, page))
    await audit.record(
        session,
        actor=principal.actor,
        action="document.page_image",
        resource_type="document",
        resource_id=row.id,
        detail={"page": page},
    )
    return png


def _stored_key(row: LegalDocument) -> str:
    if not row.storage_key:
        raise NotFound("this document has no stored original (it came from an older system)")
    if (row.size_bytes or 0) > MAX_ORIGINAL_BYTES:
        raise NotFound("the original is too large to send through the API: read it from the blob store")
    return row.storage_key


async def _open(row: LegalDocument, blob_url: str) -> Original:
    key = _stored_key(row)

    def open_() -> Original:
        store = BlobStore(blob_url)
        if not store.exists(key):
            raise NotFound("the original is missing from the blob store: check ASEAGI_STORAGE_URL")
        return Original(size=int(store.fs.size(store.path(key))), handle=store.open(key))

    return await asyncio.to_thread(open_)
