"""All SQL behind ``/telegram/*``. Every query is bounded by an index and a LIMIT: nothing reads a table.

The case filter is spliced in as a fixed SQL fragment (never a value) rather than ``(:case IS NULL OR …)``,
so a prepared statement's generic plan still uses the ``(case_id, …)`` indexes. Counting "all cases" on a
``(case_id, x)`` index walks the cases table and probes the index once per case (a manual skip scan).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, text
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis.schemas import HEARING_TYPES

HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"
HEADLINE_OPTIONS = (
    f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}, MaxWords=35, MinWords=12, "
    "MaxFragments=1, ShortWord=2"
)
HEADLINE_MAX_CHARS = 500_000
"""The same prefix the ``search`` column indexes: a match beyond it cannot have been found."""
MESSAGE_MAX_CHARS = 100_000
"""A message's ``content`` in a search result is cut here: a phone never shows more."""

Row = RowMapping


def _case(column: str, case_id: uuid.UUID | None) -> str:
    return f" AND {column} = :case_id" if case_id is not None else ""


async def _rows(session: AsyncSession, sql: str, params: dict[str, Any]) -> list[Row]:
    result = await session.execute(text(sql), params)
    return list(result.mappings().all())


async def _scalar(session: AsyncSession, sql: str, params: dict[str, Any]) -> int:
    return int(await session.scalar(text(sql), params) or 0)


def _per_case_count(where: str) -> str:
    """Count ``legal_documents`` rows matching ``where`` in every case through the ``(case_id, …)`` index."""
    return (
        "SELECT coalesce(sum(n), 0) FROM ("
        f" SELECT (SELECT count(*) FROM legal_documents d WHERE d.case_id = c.id AND {where}) AS n"
        " FROM cases c"
        f" UNION ALL SELECT count(*) FROM legal_documents d WHERE d.case_id IS NULL AND {where}"
        ") AS per_case"
    )


def _documents_count_sql(case_id: uuid.UUID | None, where: str) -> str:
    if case_id is not None:
        return f"SELECT count(*) FROM legal_documents d WHERE d.case_id = :case_id AND {where}"
    return _per_case_count(where)


async def count_documents(session: AsyncSession, case_id: uuid.UUID | None, where: str) -> int:
    return await _scalar(session, _documents_count_sql(case_id, where), {"case_id": case_id})


# --- search -----------------------------------------------------------------------------------------


TSQUERY = "websearch_to_tsquery('english', :query)"
"""Written into each condition (not taken from a CTE) so the planner sees the query's words and estimates
how common they are: a word in 40% of documents is found fastest by reading rows until enough match,
a rare one through the GIN index. A CTE would hide the words and force the index for both."""


