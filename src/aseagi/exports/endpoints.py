"""Exports over HTTP: binders (a job, its status, its files), the chronology, and protected persons.

Every download is audited. Nothing here takes a path: a binder's files are found by the binder's id and
a file name it recorded itself. Turning redaction off (for a filing under seal) needs an admin token.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import FileResponse

from aseagi.api.deps import ReadToken, SessionDep, SettingsDep, WriteToken
from aseagi.cases.service import resolve
from aseagi.exports import repository, service
from aseagi.exports.chronology import MEDIA_TYPES, export_chronology
from aseagi.exports.privacy import short_name
from aseagi.exports.schemas import (
    BinderFile,
    BinderRead,
    BinderRequest,
    ProtectedPersonIn,
    ProtectedPersonPatch,
    ProtectedPersonRead,
)
from aseagi.exports.tasks import binder_folder
from aseagi.jobs import specs
from aseagi.jobs.defer import defer
from aseagi.kit import audit
from aseagi.kit.errors import Forbidden, NotFound
from aseagi.models import BinderJob
from aseagi.models import ProtectedPerson as ProtectedPersonRow
from aseagi.security.tokens import Principal, scope_allows

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


def _require_admin_for_unredacted(principal: Principal, redaction: bool) -> None:
    if not redaction and not scope_allows(principal.scope, "admin"):
        raise Forbidden("an export without redaction (under seal) needs an admin token")


def _binder_read(job: BinderJob) -> BinderRead:
    result = job.result or {}
    return BinderRead(
        id=job.id,
        case_id=job.case_id,
        status=job.status,
        requested_by=job.requested_by,
        created_at=job.created_at,
        error=job.error,
        total_pages=result.get("total_pages"),
        exhibits=len(result["exhibits"]) if "exhibits" in result else None,
        files=[BinderFile.model_validate(f) for f in result.get("files", [])],
    )


@router.post("/{case}/binders", response_model=BinderRead, status_code=status.HTTP_202_ACCEPTED)
async def request_binder(
    case: str, body: BinderRequest, session: SessionDep, principal: WriteToken
) -> BinderRead:
    """Queue an exhibit binder; poll ``GET /cases/{case}/binders/{id}`` until ``done``, then download."""
    _require_admin_for_unredacted(principal, body.redaction)
    row = await resolve(session, case)
    await service.select_documents(
        session, row, document_ids=body.documents, violation_id=body.violation, event_ids=body.events
    )
    job = BinderJob(
        case_id=row.id, status="queued", requested_by=principal.actor, options=body.model_dump(mode="json")
    )
    session.add(job)
    await session.flush()
    job.queue_job_id = await defer(session, specs.BUILD_BINDER, specs.BuildBinder(binder_id=job.id))
    await audit.record(
        session,
        actor=principal.actor,
        action="export.binder.request",
        resource_type="case",
        resource_id=row.id,
        detail={"binder": str(job.id), "redaction": body.redaction, "documents": len(body.documents)},
    )
    await session.refresh(job)
    return _binder_read(job)


async def _binder(session: Any, case: str, binder_id: uuid.UUID) -> BinderJob:
    row = await resolve(session, case)
    job = await repository.binder_job(session, row.id, binder_id)
    if job is None:
        raise NotFound(f"no binder {binder_id} in case {case}: ask for one with POST /cases/{case}/binders")
    return job


@router.get("/{case}/binders/{binder_id}", response_model=BinderRead)
async def get_binder(case: str, binder_id: uuid.UUID, session: SessionDep, _: ReadToken) -> BinderRead:
    return _binder_read(await _binder(session, case, binder_id))


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
    job = await _binder(session, case, binder_id)
    recorded = {f["name"] for f in (job.result or {}).get("files", [])}
    if job.status != "done" or name not in recorded:
        raise NotFound(
            f"binder {binder_id} has no file {name[:80]!r}: its files are listed by GET on the binder"
        )
    folder = binder_folder(settings, job.id)
    path = folder / name
    if path.parent != folder or not path.is_file():
        raise NotFound("the binder's files are gone from the server: ask for the binder again")
    await audit.record(
        session,
        actor=principal.actor,
        action="export.binder.download",
        resource_type="case",
        resource_id=job.case_id,
        detail={"binder": str(job.id), "file": name},
    )
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
    _require_admin_for_unredacted(principal, redaction)
    row = await resolve(session, case)
    with tempfile.TemporaryDirectory(prefix="aseagi-chronology-") as folder:
        path = await export_chronology(session, row, format, Path(folder), redaction=redaction)
        data = await asyncio.to_thread(path.read_bytes)
        name = path.name
    await audit.record(
        session,
        actor=principal.actor,
        action="export.chronology",
        resource_type="case",
        resource_id=row.id,
        detail={"format": format, "redaction": redaction},
    )
    return Response(
        content=data,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _person_read(row: ProtectedPersonRow) -> ProtectedPersonRead:
    return ProtectedPersonRead(
        id=row.id,
        full_name=row.full_name,
        role=row.role,
        date_of_birth=row.date_of_birth,
        address=row.address,
        phone=row.phone,
        case_numbers=[str(n) for n in row.case_numbers or []],
        unusual_name=row.unusual_name,
        short_name=short_name(row.full_name, unusual=row.unusual_name),
        source=row.source,
    )


@router.get("/{case}/protected-persons", response_model=list[ProtectedPersonRead])
async def list_protected_persons(
    case: str, session: SessionDep, principal: ReadToken
) -> list[ProtectedPersonRead]:
    """Who every export of the case protects; found in its petitions and reports the first time."""
    row = await resolve(session, case)
    people = await service.protected_persons(session, row)
    await audit.record(
        session,
        actor=principal.actor,
        action="case.protected_persons.read",
        resource_type="case",
        resource_id=row.id,
    )
    return [_person_read(p) for p in people]


@router.post(
    "/{case}/protected-persons", response_model=ProtectedPersonRead, status_code=status.HTTP_201_CREATED
)
async def add_protected_person(
    case: str, body: ProtectedPersonIn, session: SessionDep, principal: WriteToken
) -> ProtectedPersonRead:
    row = await resolve(session, case)
    await service.protected_persons(session, row)  # the found ones first, so they are not found again later
    person = ProtectedPersonRow(case_id=row.id, source="manual", **body.model_dump())
    session.add(person)
    await session.flush()
    await audit.record(
        session,
        actor=principal.actor,
        action="case.protected_persons.add",
        resource_type="case",
        resource_id=row.id,
    )
    return _person_read(person)


async def _person(session: Any, case: str, person_id: uuid.UUID) -> ProtectedPersonRow:
    row = await resolve(session, case)
    person = await repository.protected_person(session, row.id, person_id)
    if person is None:
        raise NotFound(f"no protected person {person_id} in case {case}: list them with GET")
    return person


@router.patch("/{case}/protected-persons/{person_id}", response_model=ProtectedPersonRead)
async def update_protected_person(
    case: str, person_id: uuid.UUID, body: ProtectedPersonPatch, session: SessionDep, principal: WriteToken
) -> ProtectedPersonRead:
    person = await _person(session, case, person_id)
    changes = body.model_dump(exclude_unset=True)
    await audit.apply_changes(
        session,
        person,
        changes,
        actor=principal.actor,
        action="case.protected_persons.update",
        resource_type="protected_person",
    )
    return _person_read(person)


@router.delete("/{case}/protected-persons/{person_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_protected_person(
    case: str, person_id: uuid.UUID, session: SessionDep, principal: WriteToken
) -> Response:
    person = await _person(session, case, person_id)
    await session.delete(person)
    await audit.record(
        session,
        actor=principal.actor,
        action="case.protected_persons.delete",
        resource_type="protected_person",
        resource_id=person_id,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
