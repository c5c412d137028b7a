"""The rules of an export: what a selection means, who is protected, the privacy guard to use, who may
export without redaction, and where a binder's files are. Every download and change is audited; this
module flushes and never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.config import Settings
from aseagi.exports import repository
from aseagi.exports.detection import find_protected_persons
from aseagi.exports.privacy import ProtectedPerson, Redactor, short_name
from aseagi.exports.schemas import (
    BinderFile,
    BinderRead,
    BinderRequest,
    ExhibitSource,
    ProtectedPersonIn,
    ProtectedPersonPatch,
    ProtectedPersonRead,
)
from aseagi.jobs import specs
from aseagi.jobs.defer import defer
from aseagi.kit import audit
from aseagi.kit.errors import BadRequest, Forbidden, NotFound
from aseagi.models import BinderJob, Case
from aseagi.models import ProtectedPerson as ProtectedPersonRow
from aseagi.models.export import BinderStatus
from aseagi.security.tokens import Principal, scope_allows

MAX_SELECTION = 10_000
DETECTION_DOCUMENTS = 200


async def protected_persons(session: AsyncSession, case: Case) -> list[ProtectedPersonRow]:
    """The case's protected persons; the first time, found in its petitions and reports and stored."""
    rows = await repository.protected_persons(session, case.id)
    if rows:
        return rows
    texts = await repository.texts_for_detection(session, case.id, limit=DETECTION_DOCUMENTS)
    for found in find_protected_persons(texts):
        session.add(
            ProtectedPersonRow(
                case_id=case.id,
                full_name=found.full_name,
                role=found.role,
                date_of_birth=found.date_of_birth,
                address=found.address,
                case_numbers=[n for n in found.case_numbers if n != case.docket_number.upper()],
                unusual_name=False,
                source=f"found:{found.found_in}"[:300],
            )
        )
    await session.flush()
    return await repository.protected_persons(session, case.id)


def guard(rows: Sequence[ProtectedPersonRow], *, enabled: bool) -> Redactor:
    persons = tuple(
        ProtectedPerson(
            full_name=row.full_name,
            role=row.role,
            date_of_birth=row.date_of_birth,
            address=row.address,
            phone=row.phone,
            case_numbers=tuple(str(n) for n in row.case_numbers or []),
            unusual_name=row.unusual_name,
        )
        for row in rows
    )
    return Redactor(persons, enabled=enabled)


async def redactor_for(session: AsyncSession, case: Case, *, redaction: bool) -> Redactor:
    return guard(await protected_persons(session, case), enabled=redaction)


async def select_documents(
    session: AsyncSession,
    case: Case,
    *,
    document_ids: Sequence[uuid.UUID] = (),
    violation_id: uuid.UUID | None = None,
    event_ids: Sequence[uuid.UUID] = (),
) -> list[ExhibitSource]:
    """Ids in the order given; a violation's evidence or events' sources in date order; or the whole case
    in date order."""
    if sum(map(bool, (document_ids, violation_id, event_ids))) > 1:
        raise BadRequest("give document ids, a violation or events, only one of them")
    if event_ids:
        cited = await repository.event_document_ids(session, case.id, event_ids)
        if not cited:
            raise NotFound(
                f"those events are not all in case {case.docket_number}, or cite no stored document: "
                f"list them with GET /events?case={case.docket_number}"
            )
        return await repository.dated_in_order(session, case.id, cited)
    if len(document_ids) > MAX_SELECTION:
        raise BadRequest(f"at most {MAX_SELECTION} documents per binder")
    if violation_id is not None:
        ids = await repository.violation_document_ids(session, case.id, violation_id)
        if ids is None:
            raise NotFound(
                f"no violation {violation_id} in case {case.docket_number}: list them with GET /violations"
            )
        if not ids:
            raise BadRequest("this violation cites no stored document: choose the documents with --documents")
        return await repository.dated_in_order(session, case.id, ids)
    if document_ids:
        sources = await repository.documents_by_id(session, case.id, list(dict.fromkeys(document_ids)))
        missing = set(document_ids) - {s.document_id for s in sources}
        if missing:
            raise NotFound(
                f"{len(missing)} of the documents are not in case {case.docket_number} "
                f"(e.g. {sorted(map(str, missing))[0]}): list them with "
                f"GET /documents?case={case.docket_number}"
            )
        return sources
    return await repository.case_documents(session, case.id, limit=MAX_SELECTION)


def default_prefix(case: Case) -> str:
    """The docket with only letters and digits kept, e.g. ``JV2024001234``; at most 12 characters."""
    cleaned = "".join(ch for ch in case.docket_number.upper() if ch.isalnum())
    return cleaned[:12] or "EX"


def caption(case: Case) -> str:
    return case.name or f"Case No. {case.docket_number}"


