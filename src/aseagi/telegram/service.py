"""The rules behind ``/telegram/*``: what counts as urgent, in which order, and for how long a report holds.

``today`` is always a parameter (the endpoint passes ``date.today()``), so nothing here knows the date.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis.schemas import HEARING_TYPES
from aseagi.communications import repository as communications_repository
from aseagi.documents import repository as documents_repository
from aseagi.documents.status import DocumentStatus
from aseagi.events import repository as events_repository
from aseagi.events import service as events_service
from aseagi.events.repository import EventFilters
from aseagi.events.schemas import EventRead
from aseagi.kit import audit
from aseagi.models import CourtEvent, LegalDocument, LegalViolation
from aseagi.security.tokens import Principal
from aseagi.telegram import repository
from aseagi.telegram.schemas import (
    AccessAttempt,
    ActionItem,
    ActionKind,
    ActionsResponse,
    DeadlineItem,
    DeadlinesResponse,
    ReportResponse,
    TimelineEvent,
    TimelineResponse,
    UpcomingEvent,
    ViolationItem,
    ViolationsResponse,
)
from aseagi.violations import repository as violations_repository
from aseagi.violations import service as violations_service
from aseagi.violations.repository import ViolationFilters

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


# --- timeline and deadlines ----------------------------------------------------------------------------


def _timeline_event(event: EventRead, today: date) -> TimelineEvent:
    return TimelineEvent(
        id=event.id,
        case_id=event.case_id,
        document_id=event.document_id,
        date=event.event_date,
        time=event.event_time,
        event_type=event.event_type,
        title=event.title,
        department=event.department,
        description=event.description,
        source=event.source,
        rule_id=event.rule_id,
        citation=event.citation,
        days_from_today=(event.event_date - today).days,
        status=event.status,
        sources=list(event.evidence or []),
        mentions=event.mentions or 0,
        date_certainty=event.date_certainty,
        disputed=bool(event.disputed),
        continued_to=event.continued_to,
        people=list(event.people or []),
        event_key=event.event_key,
        docket=event.docket_number,
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
    """The case's events in the window, each fact once (the same list as ``GET /events``)."""
    filters = EventFilters(case_id=case_id, date_from=date_from, date_to=date_to)
    rows, total = await events_service.list_events(session, filters, limit=limit, offset=offset)
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
    filters = EventFilters(case_id=case_id, date_from=date_from, open_deadlines=True)
    rows, total = await events_service.list_events(session, filters, limit=limit, offset=offset)
    items = [
        DeadlineItem(
            id=r.id,
            case_id=r.case_id,
            date=r.event_date,
            title=r.title,
            rule_id=r.rule_id,
            citation=r.citation,
            description=r.description,
            trigger_event_id=r.trigger_event_id,
            days_left=(r.event_date - today).days,
        )
        for r in rows
    ]
    return DeadlinesResponse(deadlines=items, count=total, date_from=date_from, limit=limit, offset=offset)


# --- violations ----------------------------------------------------------------------------------------


async def violations(
    session: AsyncSession, *, case_id: uuid.UUID | None, limit: int, offset: int
) -> ViolationsResponse:
    """The findings as ``GET /violations`` lists them, each with its source document's file name."""
    rows, total = await violations_service.list_violations(
        session, ViolationFilters(case_id=case_id), limit=limit, offset=offset
    )
    _, critical = await violations_repository.counts(session, case_id)
    names = await documents_repository.file_names(session, (r.document_id for r in rows if r.document_id))
    items = [
        ViolationItem(
            id=r.id,
            case_id=r.case_id,
            violation_type=r.violation_type,
            severity=r.severity,
            date=r.violation_date,
            person=r.person,
            description=r.description,
            legal_basis=r.legal_basis,
            review_status=r.review_status,
            document_id=r.document_id,
            document_name=names.get(r.document_id) if r.document_id else None,
        )
        for r in rows
    ]
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


def _event_action(event: CourtEvent, **extra: Any) -> dict[str, Any]:
    return {
        "id": event.id,
        "case_id": event.case_id,
        "document_id": event.document_id,
        "title": event.title,
        "date": event.event_date,
        "citation": event.citation,
    } | extra


def _preparation(files: list[str]) -> str:
    if not files:
        return "Prepare: no document in the case names it yet"
    return f"Prepare: {len(files)} document(s) bear on it: {', '.join(files[:5])}"


def _relevancy(score: int | None) -> str | None:
    return None if score is None else f"relevancy {score}, not yet reviewed"


def _document_action(
    document: LegalDocument, detail: str | None, *, title: str | None = None
) -> dict[str, Any]:
    return {
        "id": document.id,
        "case_id": document.case_id,
        "document_id": document.id,
        "title": title if title is not None else (document.title or document.file_name),
        "detail": detail,
        "date": document.document_date,
        "citation": None,
    }


def _violation_action(violation: LegalViolation) -> dict[str, Any]:
    return {
        "id": violation.id,
        "case_id": violation.case_id,
        "document_id": violation.document_id,
        "title": violation.violation_type,
        "detail": violation.description,
        "date": violation.violation_date,
        "citation": violation.legal_basis,
    }


