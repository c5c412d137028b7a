from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from aseagi.analysis.schemas import EventType
from aseagi.api.deps import Limit, Offset, ReadToken, SessionDep, WriteToken
from aseagi.cases.service import resolve_optional
from aseagi.events import service
from aseagi.events.repository import EventFilters
from aseagi.events.schemas import EventCreate, EventMerge, EventRead, EventSplit, EventUpdate
from aseagi.kit.pagination import Page

router = APIRouter(prefix="/events", tags=["events"])


@router.get("", response_model=Page[EventRead])
async def list_events(
    session: SessionDep,
    _: ReadToken,
    case: Annotated[str | None, Query(max_length=64)] = None,
    event_type: Annotated[list[EventType] | None, Query()] = None,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[EventRead]:
    filters = EventFilters(
        case_id=await resolve_optional(session, case),
        event_types=tuple(event_type or ()),
        date_from=date_from,
        date_to=date_to,
    )
    items, total = await service.list_events(session, filters, limit=limit, offset=offset)
    return Page[EventRead](items=items, count=total, limit=limit, offset=offset)


@router.post("", response_model=EventRead, status_code=status.HTTP_201_CREATED)
async def create_event(body: EventCreate, session: SessionDep, principal: WriteToken) -> EventRead:
    """Add a hearing, filing or order by hand (source ``manual``)."""
    return await service.create(session, body, principal)


@router.patch("/{event_id}", response_model=EventRead)
async def update_event(
    event_id: uuid.UUID, body: EventUpdate, session: SessionDep, principal: WriteToken
) -> EventRead:
    """Correct an event. For an event of the case's chronology the correction is kept and the case is
    analysed again, so the deadlines and violations that follow from it are recomputed."""
    row = await service.get(session, event_id)
    row = await service.update(session, row, body.model_dump(exclude_unset=True), actor=principal.actor)
    return EventRead.model_validate(row)


@router.post("/{event_id}/merge", response_model=EventRead)
async def merge_event(
    event_id: uuid.UUID, body: EventMerge, session: SessionDep, principal: WriteToken
) -> EventRead:
    """Fold this event into ``into`` (two entries that are one hearing); returns the merged event."""
    row = await service.get(session, event_id)
    return EventRead.model_validate(await service.merge(session, row, body.into, actor=principal.actor))


@router.post("/{event_id}/split", response_model=EventRead, status_code=status.HTTP_201_CREATED)
async def split_event(
    event_id: uuid.UUID, body: EventSplit, session: SessionDep, principal: WriteToken
) -> EventRead:
    """Move some of this event's sources into an event of their own; returns the new event."""
    row = await service.get(session, event_id)
    return EventRead.model_validate(await service.split(session, row, body.sources, actor=principal.actor))