def binder_folder(settings: Settings, binder_id: uuid.UUID) -> Path:
    """Where a binder's files are kept on the server: named by the binder's id, never by a request."""
    return settings.data_dir / "exports" / "binders" / str(binder_id)


def require_admin_for_unredacted(principal: Principal, redaction: bool) -> None:
    if not redaction and not scope_allows(principal.scope, "admin"):
        raise Forbidden("an export without redaction (under seal) needs an admin token")


def binder_read(job: BinderJob) -> BinderRead:
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


async def request_binder(
    session: AsyncSession, case: Case, body: BinderRequest, principal: Principal
) -> BinderRead:
    """Check the selection now (a bad one is refused here, not in the job), then queue the binder."""
    require_admin_for_unredacted(principal, body.redaction)
    await select_documents(
        session, case, document_ids=body.documents, violation_id=body.violation, event_ids=body.events
    )
    job = BinderJob(
        case_id=case.id,
        status=BinderStatus.QUEUED,
        requested_by=principal.actor,
        options=body.model_dump(mode="json"),
    )
    session.add(job)
    await session.flush()
    job.queue_job_id = await defer(session, specs.BUILD_BINDER, specs.BuildBinder(binder_id=job.id))
    await audit.record(
        session,
        actor=principal.actor,
        action="export.binder.request",
        resource_type="case",
        resource_id=case.id,
        detail={"binder": str(job.id), "redaction": body.redaction, "documents": len(body.documents)},
    )
    await session.flush()  # refresh would otherwise drop the unflushed queue_job_id
    await session.refresh(job)
    return binder_read(job)


async def load_binder(session: AsyncSession, case: Case, binder_id: uuid.UUID) -> BinderJob:
    job = await repository.binder_job(session, case.id, binder_id)
    if job is None:
        raise NotFound(
            f"no binder {binder_id} in case {case.docket_number}: "
            f"ask for one with POST /cases/{case.docket_number}/binders"
        )
    return job


async def binder_file(
    session: AsyncSession,
    settings: Settings,
    case: Case,
    binder_id: uuid.UUID,
    name: str,
    principal: Principal,
) -> Path:
    """One file the binder job recorded (a part, the manifest, the log), by its recorded name; audited."""
    job = await load_binder(session, case, binder_id)
    recorded = {f["name"] for f in (job.result or {}).get("files", [])}
    if job.status != BinderStatus.DONE or name not in recorded:
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
    return path


async def record_chronology(
    session: AsyncSession, case: Case, format: str, *, redaction: bool, principal: Principal
) -> None:
    await audit.record(
        session,
        actor=principal.actor,
        action="export.chronology",
        resource_type="case",
        resource_id=case.id,
        detail={"format": format, "redaction": redaction},
    )


def person_read(row: ProtectedPersonRow) -> ProtectedPersonRead:
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


async def list_persons(session: AsyncSession, case: Case, principal: Principal) -> list[ProtectedPersonRead]:
    """Who every export of the case protects; found in its petitions and reports the first time."""
    people = await protected_persons(session, case)
    await audit.record(
        session,
        actor=principal.actor,
        action="case.protected_persons.read",
        resource_type="case",
        resource_id=case.id,
    )
    return [person_read(p) for p in people]


async def add_person(
    session: AsyncSession, case: Case, body: ProtectedPersonIn, principal: Principal
) -> ProtectedPersonRead:
    await protected_persons(session, case)  # the found ones first, so they are not found again later
    person = ProtectedPersonRow(case_id=case.id, source="manual", **body.model_dump())
    session.add(person)
    await session.flush()
    await audit.record(
        session,
        actor=principal.actor,
        action="case.protected_persons.add",
        resource_type="case",
        resource_id=case.id,
    )
    return person_read(person)


async def load_person(session: AsyncSession, case: Case, person_id: uuid.UUID) -> ProtectedPersonRow:
    person = await repository.protected_person(session, case.id, person_id)
    if person is None:
        raise NotFound(f"no protected person {person_id} in case {case.docket_number}: list them with GET")
    return person


async def update_person(
    session: AsyncSession, case: Case, person_id: uuid.UUID, body: ProtectedPersonPatch, principal: Principal
) -> ProtectedPersonRead:
    person = await load_person(session, case, person_id)
    await audit.apply_changes(
        session,
        person,
        body.model_dump(exclude_unset=True),
        actor=principal.actor,
        action="case.protected_persons.update",
        resource_type="protected_person",
    )
    return person_read(person)


async def delete_person(
    session: AsyncSession, case: Case, person_id: uuid.UUID, principal: Principal
) -> None:
    person = await load_person(session, case, person_id)
    await session.delete(person)
    await audit.record(
        session,
        actor=principal.actor,
        action="case.protected_persons.delete",
        resource_type="protected_person",
        resource_id=person_id,
    )
