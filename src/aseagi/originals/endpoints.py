"""``/originals/{document_id}``: the exact bytes ingested, and page images. Every read is audited."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import Response, StreamingResponse

from aseagi.api.deps import ReadToken, SessionDep, SettingsDep
from aseagi.api.headers import attachment
from aseagi.originals import service

router = APIRouter(prefix="/originals", tags=["documents"])


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
    row, data = await service.original(session, settings, document_id, principal)
    return StreamingResponse(
        data.chunks(),
        media_type=row.mime_type or "application/octet-stream",
        headers={"Content-Disposition": attachment(row.file_name), "Content-Length": str(data.size)},
    )


@router.get("/{document_id}/pages/{page}", response_class=Response, responses=PAGE_RESPONSE)
async def page_image(
    document_id: uuid.UUID,
    page: Annotated[int, Path(ge=1, le=100_000)],
    session: SessionDep,
    settings: SettingsDep,
    principal: ReadToken,
) -> Response:
    png = await service.page_image(session, settings, document_id, page, principal)
    return Response(content=png, media_type="image/png")
