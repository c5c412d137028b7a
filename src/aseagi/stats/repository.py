"""The SQL behind the dashboards' aggregates. One pass over the table per question, filtered by case."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    and_,
    case,
    cast,
    column,
    func,
    literal_column,
    select,
    true,
    tuple_,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB, array
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis.chronology_types import EventStatus
from aseagi.analysis.schemas import HEARING_TYPES
from aseagi.documents.status import DocumentStatus
from aseagi.kit import query
from aseagi.models import CourtEvent, LegalDocument, LegalViolation, ProcessingBatch
from aseagi.models.batch import BatchState
from aseagi.models.violation import ReviewStatus, Severity
from aseagi.stats.schemas import Bucket, ScoreBin, ViolationBucket

D = LegalDocument
V = LegalViolation
SCORES = ("micro", "macro", "legal", "relevancy")


def _constant(value: str | int) -> ColumnElement[Any]:
    """A constant written into the statement, so one expression in SELECT and GROUP BY is the same text."""
    return literal_column(repr(value) if isinstance(value, str) else str(value))


def _array_length(value: Any) -> ColumnElement[int]:
    """Old rows may hold a string or null where new rows hold an array."""
    return case((func.jsonb_typeof(value) == "array", func.jsonb_array_length(value)), else_=0)


def _in_case(column_: Any, case_id: uuid.UUID | None) -> ColumnElement[bool]:
    return query.all_of(query.equal(column_, case_id))


async def document_counts(session: AsyncSession, case_id: uuid.UUID | None) -> dict[str, Any]:
    """By status, by type and by month in one scan (GROUPING SETS), plus the totals."""
    document_type = func.coalesce(D.document_type, _constant("unknown"))
    month = func.coalesce(func.to_char(D.document_date, _constant("YYYY-MM")), _constant("undated"))
    rows = (
        await session.execute(
            select(
                D.status,
                document_type.label("document_type"),
                month.label("month"),
                func.grouping(D.status).label("g_status"),
                func.grouping(document_type).label("g_type"),
                func.count().label("n"),
                func.count().filter(D.smoking_gun).label("guns"),
                func.sum(_array_length(D.fraud_indicators)).label("fraud"),
                func.sum(_array_length(D.perjury_indicators)).label("perjury"),
            )
            .where(_in_case(D.case_id, case_id))
            .group_by(func.grouping_sets(tuple_(D.status), tuple_(document_type), tuple_(month), tuple_()))
        )
    ).all()
    result: dict[str, Any] = {
        "by_status": [],
        "by_type": [],
        "by_month": [],
        "documents": 0,
        "smoking_guns": 0,
    }
    result |= {"fraud_indicators": 0, "perjury_indicators": 0}
    for row in rows:
        if row.g_status == 0:
            result["by_status"].append(Bucket(key=row.status, count=row.n))
        elif row.g_type == 0:
            result["by_type"].append(Bucket(key=row.document_type, count=row.n))
        elif row.month is not None:
            result["by_month"].append(Bucket(key=row.month, count=row.n))
        else:
            result |= {"documents": row.n, "smoking_guns": row.guns}
            result |= {"fraud_indicators": int(row.fraud or 0), "perjury_indicators": int(row.perjury or 0)}
    result["by_status"].sort(key=lambda b: -b.count)
    result["by_type"].sort(key=lambda b: -b.count)
    result["by_month"].sort(key=lambda b: (b.key == "undated", b.key))
    return result


async def score_bins(session: AsyncSession, case_id: uuid.UUID | None) -> list[ScoreBin]:
    """Each document's four scores as (name, value) rows (one scan), counted per 100-wide bin."""
    scores = (
        func.unnest(
            array([_constant(name) for name in SCORES]),
            array([D.micro_score, D.macro_score, D.legal_score, D.relevancy_score]),
        )
        .table_valued(column("name"), column("value", Integer))
        .render_derived(name="s")
    )
    start = scores.c.value.op("/")(_constant(100)).op("*")(_constant(100))  # integer division
    rows = await session.execute(
        select(scores.c.name, start.label("start"), func.count().label("n"))
        .select_from(D)
        .join(scores, true())
        .where(D.status == DocumentStatus.DONE, _in_case(D.case_id, case_id))
        .group_by(scores.c.name, start)
        .order_by(scores.c.name, start)
    )
    return [ScoreBin(score=r.name, start=r.start, count=r.n) for r in rows]


