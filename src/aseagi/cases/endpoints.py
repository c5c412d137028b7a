from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response, status

from aseagi.analysis.ics import deadlines_to_ics
from aseagi.api.deps import Limit, Offset, ReadToken, SessionDep, WriteToken
from aseagi.api.headers import attachment
from aseagi.cases import analysis_store, repository, service
from aseagi.cases.schemas import CaseCreate, CaseRead, CaseUpdate
from aseagi.kit import audit
from aseagi.kit.errors import Conflict
from aseagi.kit.pagination import Page

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get("", response_model=Page[CaseRead])
async def list_cases(
    session: SessionDep, _: ReadToken, limit: Limit = 50, offset: Offset = 0
) -> Page[CaseRead]:
    rows, total = await repository.list_cases(session, limit=limit, offset=offset)
    return Page[CaseRead](
        items=[CaseRead.model_validate(r) for r in rows], count=total, limit=limit, offset=offset
    )


@router.post("", response_model=CaseRead, status_code=status.HTTP_201_CREATED)
async def create_case(body: CaseCreate, session: SessionDep, principal: WriteToken) -> CaseRead:
    if await repository.by_docket(session, body.docket_number) is not None:
        raise Conflict(f"case {body.docket_number!r} exists already")
    case = await repository.get_or_create(session, body.docket_number, name=body.name)
    case.case_type = body.case_type
    await session.flush()
    await audit.record(
        session,
        actor=principal.actor,
        action="case.create",
        resource_type="case",
        resource_id=case.id,
        detail={"docket_number": case.docket_number},
    )
    return CaseRead.model_validate(case)


@router.get("/{case}", response_model=CaseRead)
async def get_case(case: str, session: SessionDep, _: ReadToken) -> CaseRead:
    return CaseRead.model_validate(await service.resolve(session, case))


@router.patch("/{case}", response_model=CaseRead)
async def update_case(case: str, body: CaseUpdate, session: SessionDep, principal: WriteToken) -> CaseRead:
    row = await service.resolve(session, case)
    await audit.apply_changes(
        session,
        row,
        body.model_dump(exclude_unset=True),
        actor=principal.actor,
        action="case.update",
        resource_type="case",
    )
    return CaseRead.model_validate(row)


@router.post("/{case}/analyze")
async def analyze_case(case: str, session: SessionDep, principal: WriteToken) -> dict[str, int]:
    """Run case-level analysis now: deadlines, procedural violations, contradictions, fraud indicators."""
    row = await service.resolve(session, case)
    summary = await service.analyze(session, row.id)
    await audit.record(
        session,
        actor=principal.actor,
        action="case.analyze",
        resource_type="case",
        resource_id=row.id,
        detail=summary,
    )
    return summary


@router.get(
    "/{case}/deadlines.ics",
    response_class=Response,
    responses={200: {"description": "An iCalendar file.", "content": {"text/calendar": {}}}},
)
async def deadlines_ics(case: str, session: SessionDep, _: ReadToken) -> Response:
    """The case's deadlines as an iCalendar file, each with its rule, citation and trigger."""
    row = await service.resolve(session, case)
    reader = await analysis_store.read_case(session, row.id)
    corrections = await analysis_store.load_corrections(session, row.id)
    result = reader.analyze(today=date.today(), corrections=corrections)
    body = deadlines_to_ics(result.deadlines, case_name=row.name or row.docket_number)
    return Response(
        body,
        media_type="text/calendar",
        headers={"Content-Disposition": attachment(f"deadlines-{row.docket_number}.ics")},
    )