async def actions(
    session: AsyncSession, *, case_id: uuid.UUID | None, today: date, limit: int, offset: int
) -> ActionsResponse:
    """Deadlines and hearings in the next two weeks first, then smoking guns to review, CRITICAL then HIGH
    findings nobody has reviewed, and documents that failed: each kind from its own index, only the rows
    on this page. Each action names the row it comes from (``source`` and ``id``)."""
    horizon = today + timedelta(days=ACTION_HORIZON_DAYS)
    counts = await repository.count_actions(session, case_id=case_id, today=today, horizon=horizon)

    async def deadline(limit: int, offset: int) -> list[dict[str, Any]]:
        rows = await events_repository.open_deadlines(
            session, case_id=case_id, today=today, horizon=horizon, limit=limit, offset=offset
        )
        return [_event_action(e, detail=e.description, event_id=e.trigger_event_id) for e in rows]

    async def hearing(limit: int, offset: int) -> list[dict[str, Any]]:
        rows = await events_repository.hearings_ahead(
            session, case_id=case_id, today=today, horizon=horizon, limit=limit, offset=offset
        )
        return [_event_action(e, detail=_preparation(files), documents=files) for e, files in rows]

    async def smoking_gun(limit: int, offset: int) -> list[dict[str, Any]]:
        rows = await documents_repository.smoking_guns_to_review(
            session, case_id=case_id, limit=limit, offset=offset
        )
        return [_document_action(d, _relevancy(d.relevancy_score)) for d in rows]

    async def failed_document(limit: int, offset: int) -> list[dict[str, Any]]:
        rows = await documents_repository.failed(session, case_id=case_id, limit=limit, offset=offset)
        return [_document_action(d, d.status_reason or "processing failed", title=d.file_name) for d in rows]

    def to_verify(rank: int) -> Callable[[int, int], Awaitable[list[dict[str, Any]]]]:
        async def fetch(limit: int, offset: int) -> list[dict[str, Any]]:
            filters = ViolationFilters(case_id=case_id, severity_rank=rank)
            rows = await violations_repository.to_verify(session, filters, limit=limit, offset=offset)
            return [_violation_action(v) for v in rows]

        return fetch

    fetchers: dict[ActionKind, Callable[[int, int], Awaitable[list[dict[str, Any]]]]] = {
        "deadline": deadline,
        "smoking_gun": smoking_gun,
        "hearing": hearing,
        "critical_violation": to_verify(violations_repository.CRITICAL_RANK),
        "high_violation": to_verify(violations_repository.HIGH_RANK),
        "failed_document": failed_document,
    }
    items: list[ActionItem] = []
    for kind, kind_offset, take in page_slices(dict(counts), limit, offset):
        for row in await fetchers[kind](take, kind_offset):
            dated = kind in ("deadline", "hearing") and row["date"]
            days_left = (row["date"] - today).days if dated else None
            item = {**row, "kind": kind, "priority": ACTION_ORDER.index(kind) + 1, "days_left": days_left}
            items.append(ActionItem.model_validate({**item, "source": _ACTION_SOURCES[kind]}))
    return ActionsResponse(
        actions=items,
        count=sum(counts.values()),
        counts=dict(counts),
        horizon_days=ACTION_HORIZON_DAYS,
        limit=limit,
        offset=offset,
    )


# --- refusals ------------------------------------------------------------------------------------------


async def record_refusal(session: AsyncSession, attempt: AccessAttempt, principal: Principal) -> None:
    """A Telegram user the bot refused, kept in the audit log (who tried, from which chat, with what)."""
    await audit.record(
        session,
        actor=principal.actor,
        action="telegram.refused",
        resource_type="telegram_user",
        resource_id=attempt.telegram_user_id,
        detail=attempt.model_dump(exclude_none=True),
    )


# --- report --------------------------------------------------------------------------------------------


def _upcoming(event: CourtEvent | None, today: date) -> UpcomingEvent | None:
    if event is None:
        return None
    return UpcomingEvent(
        id=event.id,
        date=event.event_date,
        time=event.event_time,
        event_type=event.event_type,
        title=event.title,
        citation=event.citation,
        days_left=(event.event_date - today).days,
    )


def report_status(by_status: dict[str, int]) -> str:
    if by_status.get(DocumentStatus.FAILED, 0):
        return "attention"
    if by_status.get(DocumentStatus.QUEUED, 0) or by_status.get(DocumentStatus.PROCESSING, 0):
        return "processing"
    return "ok"


async def build_report(session: AsyncSession, *, case_id: uuid.UUID | None, today: date) -> ReportResponse:
    by_status = await documents_repository.count_by_status(session, case_id)
    total_violations, critical = await violations_repository.counts(session, case_id)
    rate, running = await repository.processing_rate(session, case_id=case_id)
    hearing = await events_repository.next_event(
        session, case_id=case_id, today=today, event_types=HEARING_TYPES
    )
    deadline = await events_repository.next_event(
        session, case_id=case_id, today=today, event_types=("deadline",)
    )
    since_yesterday = LegalDocument.created_at >= func.now() - timedelta(days=1)
    return ReportResponse(
        total_documents=sum(by_status.values()),
        smoking_guns=await documents_repository.count_matching(
            session, LegalDocument.smoking_gun.expression, case_id
        ),
        violations=total_violations,
        status=report_status(by_status),
        documents_by_status=by_status,
        critical_violations=critical,
        new_documents_since_yesterday=await documents_repository.count_matching(
            session, since_yesterday, case_id
        ),
        communications=await communications_repository.count(session, case_id),
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