def _search_sql(case_id: uuid.UUID | None) -> str:
    """One statement: the first ``candidates + 1`` matches of each table (their number is the capped count),
    ranked; the page of them; and the headline and page number for that page only."""
    return f"""
WITH query AS (SELECT websearch_to_tsquery('english', :query) AS q),
doc_candidates AS (
    SELECT d.id, ts_rank(d.search, {TSQUERY}) AS rank FROM legal_documents d
    WHERE d.search @@ {TSQUERY}{_case("d.case_id", case_id)} LIMIT :candidates + 1
),
comm_candidates AS (
    SELECT c.id, ts_rank(c.search, {TSQUERY}) AS rank FROM communications c
    WHERE c.search @@ {TSQUERY}{_case("c.case_id", case_id)} LIMIT :candidates + 1
),
ranked AS (
    SELECT 'document' AS kind, id, rank FROM doc_candidates
    UNION ALL
    SELECT 'communication' AS kind, id, rank FROM comm_candidates
),
counts AS (
    SELECT count(*) FILTER (WHERE kind = 'document') AS documents,
           count(*) FILTER (WHERE kind = 'communication') AS communications
    FROM ranked
),
page AS (SELECT kind, id, rank FROM ranked ORDER BY rank DESC, id LIMIT :limit OFFSET :offset),
lit AS (
    SELECT p.kind, p.id, p.rank,
           coalesce(d.id, c.document_id) AS document_id,
           coalesce(d.case_id, c.case_id) AS case_id,
           CASE WHEN p.kind = 'document' THEN coalesce(nullif(d.title, ''), d.file_name)
                ELSE coalesce(nullif(c.subject, ''),
                              initcap(c.channel) || ' from ' || coalesce(c.sender, 'unknown'))
           END AS title,
           CASE WHEN p.kind = 'document' THEN d.document_date ELSE (c.sent_at)::date END AS date,
           ts_headline('english',
                       CASE WHEN p.kind = 'document' THEN left(coalesce(d.text, ''), {HEADLINE_MAX_CHARS})
                            ELSE c.content END,
                       query.q, :headline_options) AS headline,
           CASE WHEN p.kind = 'document' THEN d.text END AS body,
           coalesce(d.file_name, source.file_name) AS file_name,
           c.channel, c.sender, c.recipients, c.sent_at, c.subject,
           left(c.content, {MESSAGE_MAX_CHARS}) AS content
    FROM page p CROSS JOIN query
    LEFT JOIN legal_documents d ON p.kind = 'document' AND d.id = p.id
    LEFT JOIN communications c ON p.kind = 'communication' AND c.id = p.id
    LEFT JOIN legal_documents source ON source.id = c.document_id
),
located AS (
    SELECT lit.*,
           strpos(body, substring(headline FROM '{HIGHLIGHT_START}([^{HIGHLIGHT_STOP}]+){HIGHLIGHT_STOP}'))
             AS match_at
    FROM lit
)
SELECT counts.documents, counts.communications,
       kind, id, rank, document_id, case_id, title, date, headline, file_name,
       channel, sender, recipients, sent_at, subject, content,
       CASE WHEN kind <> 'document' THEN NULL
            WHEN coalesce(match_at, 0) = 0 THEN 1
            ELSE 1 + length(left(body, match_at)) - length(replace(left(body, match_at), chr(12), ''))
       END AS page
FROM counts LEFT JOIN located ON TRUE
ORDER BY rank DESC, id
"""


async def search(
    session: AsyncSession,
    *,
    query: str,
    case_id: uuid.UUID | None,
    candidates: int,
    limit: int,
    offset: int,
) -> tuple[list[Row], int, int]:
    """(page of hits, documents matching, messages matching), ranked among the first ``candidates``
    matches of each table; the counts stop at ``candidates + 1``."""
    params = {
        "query": query,
        "case_id": case_id,
        "candidates": candidates,
        "limit": limit,
        "offset": offset,
        "headline_options": HEADLINE_OPTIONS,
    }
    # Plans must be made with the words known: a generic plan of a prepared statement would not know them.
    await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    rows = await _rows(session, _search_sql(case_id), params)
    documents, communications = int(rows[0]["documents"]), int(rows[0]["communications"])
    return [r for r in rows if r["id"] is not None], documents, communications


# --- events: timeline and deadlines --------------------------------------------------------------------

