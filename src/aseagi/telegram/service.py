"""The rules behind ``/telegram/*``: what counts as urgent, in which order, and for how long a report holds.

``today`` is always a parameter (the endpoint passes ``date.today()``), so nothing here knows the date.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis.schemas import HEARING_TYPES
from aseagi.telegram import repository
from aseagi.telegram.repository import HIGHLIGHT_START, HIGHLIGHT_STOP, Row
from aseagi.telegram.schemas import (
    ActionItem,
    ActionKind,
    ActionsResponse,
    DeadlineItem,
    DeadlinesResponse,
    ReportResponse,
    SearchResponse,
    SearchResult,
    TimelineEvent,
    TimelineResponse,
    UpcomingEvent,
    ViolationItem,
    ViolationsResponse,
)

SEARCH_CANDIDATES = 1000
"""Matches per table that are ranked and counted. A word found in 100,000 documents ranks the first 1,000
found rather than all of them (``count_exact`` is then false): a phone shows five results, and ranking
everything would cost seconds at a million documents."""
ACTION_HORIZON_DAYS = 14
REPORT_TTL_SECONDS = 10.0
"""A daily summary may be ten seconds old; counting a million documents on every request may not."""
ACTION_ORDER: tuple[ActionKind, ...] = (
    "deadline",
    "hearing",
    "smoking_gun",
    "critical_violation",
    "high_violation",
    "failed_document",
)
_ACTION_SOURCES = {
    "deadline": "court_event",
    "hearing": "court_event",
    "smoking_gun": "legal_document",
    "critical_violation": "legal_violation",
    "high_violation": "legal_violation",
    "failed_document": "legal_document",
}


# --- search --------------------------------------------------------------------------------------------


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


def _search_result(row: Row) -> SearchResult:
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


# --- timeline and deadlines ----------------------------------------------------------------------------


def _timeline_event(row: Row, today: date) -> TimelineEvent:
    return TimelineEvent(
        id=row["id"],
        case_id=row["case_id"],
        document_id=row["document_id"],
        date=row["event_date"],
        time=row["event_time"],
        event_type=row["event_type"],
        title=row["title"],
        department=row["department"],
        description=row["description"],
        source=row["source"],
        rule_id=row["rule_id"],
        citation=row["citation"],
        days_from_today=(row["event_date"] - today).days,
        status=row["status"],
        sources=list(row["evidence"] or []),
        mentions=row["mentions"] or 0,
        date_certainty=row["date_certainty"],
        disputed=bool(row["disputed"]),
        continued_to=row["continued_to"],
        people=list(row["people"] or []),
        event_key=row["event_key"],
        docket=row["docket_number"],
    )


async def timeline(
    session: AsyncSession,
    *,
    case_id: uuid.UUID | None,
    date_from: date,
    date_to: date,
    today: date,
    limit: int,
    offset: int,
) -> TimelineResponse:
    rows, total = await repository.list_events(
        session,
        case_id=case_id,
        date_from=date_from,
        date_to=date_to,
        deadlines_only=False,
        limit=limit,
        offset=offset,
    )
    return TimelineResponse(
        events=[_timeline_event(r, today) for r in rows],
        count=total,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    )


async def deadlines(
    session: AsyncSession, *, case_id: uuid.UUID | None, date_from: date, today: date, limit: int, offset: int
) -> DeadlinesResponse:
    rows, total = await repository.list_events(
        session,
        case_id=case_id,
        date_from=date_from,
        date_to=date.max,
        deadlines_only=True,
        limit=limit,
        offset=offset,
    )
    items = [
        DeadlineItem(
            id=r["id"],
            case_id=r["case_id"],
            date=r["event_date"],
            title=r["title"],
            rule_id=r["rule_id"],
            citation=r["citation"],
            description=r["description"],
            trigger_event_id=r["trigger_event_id"],
            days_left=(r["event_date"] - today).days,
        )
        for r in rows
    ]
    return DeadlinesResponse(deadlines=items, count=total, date_from=date_from, limit=limit, offset=offset)


# --- violations ----------------------------------------------------------------------------------------


async def violations(
    session: AsyncSession, *, case_id: uuid.UUID | None, limit: int, offset: int
) -> ViolationsResponse:
    rows, total, critical = await repository.list_violations(
        session, case_id=case_id, limit=limit, offset=offset
    )
    items = [ViolationItem.model_validate({**r, "date": r["violation_date"]}) for r in rows]
    return ViolationsResponse(violations=items, count=total, critical=critical, limit=limit, offset=offset)


# --- actions -------------------------------------------------------------------------------------------


def page_slices(counts: dict[str, int], limit: int, offset: int) -> list[tuple[ActionKind, int, int]]:
    """Which (kind, offset within kind, how many) make up one page of the concatenated, prioritized list."""
    slices: list[tuple[ActionKind, int, int]] = []
    skip, wanted = offset, limit
    for kind in ACTION_ORDER:
        available = counts.get(kind, 0)
        if skip >= available:
            skip -= available
            continue
        take = min(wanted, available - skip)
        slices.append((kind, skip, take))
        wanted -= take
        skip = 0
        if wanted == 0:
            break
    return slices


async def actions(
    session: AsyncSession, *, case_id: uuid.UUID | None, today: date, limit: int, offset: int
) -> ActionsResponse:
    """Deadlines and hearings in the next two weeks first, then smoking guns to review, CRITICAL then HIGH
    findings nobody has reviewed, and documents that failed: each kind from its own index, only the rows
    on this page. Each action names the row it comes from (``source`` and ``id``)."""
    horizon = today + timedelta(days=ACTION_HORIZON_DAYS)
    counts = await repository.count_actions(session, case_id=case_id, today=today, horizon=horizon)
    fetchers: dict[ActionKind, Callable[[int, int], Awaitable[list[Row]]]] = {
        "deadline": lambda lim, off: repository.deadline_actions(
            session, case_id=case_id, today=today, horizon=horizon, limit=lim, offset=off
        ),
        "smoking_gun": lambda lim, off: repository.smoking_gun_actions(
            session, case_id=case_id, limit=lim, offset=off
        ),
        "hearing": lambda lim, off: repository.hearing_actions(
            session, case_id=case_id, today=today, horizon=horizon, limit=lim, offset=off
        ),
        "critical_violation": lambda lim, off: repository.violation_actions(
            session, case_id=case_id, limit=lim, offset=off
        ),
        "high_violation": lambda lim, off: repository.violation_actions(
            session, case_id=case_id, limit=lim, offset=off, severity=repository.HIGH_TO_VERIFY
        ),
        "failed_document": lambda lim, off: repository.failed_document_actions(
            session, case_id=case_id, limit=lim, offset=off
        ),
    }
    items: list[ActionItem] = []
    for kind, kind_offset, take in page_slices(dict(counts), limit, offset):
        for row in await fetchers[kind](take, kind_offset):
            dated = kind in ("deadline", "hearing") and row["date"]
            days_left = (row["date"] - today).days if dated else None
            item = {**row, "kind": kind, "priority": ACTION_ORDER.index(kind) + 1, "days_left": days_left}
            if kind == "hearing":
                documents = list(row["documents"] or [])
                item["detail"] = (
                    f"Prepare: {len(documents)} document(s) bear on it: {', '.join(documents[:5])}"
                    if documents
                    else "Prepare: no document in the case names it yet"
                )
                item["documents"] = documents
            items.append(ActionItem.model_validate({**item, "source": _ACTION_SOURCES[kind]}))
    return ActionsResponse(
        actions=items,
        count=sum(counts.values()),
        counts=dict(counts),
        horizon_days=ACTION_HORIZON_DAYS,
        limit=limit,
        offset=offset,
    )


# --- report --------------------------------------------------------------------------------------------


def _upcoming(row: Row | None, today: date) -> UpcomingEvent | None:
    if row is None:
        return None
    return UpcomingEvent(
        id=row["id"],
        date=row["event_date"],
        time=row["event_time"],
        event_type=row["event_type"],
        title=row["title"],
        citation=row["citation"],
        days_left=(row["event_date"] - today).days,
    )


def report_status(by_status: dict[str, int]) -> str:
    if by_status.get("failed", 0):
        return "attention"
    if by_status.get("queued", 0) or by_status.get("processing", 0):
        return "processing"
    return "ok"


async def build_report(session: AsyncSession, *, case_id: uuid.UUID | None, today: date) -> ReportResponse:
    by_status = await repository.documents_by_status(session, case_id=case_id)
    total_violations, critical = await repository.violation_counts(session, case_id=case_id)
    rate, running = await repository.processing_rate(session, case_id=case_id)
    hearing = await repository.next_event(session, case_id=case_id, today=today, event_types=HEARING_TYPES)
    deadline = await repository.next_event(session, case_id=case_id, today=today, event_types=("deadline",))
    return ReportResponse(
        total_documents=sum(by_status.values()),
        smoking_guns=await repository.count_documents(session, case_id, "d.smoking_gun"),
        violations=total_violations,
        status=report_status(by_status),
        documents_by_status=by_status,
        critical_violations=critical,
        new_documents_since_yesterday=await repository.count_documents(
            session, case_id, "d.created_at >= now() - interval '1 day'"
        ),
        communications=await repository.count_communications(session, case_id=case_id),
        next_hearing=_upcoming(hearing, today),
        next_deadline=_upcoming(deadline, today),
        processing_rate_per_minute=round(rate, 2),
        running_batches=running,
        today=today,
        generated_at=datetime.now(UTC),
    )


class ReportCache:
    """Reports by (case, day) as ready-to-send JSON, each kept ``ttl`` seconds; concurrent misses compute
    once. Serving the bytes skips validating and serializing the same report on every request."""

    def __init__(self, ttl: float = REPORT_TTL_SECONDS) -> None:
        self.ttl = ttl
        self._entries: dict[tuple[uuid.UUID | None, date], tuple[float, bytes]] = {}
        self._locks: dict[tuple[uuid.UUID | None, date], asyncio.Lock] = {}

    def fresh(self, key: tuple[uuid.UUID | None, date]) -> bytes | None:
        entry = self._entries.get(key)
        if entry is not None and entry[0] > time.monotonic():
            return entry[1]
        return None

    async def get(
        self,
        key: tuple[uuid.UUID | None, date],
        compute: Callable[[], Awaitable[ReportResponse]],
        *,
        refresh: bool = False,
    ) -> bytes:
        cached = None if refresh else self.fresh(key)
        if cached is not None:
            return cached
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            cached = None if refresh else self.fresh(key)
            if cached is not None:
                return cached
            report = (await compute()).model_dump_json().encode()
            if len(self._entries) > 1000:
                self._entries.clear()
                self._locks = {key: lock}
            self._entries[key] = (time.monotonic() + self.ttl, report)
            return report
