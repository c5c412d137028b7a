"""``/originals/{document_id}``: the exact bytes ingested, and page images. Every read is audited."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import Response

from aseagi.api.deps import ReadToken, SessionDep, SettingsDep
from aseagi.api.headers import attachment
from aseagi.documents.service import load
from aseagi.ingestion.storage import BlobStore
from aseagi.kit import audit
from aseagi.kit.errors import NotFound
from aseagi.models import LegalDocument
from aseagi.originals.pool import render
from aseagi.originals.rendering import PageRequest

router = APIRouter(prefix="/originals", tags=["documents"])
MAX_ORIGINAL_BYTES = 200 * 1024**2
"""Larger originals are not sent through the API (fetch them from the blob store directly)."""


ORIGINAL_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The exact bytes ingested, with the document's MIME type.",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
PAGE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The page as a PNG image.",
        "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get("/{document_id}", response_class=Response, responses=ORIGINAL_RESPONSE)
async def download_original(
    document_id: uuid.UUID, session: SessionDep, settings: SettingsDep, principal: ReadToken
) -> Response:
    row = await load(session, document_id)
    data = await _read(row, settings.blob_url)
    await audit.record(
        session,
        actor=principal.actor,
        action="document.original",
        resource_type="document",
        resource_id=row.id,
    )
    return Response(
        content=data,
        media_type=row.mime_type or "application/octet-stream",
        headers={"Content-Disposition": attachment(row.file_name)},
    )


@router.get("/{document_id}/pages/{page}", response_class=Response, responses=PAGE_RESPONSE)
async def page_image(
    document_id: uuid.UUID,
    page: Annotated[int, Path(ge=1, le=100_000)],
    session: SessionDep,
    settings: SettingsDep,
    principal: ReadToken,
) -> Response:
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
    return Response(content=png, media_type="image/png")


def _stored_key(row: LegalDocument) -> str:
    if not row.storage_key:
        raise NotFound("this document has no stored original (it came from an older system)")
    if (row.size_bytes or 0) > MAX_ORIGINAL_BYTES:
        raise NotFound("the original is too large to send through the API: read it from the blob store")
    return row.storage_key


async def _read(row: LegalDocument, blob_url: str) -> bytes:
    key = _stored_key(row)

    def read() -> bytes:
        store = BlobStore(blob_url)
        if not store.exists(key):
            raise NotFound("the original is missing from the blob store: check ASEAGI_STORAGE_URL")
        with store.open(key) as handle:
            return handle.read()

    return await asyncio.to_thread(read)
