"""The dashboards' aggregates assembled from the SQL's rows: contradictions as passages, the CEO page."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.documents import repository as documents_repository
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


async def document_stats(session: AsyncSession, case_id: uuid.UUID | None) -> DocumentStats:
    counts = await repository.document_counts(session, case_id)
    return DocumentStats(**counts, score_bins=await repository.score_bins(session, case_id))


async def violation_stats(session: AsyncSession, case_id: uuid.UUID | None) -> ViolationStats:
    return ViolationStats(**await repository.violation_counts(session, case_id))


async def citation_stats(session: AsyncSession, case_id: uuid.UUID | None, limit: int) -> list[CitationUse]:
    return [CitationUse(**row) for row in await repository.citation_uses(session, case_id, limit)]


async def contradiction_list(
    session: AsyncSession, case_id: uuid.UUID | None, *, limit: int, offset: int
) -> ContradictionPage:
    rows, total = await repository.contradictions(session, case_id, limit=limit, offset=offset)
    ids = {_uuid(e.get("document_id")) for r in rows for e in _evidence(r["indicator"])}
    names = await documents_repository.file_names(session, [i for i in ids if i is not None])
    items = [_contradiction(row, names) for row in rows]
    return ContradictionPage(items=items, count=total, limit=limit, offset=offset)


async def today(session: AsyncSession, case_id: uuid.UUID | None, day: date, *, deadlines: int) -> Today:
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


def _number(value: object, default: float) -> float:
    """A stored number, or ``default`` when an old or hand-edited row holds something else ("iv")."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return default
    try:
        return float(value)
    except ValueError:
        return default


def _evidence(indicator: dict[str, Any]) -> list[dict[str, Any]]:
    """The indicator's passages; a passage an old row stored as bare text is that text, quoted."""
    listed = indicator.get("evidence")
    if not isinstance(listed, list):
        return []
    return [e if isinstance(e, dict) else {"quote": str(e)} for e in listed]


def _passage(evidence: dict[str, Any], names: dict[uuid.UUID, str]) -> Passage:
    document_id = _uuid(evidence.get("document_id"))
    return Passage(
        document_id=document_id,
        file_name=evidence.get("file_name") or (names.get(document_id) if document_id else None),
        page=max(1, int(_number(evidence.get("page"), 1))),
        start=max(0, int(_number(evidence.get("start"), 0))),
        end=max(0, int(_number(evidence.get("end"), 0))),
        quote=str(evidence.get("quote") or ""),
    )


def _contradiction(row: dict[str, Any], names: dict[uuid.UUID, str]) -> ContradictionRead:
    indicator = row["indicator"]
    statement, *contradicting = _evidence(indicator)
    return ContradictionRead(
        document_id=row["document_id"],
        file_name=row["file_name"],
        description=str(indicator.get("description") or ""),
        confidence=_number(indicator.get("confidence"), 0.0),
        statement=_passage(statement, names),
        contradicting=[_passage(e, names) for e in contradicting],
    )