async def violation_counts(session: AsyncSession, case_id: uuid.UUID | None) -> dict[str, Any]:
    rows = (
        await session.execute(
            select(
                V.violation_type,
                V.severity,
                V.review_status,
                func.grouping(V.violation_type).label("g_type"),
                func.grouping(V.severity).label("g_severity"),
                func.grouping(V.review_status).label("g_review"),
                func.count().label("n"),
            )
            .where(_in_case(V.case_id, case_id))
            .group_by(
                func.grouping_sets(
                    tuple_(V.violation_type, V.severity),
                    tuple_(V.severity),
                    tuple_(V.review_status),
                    tuple_(),
                )
            )
        )
    ).all()
    result: dict[str, Any] = {"total": 0, "by_severity": [], "by_review_status": [], "by_type": []}
    for row in rows:
        if row.g_type == 0:
            result["by_type"].append(
                ViolationBucket(violation_type=row.violation_type, severity=row.severity, count=row.n)
            )
        elif row.g_severity == 0:
            result["by_severity"].append(Bucket(key=row.severity, count=row.n))
        elif row.g_review == 0:
            result["by_review_status"].append(Bucket(key=row.review_status, count=row.n))
        else:
            result["total"] = row.n
    rank: dict[str, int] = {severity: n for n, severity in enumerate(Severity)}  # most grave first
    result["by_severity"].sort(key=lambda b: rank.get(b.key, len(rank)))
    result["by_type"].sort(key=lambda b: (rank.get(b.severity, len(rank)), -b.count))
    return result


def _elements(value: Any, name: str) -> Any:
    """``jsonb_array_elements`` of ``value`` as a FROM item (a function in FROM may read earlier items)."""
    return func.jsonb_array_elements(value).table_valued(column("value", JSONB)).render_derived(name=name)