EVENT_COLUMNS = (
    "e.id, e.case_id, e.document_id, e.event_date, e.event_time, e.event_type, e.title, e.department, "
    "e.description, e.source, e.rule_id, e.citation, e.trigger_event_id, e.status, e.evidence, e.mentions, "
    "e.date_certainty, e.disputed, e.continued_to, e.people, e.event_key, e.docket_number"
)
ONCE = (
    "NOT (e.source = 'manual' AND e.event_key IS NOT NULL AND EXISTS (SELECT 1 FROM court_events m "
    "WHERE m.case_id = e.case_id AND m.event_key = e.event_key AND m.source = 'document')) "
    "AND NOT (e.source = 'document' AND e.event_key IS NULL AND EXISTS (SELECT 1 FROM court_events m "
    "WHERE m.case_id = e.case_id AND m.event_date = e.event_date AND m.source = 'document' "
    "AND m.event_key IS NOT NULL AND (m.event_type = e.event_type OR e.event_type = 'hearing')))"
)
"""A fact listed once: a person's entry that the chronology merged with documents' mentions is shown as
the merged event (which names it among its sources), and so is a mention a document ingested since the
last case analysis wrote for a fact the chronology already has."""
NOT_CLOSED = "coalesce(e.status, 'upcoming') NOT IN ('met', 'superseded', 'moot', 'continued', 'vacated')"
OPEN_DEADLINE = f"e.event_type = 'deadline' AND {NOT_CLOSED}"
"""A deadline still to act on: not already met, replaced by a later trigger, or made moot."""


def _events_where(case_id: uuid.UUID | None, *, deadlines_only: bool) -> str:
    kind = f" AND {OPEN_DEADLINE}" if deadlines_only else f" AND {ONCE}"
    return f"e.event_date BETWEEN :date_from AND :date_to{kind}{_case('e.case_id', case_id)}"


async def list_events(
    session: AsyncSession,
    *,
    case_id: uuid.UUID | None,
    date_from: date,
    date_to: date,
    deadlines_only: bool,
    limit: int,
    offset: int,
) -> tuple[list[Row], int]:
    where = _events_where(case_id, deadlines_only=deadlines_only)
    params = {
        "case_id": case_id,
        "date_from": date_from,
        "date_to": date_to,
        "limit": limit,
        "offset": offset,
    }
    rows = await _rows(
        session,
        f"SELECT {EVENT_COLUMNS} FROM court_events e WHERE {where} "
        "ORDER BY e.event_date, e.event_time NULLS LAST, e.id LIMIT :limit OFFSET :offset",
        params,
    )
    total = await _scalar(session, f"SELECT count(*) FROM court_events e WHERE {where}", params)
    return rows, total


async def next_event(
    session: AsyncSession, *, case_id: uuid.UUID | None, today: date, event_types: Sequence[str]
) -> Row | None:
    rows = await _rows(
        session,
        f"SELECT {EVENT_COLUMNS} FROM court_events e "
        f"WHERE e.event_date >= :today AND e.event_type = ANY(:types) AND {NOT_CLOSED} AND {ONCE}"
        f"{_case('e.case_id', case_id)} "
        "ORDER BY e.event_date, e.event_time NULLS LAST, e.id LIMIT 1",
        {"case_id": case_id, "today": today, "types": list(event_types)},
    )
    return rows[0] if rows else None


# --- violations --------------------------------------------------------------------------------------


async def list_violations(
    session: AsyncSession, *, case_id: uuid.UUID | None, limit: int, offset: int
) -> tuple[list[Row], int, int]:
    where = f"TRUE{_case('v.case_id', case_id)}"
    rows = await _rows(
        session,
        "SELECT v.id, v.case_id, v.violation_type, v.severity, v.violation_date, v.person, v.description, "
        "v.legal_basis, v.review_status, v.document_id, d.file_name AS document_name "
        f"FROM legal_violations v LEFT JOIN legal_documents d ON d.id = v.document_id WHERE {where} "
        "ORDER BY v.severity_rank, v.violation_date DESC NULLS LAST, v.id LIMIT :limit OFFSET :offset",
        {"case_id": case_id, "limit": limit, "offset": offset},
    )
    counts = (
        await _rows(
            session,
            "SELECT count(*) AS total, count(*) FILTER (WHERE v.severity_rank = 0) AS critical "
            f"FROM legal_violations v WHERE {where}",
            {"case_id": case_id},
        )
    )[0]
    return rows, int(counts["total"]), int(counts["critical"])


# --- actions -----------------------------------------------------------------------------------------

