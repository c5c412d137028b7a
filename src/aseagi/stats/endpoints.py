"""``/stats/…``: the aggregates the dashboards show, each one SQL query or a few."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from aseagi.api.deps import Offset, ReadToken, SessionDep
from aseagi.cases.service import resolve_optional
from aseagi.stats import service
from aseagi.stats.schemas import CitationUse, ContradictionPage, DocumentStats, Today, ViolationStats

router = APIRouter(prefix="/stats", tags=["stats"])
CaseParam = Annotated[
    str | None, Query(max_length=64, description="Docket number or case id; all when absent.")
]


@router.get("/documents", response_model=DocumentStats)
async def document_stats(session: SessionDep, _: ReadToken, case: CaseParam = None) -> DocumentStats:
    return await service.document_stats(session, await resolve_optional(session, case))


@router.get("/violations", response_model=ViolationStats)
async def violation_stats(session: SessionDep, _: ReadToken, case: CaseParam = None) -> ViolationStats:
    return await service.violation_stats(session, await resolve_optional(session, case))


@router.get("/citations", response_model=list[CitationUse])
async def citation_stats(
    session: SessionDep,
    _: ReadToken,
    case: CaseParam = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 25,
) -> list[CitationUse]:
    """The citations most relied on: cited by the most documents, or the basis of the most findings."""
    return await service.citation_stats(session, await resolve_optional(session, case), limit)


@router.get("/contradictions", response_model=ContradictionPage)
async def contradiction_list(
    session: SessionDep,
    _: ReadToken,
    case: CaseParam = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Offset = 0,
) -> ContradictionPage:
    """Sworn statements and the records that contradict them, both passages, surest first."""
    return await service.contradiction_list(
        session, await resolve_optional(session, case), limit=limit, offset=offset
    )


@router.get("/today", response_model=Today)
async def today_stats(
    session: SessionDep,
    _: ReadToken,
    case: CaseParam = None,
    today: Annotated[date | None, Query(description="The day to count from (default: today).")] = None,
    deadlines: Annotated[int, Query(ge=1, le=50)] = 5,
) -> Today:
    case_id = await resolve_optional(session, case)
    return await service.today(session, case_id, today or date.today(), deadlines=deadlines)