async def citation_uses(session: AsyncSession, case_id: uuid.UUID | None, limit: int) -> list[dict[str, Any]]:
    """Citations by how many documents cite them, with how many findings rest on each."""
    citations = D.analysis["citations"]
    listed = case((func.jsonb_typeof(citations) == "array", citations), else_=cast(_constant("[]"), JSONB))
    c = _elements(listed, "c")
    normalized = c.c.value.op("->>")(_constant("normalized"))
    cited = (
        select(
            normalized.label("citation"),
            func.min(c.c.value.op("->>")(_constant("kind"))).label("kind"),
            func.count(D.id.distinct()).label("documents"),
        )
        .select_from(D)
        .join(c, true())
        .where(_in_case(D.case_id, case_id))
        .group_by(normalized)
        .cte("cited")
    )
    bases = (
        select(V.legal_basis.label("citation"), func.count().label("violations"))
        .where(
            V.legal_basis.isnot(None), V.review_status != ReviewStatus.DISMISSED, _in_case(V.case_id, case_id)
        )
        .group_by(V.legal_basis)
        .cte("bases")
    )
    citation = func.coalesce(cited.c.citation, bases.c.citation)
    documents = func.coalesce(cited.c.documents, 0)
    violations = func.coalesce(bases.c.violations, 0)
    rows = await session.execute(
        select(
            citation.label("citation"),
            func.coalesce(cited.c.kind, "statute").label("kind"),
            documents.label("documents"),
            violations.label("violations"),
        )
        .select_from(cited.join(bases, bases.c.citation == cited.c.citation, full=True))
        .where(citation.isnot(None))
        # The most used first: a citation only documents (or only findings) cite counts 0 on the other
        # side (the raw sum was null and sorted those first).
        .order_by((documents + violations).desc(), citation)
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


async def contradictions(
    session: AsyncSession, case_id: uuid.UUID | None, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Perjury indicators with a statement and what contradicts it (two passages or more), surest first."""
    i = _elements(D.perjury_indicators, "i")
    evidence = i.c.value["evidence"]
    found = (
        select(D.id.label("document_id"), D.file_name, i.c.value.label("indicator"))
        .select_from(D)
        .join(i, true())
        .where(
            func.jsonb_typeof(D.perjury_indicators) == "array",
            func.jsonb_typeof(i.c.value) == "object",
            func.jsonb_typeof(evidence) == "array",
            func.jsonb_array_length(evidence) >= 2,
            _in_case(D.case_id, case_id),
        )
    )
    total = int(await session.scalar(select(func.count()).select_from(found.subquery())) or 0)
    # A number only where one is stored: an old row's "high" sorts last instead of failing the query.
    confidence = case(
        (
            func.jsonb_typeof(i.c.value["confidence"]) == "number",
            cast(i.c.value.op("->>")(_constant("confidence")), Float),
        ),
        else_=None,
    )
    rows = await session.execute(
        found.order_by(confidence.desc().nulls_last(), D.id).limit(limit).offset(offset)
    )
    return [dict(r._mapping) for r in rows], total


async def upcoming(
    session: AsyncSession, case_id: uuid.UUID | None, today: date, *, hearings: bool, limit: int
) -> list[dict[str, Any]]:
    e = CourtEvent
    kind = (
        # A setting continued or vacated is not the next hearing; where it moved to is.
        and_(
            e.event_type.in_(list(HEARING_TYPES)),
            func.coalesce(e.status, EventStatus.SCHEDULED.value).not_in(
                (EventStatus.CONTINUED, EventStatus.VACATED)
            ),
        )
        if hearings
        else and_(
            e.event_type == "deadline",
            func.coalesce(e.status, "upcoming").not_in(("met", "superseded", "moot")),
        )
    )
    rows = await session.execute(
        select(
            e.id,
            e.event_date,
            e.event_type,
            e.title,
            e.citation,
            e.document_id,
            type_coerce(e.event_date - today, Integer).label("days_left"),
        )
        .where(kind, e.event_date >= today, _in_case(e.case_id, case_id))
        .order_by(e.event_date, e.id)
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


def _count(entity: Any, case_id: uuid.UUID | None, *conditions: Any) -> Any:
    return (
        select(func.count())
        .select_from(entity)
        .where(*conditions, _in_case(entity.case_id, case_id))
        .scalar_subquery()
    )


async def today_counts(session: AsyncSession, case_id: uuid.UUID | None) -> dict[str, Any]:
    queued = D.status.in_((DocumentStatus.QUEUED, DocumentStatus.PROCESSING))
    failed = D.status == DocumentStatus.FAILED
    last_day = D.processed_at > func.now() - literal_column("interval '1 day'")
    row = (
        await session.execute(
            select(
                _count(D, case_id).label("documents"),
                _count(D, case_id, D.smoking_gun).label("smoking_guns"),
                _count(
                    V, case_id, V.severity == Severity.CRITICAL, V.review_status != ReviewStatus.DISMISSED
                ).label("critical_violations"),
                _count(ProcessingBatch, case_id, ProcessingBatch.status == BatchState.RUNNING).label(
                    "running_batches"
                ),
                _count(D, case_id, queued).label("queued_documents"),
                _count(D, case_id, failed).label("failed_documents"),
                _count(D, case_id, failed, last_day).label("failed_last_day"),
                select(func.max(D.processed_at))
                .where(_in_case(D.case_id, case_id))
                .scalar_subquery()
                .label("last_processed_at"),
            )
        )
    ).one()
    return dict(row._mapping)