SMOKING_GUN_TO_REVIEW = "d.smoking_gun AND d.review_status = 'unreviewed'"
FAILED = "d.status = 'failed'"
CRITICAL_TO_VERIFY = "v.severity_rank = 0 AND v.review_status = 'suspected'"
HIGH_TO_VERIFY = "v.severity_rank = 1 AND v.review_status = 'suspected'"
HEARING_AHEAD = (
    "e.event_type = ANY(:hearing_types) AND e.source IN ('document', 'manual') "
    f"AND coalesce(e.status, 'scheduled') NOT IN ('continued', 'vacated') AND {ONCE}"
)
"""A hearing the parent should prepare for: not moved away or taken off calendar, listed once."""


async def count_actions(
    session: AsyncSession, *, case_id: uuid.UUID | None, today: date, horizon: date
) -> dict[str, int]:
    """The four counts in one round trip, each from its own index."""
    sql = f"""
SELECT
  (SELECT count(*) FROM court_events e WHERE {OPEN_DEADLINE}
     AND e.event_date BETWEEN :today AND :horizon{_case("e.case_id", case_id)}) AS deadline,
  ({_documents_count_sql(case_id, SMOKING_GUN_TO_REVIEW)}) AS smoking_gun,
  (SELECT count(*) FROM court_events e WHERE {HEARING_AHEAD}
     AND e.event_date BETWEEN :today AND :horizon{_case("e.case_id", case_id)}) AS hearing,
  (SELECT count(*) FROM legal_violations v
     WHERE {CRITICAL_TO_VERIFY}{_case("v.case_id", case_id)}) AS critical_violation,
  (SELECT count(*) FROM legal_violations v
     WHERE {HIGH_TO_VERIFY}{_case("v.case_id", case_id)}) AS high_violation,
  ({_documents_count_sql(case_id, FAILED)}) AS failed_document
"""
    params = {"case_id": case_id, "today": today, "horizon": horizon, "hearing_types": list(HEARING_TYPES)}
    row = (await _rows(session, sql, params))[0]
    return {key: int(value) for key, value in row.items()}


async def deadline_actions(
    session: AsyncSession, *, case_id: uuid.UUID | None, today: date, horizon: date, limit: int, offset: int
) -> list[Row]:
    return await _rows(
        session,
        "SELECT e.id, e.case_id, e.document_id, e.title, e.description AS detail, e.event_date AS date, "
        f"e.citation, e.trigger_event_id AS event_id FROM court_events e WHERE {OPEN_DEADLINE} "
        f"AND e.event_date BETWEEN :today AND :horizon{_case('e.case_id', case_id)} "
        "ORDER BY e.event_date, e.id LIMIT :limit OFFSET :offset",
        {"case_id": case_id, "today": today, "horizon": horizon, "limit": limit, "offset": offset},
    )


async def smoking_gun_actions(
    session: AsyncSession, *, case_id: uuid.UUID | None, limit: int, offset: int
) -> list[Row]:
    return await _rows(
        session,
        "SELECT d.id, d.case_id, d.id AS document_id, coalesce(nullif(d.title, ''), d.file_name) AS title, "
        "'relevancy ' || d.relevancy_score || ', not yet reviewed' AS detail, d.document_date AS date, "
        "NULL::text AS citation "
        f"FROM legal_documents d WHERE {SMOKING_GUN_TO_REVIEW}{_case('d.case_id', case_id)} "
        "ORDER BY d.relevancy_score DESC, d.id LIMIT :limit OFFSET :offset",
        {"case_id": case_id, "limit": limit, "offset": offset},
    )


