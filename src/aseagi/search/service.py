"""Ranked search: how many matches are ranked, and a headline turned into a snippet with match offsets."""

from __future__ import annotations

import uuid

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.search import repository
from aseagi.search.repository import HIGHLIGHT_START, HIGHLIGHT_STOP
from aseagi.search.schemas import SearchResponse, SearchResult

SEARCH_CANDIDATES = 1000
"""Matches per table that are ranked and counted. A word found in 100,000 documents ranks the first 1,000
found rather than all of them (``count_exact`` is then false): a phone shows five results, and ranking
everything would cost seconds at a million documents."""


def parse_headline(headline: str) -> tuple[str, list[tuple[int, int]]]:
    """Split ``ts_headline`` output (matches between control markers) into plain text and match offsets."""
    snippet: list[str] = []
    highlights: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for char in headline:
        if char == HIGHLIGHT_START:
            start = length
        elif char == HIGHLIGHT_STOP:
            if start is not None and length > start:
                highlights.append((start, length))
            start = None
        else:
            snippet.append(" " if char in "\f\r\n\t\v" else char)
            length += 1
    return "".join(snippet), highlights


def _search_result(row: RowMapping) -> SearchResult:
    snippet, highlights = parse_headline(str(row["headline"] or ""))
    return SearchResult(
        kind=row["kind"],
        id=row["id"],
        document_id=row["document_id"],
        case_id=row["case_id"],
        title=str(row["title"] or ""),
        snippet=snippet.strip() if not highlights else snippet,
        highlights=highlights,
        page=row["page"],
        date=row["date"],
        rank=float(row["rank"]),
        file_name=row["file_name"],
        channel=row["channel"],
        sender=row["sender"],
        recipients=row["recipients"],
        sent_at=row["sent_at"],
        subject=row["subject"],
        content=row["content"],
    )


async def search(
    session: AsyncSession, *, query: str, case_id: uuid.UUID | None, limit: int, offset: int
) -> SearchResponse:
    rows, documents, communications = await repository.search(
        session, query=query, case_id=case_id, candidates=SEARCH_CANDIDATES, limit=limit, offset=offset
    )
    return SearchResponse(
        results=[_search_result(r) for r in rows],
        count=min(documents, SEARCH_CANDIDATES) + min(communications, SEARCH_CANDIDATES),
        count_exact=documents <= SEARCH_CANDIDATES and communications <= SEARCH_CANDIDATES,
        query=query,
        limit=limit,
        offset=offset,
    )
