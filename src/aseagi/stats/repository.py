"""The SQL behind the dashboards' aggregates. One pass over the table per question, filtered by case."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis.schemas import HEARING_TYPES
from aseagi.stats.schemas import Bucket, ScoreBin, ViolationBucket


def case_filter(column: str = "case_id") -> str:
    """Rows of the given case, or of every case when ``:case_id`` is null."""
    return f"(CAST(:case_id AS uuid) IS NULL OR {column} = CAST(:case_id AS uuid))"


CASE_FILTER = case_filter()


def _array_length(column: str) -> str:
    """Old rows may hold a string or null where new rows hold an array."""
    return f"CASE WHEN jsonb_typeof({column}) = 'array' THEN jsonb_array_length({column}) ELSE 0 END"


async def document_counts(session: AsyncSession, case_id: uuid.UUID | None) -> dict[str, Any]:
    """By status, by type and by month in one scan (GROUPING SETS), plus the totals."""
    rows = (
        await session.execute(
            text(
                "SELECT status, coalesce(document_type, 'unknown') AS document_type, "
                "coalesce(to_char(document_date, 'YYYY-MM'), 'undated') AS month, "
                "GROUPING(status) AS g_status, GROUPING(coalesce(document_type, 'unknown')) AS g_type, "
                "count(*) AS n, count(*) FILTER (WHERE smoking_gun) AS guns, "
                f"sum({_array_length('fraud_indicators')}) AS fraud, "
                f"sum({_array_length('perjury_indicators')}) AS perjury "
                f"FROM legal_documents WHERE {CASE_FILTER} "
                "GROUP BY GROUPING SETS ((status), (coalesce(document_type, 'unknown')), "
                "(coalesce(to_char(document_date, 'YYYY-MM'), 'undated')), ())"
            ),
            {"case_id": case_id},
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
    rows = await session.execute(
        text(
            "SELECT s.name, (s.value / 100) * 100 AS start, count(*) AS n FROM legal_documents d "
            "CROSS JOIN LATERAL (VALUES ('micro', d.micro_score), ('macro', d.macro_score), "
            "('legal', d.legal_score), ('relevancy', d.relevancy_score)) AS s(name, value) "
            f"WHERE d.status = 'done' AND {case_filter('d.case_id')} "
            "GROUP BY 1, 2 ORDER BY 1, 2"
        ),
        {"case_id": case_id},
    )
    return [ScoreBin(score=r.name, start=r.start, count=r.n) for r in rows]


async def violation_counts(session: AsyncSession, case_id: uuid.UUID | None) -> dict[str, Any]:
    rows = (
        await session.execute(
            text(
                "SELECT violation_type, severity, review_status, GROUPING(violation_type) AS g_type, "
                "GROUPING(severity) AS g_severity, GROUPING(review_status) AS g_review, count(*) AS n "
                f"FROM legal_violations WHERE {CASE_FILTER} "
                "GROUP BY GROUPING SETS ((violation_type, severity), (severity), (review_status), ())"
            ),
            {"case_id": case_id},
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
    rank = {"CRITICAL": 0, "HIGH": 1, "MEDIUM": 2, "LOW": 3}
    result["by_severity"].sort(key=lambda b: rank.get(b.key, 4))
    result["by_type"].sort(key=lambda b: (rank.get(b.severity, 4), -b.count))
    return result


async def citation_uses(session: AsyncSession, case_id: uuid.UUID | None, limit: int) -> list[dict[str, Any]]:
    """Citations by how many documents cite them, with how many findings rest on each."""
    rows = await session.execute(
        text(
            "WITH cited AS ("
            "  SELECT c->>'normalized' AS citation, min(c->>'kind') AS kind, "
            "  count(DISTINCT d.id) AS documents "
            "  FROM legal_documents d CROSS JOIN LATERAL jsonb_array_elements("
            "    CASE WHEN jsonb_typeof(d.analysis->'citations') = 'array' "
            "    THEN d.analysis->'citations' ELSE '[]'::jsonb END) AS c "
            f"  WHERE {case_filter('d.case_id')} GROUP BY 1), "
            "bases AS ("
            "  SELECT legal_basis AS citation, count(*) AS violations FROM legal_violations "
            f"  WHERE legal_basis IS NOT NULL AND review_status <> 'dismissed' AND {CASE_FILTER} GROUP BY 1) "
            "SELECT coalesce(cited.citation, bases.citation) AS citation, "
            "coalesce(cited.kind, 'statute') AS kind, coalesce(cited.documents, 0) AS documents, "
            "coalesce(bases.violations, 0) AS violations "
            "FROM cited FULL JOIN bases ON bases.citation = cited.citation "
            "WHERE coalesce(cited.citation, bases.citation) IS NOT NULL "
            "ORDER BY documents + violations DESC, citation LIMIT :limit"
        ),
        {"case_id": case_id, "limit": limit},
    )
    return [dict(r._mapping) for r in rows]


async def contradictions(
    session: AsyncSession, case_id: uuid.UUID | None, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Perjury indicators with a statement and what contradicts it (two passages or more), surest first."""
    base = (
        "FROM legal_documents d CROSS JOIN LATERAL jsonb_array_elements(d.perjury_indicators) AS i "
        "WHERE jsonb_typeof(d.perjury_indicators) = 'array' AND jsonb_typeof(i) = 'object' "
        "AND jsonb_typeof(i->'evidence') = 'array' AND jsonb_array_length(i->'evidence') >= 2 "
        f"AND {case_filter('d.case_id')}"
    )
    params = {"case_id": case_id, "limit": limit, "offset": offset}
    total = int(await session.scalar(text(f"SELECT count(*) {base}"), params) or 0)
    rows = await session.execute(
        text(
            f"SELECT d.id AS document_id, d.file_name, i AS indicator {base} "
            "ORDER BY (i->>'confidence')::float DESC NULLS LAST, d.id LIMIT :limit OFFSET :offset"
        ),
        params,
    )
    return [dict(r._mapping) for r in rows], total


