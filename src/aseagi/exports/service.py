"""The rules of an export: what a selection means, who is protected, and the privacy guard to use."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.exports import repository
from aseagi.exports.detection import find_protected_persons
from aseagi.exports.privacy import ProtectedPerson, Redactor
from aseagi.exports.schemas import ExhibitSource
from aseagi.kit.errors import BadRequest, NotFound
from aseagi.models import Case
from aseagi.models import ProtectedPerson as ProtectedPersonRow

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
