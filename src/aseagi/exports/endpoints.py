"""Exports over HTTP: binders (a job, its status, its files), the chronology, and protected persons.

Every download is audited. Nothing here takes a path: a binder's files are found by the binder's id and
a file name it recorded itself. Turning redaction off (for a filing under seal) needs an admin token.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import FileResponse

from aseagi.api.deps import ReadToken, SessionDep, SettingsDep, WriteToken
from aseagi.cases.service import resolve
from aseagi.exports import service
from aseagi.exports.chronology_file import MEDIA_TYPES, chronology_file
from aseagi.exports.schemas import (
    BinderRead,
    BinderRequest,
    ProtectedPersonIn,
    ProtectedPersonPatch,
    ProtectedPersonRead,
)

router = APIRouter(prefix="/cases", tags=["exports"])
_BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file.",
        "content": {"application/pdf": _BINARY, "application/octet-stream": _BINARY},
    }
}
CHRONOLOGY_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"description": "The chronology.", "content": {media: _BINARY for media in MEDIA_TYPES.values()}}
}


@router.post("/{case}/binders", response_model=BinderRead, status_code=status.HTTP_202_ACCEPTED)
async def request_binder(
    case: str, body: BinderRequest, session: SessionDep, principal: WriteToken
) -> BinderRead:
    """Queue an exhibit binder; poll ``GET /cases/{case}/binders/{id}`` until ``done``, then download."""
    service.require_admin_for_unredacted(principal, body.redaction)
    return await service.request_binder(session, await resolve(session, case), body, principal)


@router.get("/{case}/binders/{binder_id}", response_model=BinderRead)
async def get_binder(case: str, binder_id: uuid.UUID, session: SessionDep, _: ReadToken) -> BinderRead:
    return service.binder_read(await service.load_binder(session, await resolve(session, case), binder_id))


@router.get("/{case}/binders/{binder_id}/files/{name}", response_class=FileResponse, responses=FILE_RESPONSE)
async def download_binder_file(
    case: str,
    binder_id: uuid.UUID,
    name: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: ReadToken,
) -> FileResponse:
    """One file the binder job recorded (a part, the manifest, the log), by its recorded name."""
    row = await resolve(session, case)
    path = await service.binder_file(session, settings, row, binder_id, name, principal)
    media = "application/pdf" if name.endswith(".pdf") else "application/octet-stream"
    return FileResponse(path, media_type=media, filename=name)


@router.get("/{case}/chronology.{format}", response_class=Response, responses=CHRONOLOGY_RESPONSE)
async def chronology(
    case: str,
    format: Literal["csv", "docx", "pdf"],
    session: SessionDep,
    principal: ReadToken,
    redaction: Annotated[bool, Query(description="false (under seal) needs an admin token")] = True,
) -> Response:
    """The case's events: date, event, status, people, sources (by exhibit page once a binder exists)."""
    service.require_admin_for_unredacted(principal, redaction)
    row = await resolve(session, case)
    data, name = await chronology_file(session, row, format, redaction=redaction)
    await service.record_chronology(session, row, format, redaction=redaction, principal=principal)
    return Response(
        content=data,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/{case}/protected-persons", response_model=list[ProtectedPersonRead])
async def list_protected_persons(
    case: str, session: SessionDep, principal: ReadToken
) -> list[ProtectedPersonRead]:
    """Who every export of the case protects; found in its petitions and reports the first time."""
    return await service.list_persons(session, await resolve(session, case), principal)


@router.post(
    "/{case}/protected-persons", response_model=ProtectedPersonRead, status_code=status.HTTP_201_CREATED
)
async def add_protected_person(
    case: str, body: ProtectedPersonIn, session: SessionDep, principal: WriteToken
) -> ProtectedPersonRead:
    return await service.add_person(session, await resolve(session, case), body, principal)


@router.patch("/{case}/protected-persons/{person_id}", response_model=ProtectedPersonRead)
async def update_protected_person(
    case: str, person_id: uuid.UUID, body: ProtectedPersonPatch, session: SessionDep, principal: WriteToken
) -> ProtectedPersonRead:
    return await service.update_person(session, await resolve(session, case), person_id, body, principal)


@router.delete("/{case}/protected-persons/{person_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_protected_person(
    case: str, person_id: uuid.UUID, session: SessionDep, principal: WriteToken
) -> Response:
    await service.delete_person(session, await resolve(session, case), person_id, principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
