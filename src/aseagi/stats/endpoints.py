"""``/stats/…``: the aggregates the dashboards show, each one SQL query or a few."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from aseagi.api.deps import Offset, ReadToken, SessionDep
from aseagi.cases.service import resolve_optional
from aseagi.stats import repository
from aseagi.stats.schemas import (
    CitationUse,
    ContradictionPage,
    ContradictionRead,
    DocumentStats,
    Passage,
    ProcessingHealth,
    Today,
    UpcomingEvent,
    ViolationStats,
)

router = APIRouter(prefix="/stats", tags=["stats"])
CaseParam = Annotated[
    str | None, Query(max_length=64, description="Docket number or case id; all when absent.")
]


@router.get("/documents", response_model=DocumentStats)
async def document_stats(session: SessionDep, _: ReadToken, case: CaseParam = None) -> DocumentStats:
    case_id = await resolve_optional(session, case)
    counts = await repository.document_counts(session, case_id)
    return DocumentStats(**counts, score_bins=await repository.score_bins(session, case_id))


@router.get("/violations", response_model=ViolationStats)
async def violation_stats(session: SessionDep, _: ReadToken, case: CaseParam = None) -> ViolationStats:
    return ViolationStats(**await repository.violation_counts(session, await resolve_optional(session, case)))


@router.get("/citations", response_model=list[CitationUse])
async def citation_stats(
    session: SessionDep,
    _: ReadToken,
    case: CaseParam = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 25,
) -> list[CitationUse]:
    """The citations most relied on: cited by the most documents, or the basis of the most findings."""
    rows = await repository.citation_uses(session, await resolve_optional(session, case), limit)
    return [CitationUse(**row) for row in rows]


@router.get("/contradictions", response_model=ContradictionPage)
async def contradiction_list(
    session: SessionDep,
    _: ReadToken,
    case: CaseParam = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Offset = 0,
) -> ContradictionPage:
    """Sworn statements and the records that contradict them, both passages, surest first."""
    rows, total = await repository.contradictions(
        session, await resolve_optional(session, case), limit=limit, offset=offset
    )
    ids = {_uuid(e.get("document_id")) for r in rows for e in r["indicator"].get("evidence", [])}
    names = await repository.file_names(session, [i for i in ids if i is not None])
    items = [_contradiction(row, names) for row in rows]
    return ContradictionPage(items=items, count=total, limit=limit, offset=offset)


@router.get("/today", response_model=Today)
async def today_stats(
    session: SessionDep,
    _: ReadToken,
    case: CaseParam = None,
    today: Annotated[date | None, Query(description="The day to count from (default: today).")] = None,
    deadlines: Annotated[int, Query(ge=1, le=50)] = 5,
) -> Today:
    case_id = await resolve_optional(session, case)
    day = today or date.today()
    counts = await repository.today_counts(session, case_id)
    hearing = await repository.upcoming(session, case_id, day, hearings=True, limit=1)
    due = await repository.upcoming(session, case_id, day, hearings=False, limit=deadlines)
    return Today(
        today=day,
        documents=counts["documents"],
        smoking_guns=counts["smoking_guns"],
        critical_violations=counts["critical_violations"],
        next_hearing=UpcomingEvent(**hearing[0]) if hearing else None,
        next_deadlines=[UpcomingEvent(**row) for row in due],
        processing=ProcessingHealth(**{k: counts[k] for k in ProcessingHealth.model_fields}),
    )


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _passage(evidence: dict[str, Any], names: dict[uuid.UUID, str]) -> Passage:
    document_id = _uuid(evidence.get("document_id"))
    return Passage(
        document_id=document_id,
        file_name=evidence.get("file_name") or (names.get(document_id) if document_id else None),
        page=int(evidence.get("page") or 1),
        start=int(evidence.get("start") or 0),
        end=int(evidence.get("end") or 0),
        quote=str(evidence.get("quote") or ""),
    )


def _contradiction(row: dict[str, Any], names: dict[uuid.UUID, str]) -> ContradictionRead:
    indicator = row["indicator"]
    statement, *contradicting = indicator["evidence"]
    return ContradictionRead(
        document_id=row["document_id"],
        file_name=row["file_name"],
        description=str(indicator.get("description") or ""),
        confidence=float(indicator.get("confidence") or 0),
        statement=_passage(statement, names),
        contradicting=[_passage(e, names) for e in contradicting],
    )