async def file_names(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(
        text("SELECT id, file_name FROM legal_documents WHERE id = ANY(:ids)"), {"ids": ids}
    )
    return {r.id: r.file_name for r in rows}


async def upcoming(
    session: AsyncSession, case_id: uuid.UUID | None, today: date, *, hearings: bool, limit: int
) -> list[dict[str, Any]]:
    kind = (
        # A setting continued or vacated is not the next hearing; where it moved to is.
        "event_type = ANY(:types) AND coalesce(status, 'scheduled') NOT IN ('continued', 'vacated')"
        if hearings
        else "event_type = 'deadline' AND coalesce(status, 'upcoming') NOT IN ('met', 'superseded', 'moot')"
    )
    rows = await session.execute(
        text(
            "SELECT id, event_date, event_type, title, citation, document_id, "
            "event_date - :today AS days_left "
            f"FROM court_events WHERE {kind} AND event_date >= :today AND {CASE_FILTER} "
            "ORDER BY event_date, id LIMIT :limit"
        ),
        {"case_id": case_id, "today": today, "types": list(HEARING_TYPES), "limit": limit},
    )
    return [dict(r._mapping) for r in rows]


async def today_counts(session: AsyncSession, case_id: uuid.UUID | None) -> dict[str, Any]:
    row = (
        await session.execute(
            text(
                "SELECT "
                f"(SELECT count(*) FROM legal_documents WHERE {CASE_FILTER}) AS documents, "
                "(SELECT count(*) FROM legal_documents WHERE smoking_gun "
                f"  AND {CASE_FILTER}) AS smoking_guns, "
                "(SELECT count(*) FROM legal_violations WHERE severity = 'CRITICAL' "
                f"  AND review_status <> 'dismissed' AND {CASE_FILTER}) AS critical_violations, "
                "(SELECT count(*) FROM processing_batches WHERE status = 'running' "
                f"  AND {CASE_FILTER}) AS running_batches, "
                "(SELECT count(*) FROM legal_documents WHERE status IN ('queued', 'processing') "
                f"  AND {CASE_FILTER}) AS queued_documents, "
                f"(SELECT count(*) FROM legal_documents WHERE status = 'failed' AND {CASE_FILTER}) "
                "  AS failed_documents, "
                "(SELECT count(*) FROM legal_documents WHERE status = 'failed' "
                f"  AND processed_at > now() - interval '1 day' AND {CASE_FILTER}) AS failed_last_day, "
                f"(SELECT max(processed_at) FROM legal_documents WHERE {CASE_FILTER}) AS last_processed_at"
            ),
            {"case_id": case_id},
        )
    ).one()
    return dict(row._mapping)