async def hearing_actions(
    session: AsyncSession, *, case_id: uuid.UUID | None, today: date, horizon: date, limit: int, offset: int
) -> list[Row]:
    """Hearings in the window with the files that name them (their sources)."""
    return await _rows(
        session,
        "SELECT e.id, e.case_id, e.document_id, e.title, e.event_date AS date, NULL::text AS citation, "
        "coalesce((SELECT array_agg(DISTINCT d.file_name ORDER BY d.file_name) "
        "  FROM jsonb_array_elements(e.evidence) s JOIN legal_documents d "
        "  ON d.id::text = s->>'document_id'), ARRAY[]::text[]) AS documents "
        f"FROM court_events e WHERE {HEARING_AHEAD} "
        f"AND e.event_date BETWEEN :today AND :horizon{_case('e.case_id', case_id)} "
        "ORDER BY e.event_date, e.id LIMIT :limit OFFSET :offset",
        {
            "case_id": case_id,
            "today": today,
            "horizon": horizon,
            "limit": limit,
            "offset": offset,
            "hearing_types": list(HEARING_TYPES),
        },
    )


async def violation_actions(
    session: AsyncSession,
    *,
    case_id: uuid.UUID | None,
    limit: int,
    offset: int,
    severity: str = CRITICAL_TO_VERIFY,
) -> list[Row]:
    return await _rows(
        session,
        "SELECT v.id, v.case_id, v.document_id, v.violation_type AS title, v.description AS detail, "
        "v.violation_date AS date, v.legal_basis AS citation "
        f"FROM legal_violations v WHERE {severity}{_case('v.case_id', case_id)} "
        "ORDER BY v.violation_date DESC NULLS LAST, v.id LIMIT :limit OFFSET :offset",
        {"case_id": case_id, "limit": limit, "offset": offset},
    )


async def failed_document_actions(
    session: AsyncSession, *, case_id: uuid.UUID | None, limit: int, offset: int
) -> list[Row]:
    return await _rows(
        session,
        "SELECT d.id, d.case_id, d.id AS document_id, d.file_name AS title, "
        "coalesce(d.status_reason, 'processing failed') AS detail, d.document_date AS date, "
        "NULL::text AS citation "
        f"FROM legal_documents d WHERE {FAILED}{_case('d.case_id', case_id)} "
        "ORDER BY d.updated_at DESC, d.id LIMIT :limit OFFSET :offset",
        {"case_id": case_id, "limit": limit, "offset": offset},
    )


# --- report ------------------------------------------------------------------------------------------


async def documents_by_status(session: AsyncSession, *, case_id: uuid.UUID | None) -> dict[str, int]:
    rows = await _rows(
        session,
        "SELECT d.status, count(*) AS n FROM legal_documents d "
        f"WHERE TRUE{_case('d.case_id', case_id)} GROUP BY d.status",
        {"case_id": case_id},
    )
    return {str(r["status"]): int(r["n"]) for r in rows}


async def violation_counts(session: AsyncSession, *, case_id: uuid.UUID | None) -> tuple[int, int]:
    row = (
        await _rows(
            session,
            "SELECT count(*) AS total, count(*) FILTER (WHERE v.severity_rank = 0) AS critical "
            f"FROM legal_violations v WHERE TRUE{_case('v.case_id', case_id)}",
            {"case_id": case_id},
        )
    )[0]
    return int(row["total"]), int(row["critical"])


async def count_communications(session: AsyncSession, *, case_id: uuid.UUID | None) -> int:
    return await _scalar(
        session,
        f"SELECT count(*) FROM communications c WHERE TRUE{_case('c.case_id', case_id)}",
        {"case_id": case_id},
    )


async def processing_rate(session: AsyncSession, *, case_id: uuid.UUID | None) -> tuple[float, int]:
    """(documents finished per minute across running batches, number of running batches)."""
    row = (
        await _rows(
            session,
            "SELECT count(*) AS running, coalesce(sum((b.done + b.failed + b.duplicate + b.unsupported)"
            " / greatest(extract(epoch FROM now() - b.started_at) / 60.0, 1.0 / 60)), 0) AS rate "
            f"FROM processing_batches b WHERE b.status = 'running'{_case('b.case_id', case_id)}",
            {"case_id": case_id},
        )
    )[0]
    return float(row["rate"]), int(row["running"])
