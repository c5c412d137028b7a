"""All SQL of search: the match condition the listings filter on (``/documents?q=``, ``/communications?q=``)
and the ranked search over documents and messages together (``/telegram/search``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, func, text
from sqlalchemy.ext.asyncio import AsyncSession

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


def matches(search_column: Any, query: str) -> ColumnElement[bool]:
    """Rows whose ``search`` tsvector matches ``query`` (web-search syntax: words, "phrases", -not, or)."""
    return search_column.op("@@")(func.websearch_to_tsquery("english", query))


def _case(column: str, case_id: uuid.UUID | None) -> str:
    """A fixed fragment (the value stays a bound parameter), present only when a case is asked for: a
    statement that names the column uses the ``(case_id, …)`` index, one that does not reads all cases."""
    return f" AND {column} = :case_id" if case_id is not None else ""


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
) -> tuple[list[RowMapping], int, int]:
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
    rows = list((await session.execute(text(_search_sql(case_id)), params)).mappings().all())
    documents, communications = int(rows[0]["documents"]), int(rows[0]["communications"])
    return [r for r in rows if r["id"] is not None], documents, communications
