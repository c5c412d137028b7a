from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response, status

from aseagi.api.deps import Limit, Offset, ReadToken, SessionDep, WriteToken
from aseagi.api.headers import attachment
from aseagi.cases import service
from aseagi.cases.schemas import CaseCreate, CaseRead, CaseUpdate
from aseagi.kit.pagination import Page

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get("", response_model=Page[CaseRead])
async def list_cases(
    session: SessionDep, _: ReadToken, limit: Limit = 50, offset: Offset = 0
) -> Page[CaseRead]:
    items, total = await service.list_cases(session, limit=limit, offset=offset)
    return Page[CaseRead](items=items, count=total, limit=limit, offset=offset)


@router.post("", response_model=CaseRead, status_code=status.HTTP_201_CREATED)
async def create_case(body: CaseCreate, session: SessionDep, principal: WriteToken) -> CaseRead:
    return await service.create(session, body, principal)


@router.get("/{case}", response_model=CaseRead)
async def get_case(case: str, session: SessionDep, _: ReadToken) -> CaseRead:
    return CaseRead.model_validate(await service.resolve(session, case))


@router.patch("/{case}", response_model=CaseRead)
async def update_case(case: str, body: CaseUpdate, session: SessionDep, principal: WriteToken) -> CaseRead:
    return await service.update(session, case, body, principal)


@router.post("/{case}/analyze")
async def analyze_case(case: str, session: SessionDep, principal: WriteToken) -> dict[str, int]:
    """Run case-level analysis now: deadlines, procedural violations, contradictions, fraud indicators."""
    return await service.analyze_now(session, case, principal)


@router.get(
    "/{case}/deadlines.ics",
    response_class=Response,
    responses={200: {"description": "An iCalendar file.", "content": {"text/calendar": {}}}},
)
async def deadlines_ics(case: str, session: SessionDep, _: ReadToken) -> Response:
    """The case's deadlines as an iCalendar file, each with its rule, citation and trigger."""
    row, body = await service.deadlines_calendar(session, case, today=date.today())
    return Response(
        body,
        media_type="text/calendar",
        headers={"Content-Disposition": attachment(f"deadlines-{row.docket_number}.ics")},
    )
