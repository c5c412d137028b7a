"""A person's corrections of the chronology: re-date, re-type, re-status, merge or split an event.

An event found in documents is rebuilt from its mentions on every case analysis, so a correction is
kept as an ``event_corrections`` row (re-applied on every run) and the case is analysed again at once:
the deadlines and violations that follow from the event move with it. Every correction is audited.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis.corrections import CorrectionAction
from aseagi.cases import analysis_store
from aseagi.cases.service import analyze, resolve
from aseagi.documents.service import check_source
from aseagi.events import repository
from aseagi.events.repository import EventFilters
from aseagi.events.schemas import EventCreate, EventRead
from aseagi.kit import audit
from aseagi.kit.errors import Conflict, InvalidRequest, NotFound
from aseagi.models import CourtEvent, EventCorrection
from aseagi.security.tokens import Principal

CHRONOLOGY_FIELDS = ("event_date", "event_type", "status", "title")
"""What a correction of a document event keeps across re-analysis."""


async def get(session: AsyncSession, event_id: uuid.UUID) -> CourtEvent:
    row = await repository.get(session, event_id)
    if row is None:
        raise NotFound(f"no event {event_id}: list the case's events with GET /events?case=...")
    return row


async def list_events(
    session: AsyncSession, filters: EventFilters, *, limit: int, offset: int
) -> tuple[list[EventRead], int]:
    rows, total = await repository.list_events(session, filters, limit=limit, offset=offset)
    return [EventRead.model_validate(r) for r in rows], total


async def create(session: AsyncSession, body: EventCreate, principal: Principal) -> EventRead:
    """A hearing, filing or order added by hand (source ``manual``)."""
    case = await resolve(session, body.case)
    await check_source(session, body.document_id, case.id)
    row = CourtEvent(**body.model_dump(exclude={"case"}), case_id=case.id, source="manual")
    session.add(row)
    await session.flush()
    await session.refresh(row)
    await audit.record(
        session, actor=principal.actor, action="event.create", resource_type="event", resource_id=row.id
    )
    return EventRead.model_validate(row)


async def update(
    session: AsyncSession, row: CourtEvent, changes: dict[str, Any], *, actor: str
) -> CourtEvent:
    """Apply the changes; for an event of the chronology keep them as a correction and re-analyse the case."""
    await audit.apply_changes(
        session, row, changes, actor=actor, action="event.update", resource_type="event"
    )
    if row.source == "rule" or row.case_id is None or (row.source == "document" and not row.event_key):
        # A deadline, or a mention written since the last case analysis (the next one rebuilds it): the
        # row itself is the record.
        return row
    if row.source == "document" and row.event_key:
        values = {k: _json(v) for k, v in changes.items() if k in CHRONOLOGY_FIELDS and v is not None}
        if values:
            await _correct(session, row.case_id, row.event_key, "update", values, actor=actor)
    return await _reanalysed(session, row.case_id, row.id)


async def merge(session: AsyncSession, row: CourtEvent, into: uuid.UUID, *, actor: str) -> CourtEvent:
    """Fold ``row`` into the event ``into`` (the same hearing the merge kept apart)."""
    target = await get(session, into)
    case_id, key = _chronology_event(row)
    target_case, target_key = _chronology_event(target)
    if target_case != case_id or target.id == row.id:
        raise Conflict("merge two different events of the same case")
    await _correct(session, case_id, key, "merge", {"into": target_key}, actor=actor)
    await audit.record(
        session,
        actor=actor,
        action="event.merge",
        resource_type="event",
        resource_id=row.id,
        detail={"into": str(target.id)},
    )
    return await _reanalysed(session, case_id, target.id)


async def split(session: AsyncSession, row: CourtEvent, sources: list[str], *, actor: str) -> CourtEvent:
    """Move the named sources out of ``row`` into an event of their own (then correct it like any other)."""
    case_id, old_key = _chronology_event(row)
    refs = {f"{e.get('document_id')}:{e.get('page')}:{e.get('start')}" for e in row.evidence}
    unknown = [ref for ref in sources if ref not in refs]
    if unknown:
        raise InvalidRequest(
            f"not a source of this event: {unknown[0]}; use document_id:page:start of its sources"
        )
    if len(set(sources)) >= len(refs):
        raise InvalidRequest("leave at least one source in the event; move the others")
    key = f"{old_key}:split:{uuid.uuid4().hex[:8]}"
    await _correct(
        session, case_id, old_key, "split", {"sources": sorted(set(sources)), "key": key}, actor=actor
    )
    await audit.record(
        session,
        actor=actor,
        action="event.split",
        resource_type="event",
        resource_id=row.id,
        detail={"sources": sorted(set(sources))},
    )
    return await _reanalysed(session, case_id, analysis_store.event_row_id(case_id, key))


def _chronology_event(row: CourtEvent) -> tuple[uuid.UUID, str]:
    """The case and key of an event of the chronology; any other event is edited with PATCH."""
    if row.source != "document" or not row.event_key or row.case_id is None:
        raise Conflict(
            f"event {row.id} was not found in the case's documents; edit it with PATCH /events/{row.id}"
        )
    return row.case_id, row.event_key


async def _correct(
    session: AsyncSession,
    case_id: uuid.UUID,
    key: str,
    action: CorrectionAction,
    values: dict[str, Any],
    *,
    actor: str,
) -> None:
    # Stamped here, not by now(): corrections made in one transaction must keep their order.
    stamp = datetime.now(UTC)
    session.add(
        EventCorrection(
            case_id=case_id, event_key=key, action=action, values=values, actor=actor, created_at=stamp
        )
    )
    await session.flush()


async def _reanalysed(session: AsyncSession, case_id: uuid.UUID, event_id: uuid.UUID) -> CourtEvent:
    """Run the case analysis so deadlines and violations follow, then the event as it now stands."""
    await analyze(session, case_id)
    row = await repository.get(session, event_id, reload=True)
    if row is None:
        raise NotFound(f"event {event_id} no longer exists after re-analysis")
    return row


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
