from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from aseagi.models import CourtEvent


async def list_events(
    session: AsyncSession,
    *,
    case_id: uuid.UUID | None,
    event_types: list[str] | None,
    date_from: date | None,
    date_to: date | None,
    limit: int,
    offset: int,
) -> tuple[list[CourtEvent], int]:
    merged = aliased(CourtEvent)
    absorbed = exists().where(
        merged.case_id == CourtEvent.case_id,
        merged.event_key == CourtEvent.event_key,
        merged.source == "document",
    )
    covered = exists().where(
        merged.case_id == CourtEvent.case_id,
        merged.event_date == CourtEvent.event_date,
        merged.source == "document",
        merged.event_key.isnot(None),
        or_(merged.event_type == CourtEvent.event_type, CourtEvent.event_type == "hearing"),
    )
    # Each fact once: a person's entry the chronology merged with documents' mentions is listed as the
    # merged event, and so is a mention written since the last case analysis for a fact already listed.
    q = select(CourtEvent).where(
        ~and_(CourtEvent.source == "manual", CourtEvent.event_key.isnot(None), absorbed),
        ~and_(CourtEvent.source == "document", CourtEvent.event_key.is_(None), covered),
    )
    if case_id is not None:
        q = q.where(CourtEvent.case_id == case_id)
    if event_types:
        q = q.where(CourtEvent.event_type.in_(event_types))
    if date_from is not None:
        q = q.where(CourtEvent.event_date >= date_from)
    if date_to is not None:
        q = q.where(CourtEvent.event_date <= date_to)
    total = await session.scalar(
        select(func.count()).select_from(q.with_only_columns(CourtEvent.id).subquery())
    )
    rows = await session.scalars(
        q.order_by(CourtEvent.event_date, CourtEvent.event_time.nulls_last(), CourtEvent.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.all()), int(total or 0)


async def get(session: AsyncSession, event_id: uuid.UUID) -> CourtEvent | None:
    return await session.get(CourtEvent, event_id)
