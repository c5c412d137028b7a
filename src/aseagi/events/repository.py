"""All SQL of the court events: hearings, filings, orders and the deadlines computed from them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, and_, cast, distinct, exists, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by, array
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from aseagi.analysis.chronology_types import EventStatus
from aseagi.analysis.schemas import HEARING_TYPES
from aseagi.kit import query
from aseagi.models import CourtEvent, LegalDocument

ORDER = (CourtEvent.event_date, CourtEvent.event_time.nulls_last(), CourtEvent.id)


def _listed_once() -> ColumnElement[bool]:
    """Each fact once: a person's entry the chronology merged with documents' mentions is listed as the
    merged event (which names it among its sources), and so is a mention written since the last case
    analysis for a fact the chronology already has."""
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
    return and_(
        ~and_(CourtEvent.source == "manual", CourtEvent.event_key.isnot(None), absorbed),
        ~and_(CourtEvent.source == "document", CourtEvent.event_key.is_(None), covered),
    )


LISTED_ONCE = _listed_once()
"""Built once: an ORM alias is slow to make, and the statements that use it are cached by their shape."""


def not_closed() -> ColumnElement[bool]:
    """Still ahead: not met, superseded by a later trigger, moot, continued elsewhere or vacated."""
    return func.coalesce(CourtEvent.status, "upcoming").not_in(
        ("met", "superseded", "moot", "continued", "vacated")
    )


def open_deadline() -> ColumnElement[bool]:
    """A deadline still to act on: not already met, replaced by a later trigger, or made moot."""
    return and_(CourtEvent.event_type == "deadline", not_closed())


def hearing_ahead() -> ColumnElement[bool]:
    """A hearing the parent should prepare for: not moved away or taken off calendar, listed once."""
    return and_(
        CourtEvent.event_type.in_(list(HEARING_TYPES)),
        CourtEvent.source.in_(("document", "manual")),
        func.coalesce(CourtEvent.status, EventStatus.SCHEDULED.value).not_in(
            (EventStatus.CONTINUED, EventStatus.VACATED)
        ),
        LISTED_ONCE,
    )


@dataclass(frozen=True)
class EventFilters:
    case_id: uuid.UUID | None = None
    event_types: Sequence[str] = field(default_factory=tuple)
    date_from: date | None = None
    date_to: date | None = None
    open_deadlines: bool = False
    """Only deadlines still to act on (every row of them, merged or not), instead of each fact once."""

    def conditions(self) -> ColumnElement[bool]:
        return query.all_of(
            open_deadline() if self.open_deadlines else LISTED_ONCE,
            query.equal(CourtEvent.case_id, self.case_id),
            [CourtEvent.event_type.in_(list(self.event_types))] if self.event_types else [],
            query.within(CourtEvent.event_date, self.date_from, self.date_to),
        )


async def list_events(
    session: AsyncSession, filters: EventFilters, *, limit: int, offset: int
) -> tuple[list[CourtEvent], int]:
    return await query.fetch_page(
        session,
        select(CourtEvent).where(filters.conditions()),
        key=CourtEvent.id,
        order_by=ORDER,
        limit=limit,
        offset=offset,
    )


async def next_event(
    session: AsyncSession, *, case_id: uuid.UUID | None, today: date, event_types: Sequence[str]
) -> CourtEvent | None:
    """The first event of those types from ``today`` on that still stands (a continued setting does not)."""
    return await session.scalar(
        select(CourtEvent)
        .where(
            CourtEvent.event_date >= today,
            CourtEvent.event_type.in_(list(event_types)),
            not_closed(),
            LISTED_ONCE,
            query.all_of(query.equal(CourtEvent.case_id, case_id)),
        )
        .order_by(*ORDER)
        .limit(1)
    )


def _ahead(kind: ColumnElement[bool], case_id: uuid.UUID | None, today: date, horizon: date) -> Any:
    return query.all_of(
        kind, CourtEvent.event_date.between(today, horizon), query.equal(CourtEvent.case_id, case_id)
    )


def count_open_deadlines(case_id: uuid.UUID | None, today: date, horizon: date) -> Select[int]:
    return (
        select(func.count()).select_from(CourtEvent).where(_ahead(open_deadline(), case_id, today, horizon))
    )


def count_hearings_ahead(case_id: uuid.UUID | None, today: date, horizon: date) -> Select[int]:
    return (
        select(func.count()).select_from(CourtEvent).where(_ahead(hearing_ahead(), case_id, today, horizon))
    )


async def open_deadlines(
    session: AsyncSession, *, case_id: uuid.UUID | None, today: date, horizon: date, limit: int, offset: int
) -> list[CourtEvent]:
    rows = await session.scalars(
        select(CourtEvent)
        .where(_ahead(open_deadline(), case_id, today, horizon))
        .order_by(CourtEvent.event_date, CourtEvent.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.all())


async def hearings_ahead(
    session: AsyncSession, *, case_id: uuid.UUID | None, today: date, horizon: date, limit: int, offset: int
) -> list[tuple[CourtEvent, list[str]]]:
    """Hearings in the window, each with the file names of the documents that name it (its sources)."""
    source = func.jsonb_array_elements(CourtEvent.evidence).table_valued("value").alias("s")
    names = func.coalesce(
        select(func.array_agg(aggregate_order_by(distinct(LegalDocument.file_name), LegalDocument.file_name)))
        .select_from(source)
        .join(LegalDocument, cast(LegalDocument.id, Text) == source.c.value.op("->>")("document_id"))
        .scalar_subquery(),
        cast(array([], type_=Text), ARRAY(Text)),
    )
    rows = await session.execute(
        select(CourtEvent, names)
        .where(_ahead(hearing_ahead(), case_id, today, horizon))
        .order_by(CourtEvent.event_date, CourtEvent.id)
        .limit(limit)
        .offset(offset)
    )
    return [(event, list(documents or [])) for event, documents in rows.all()]


async def get(session: AsyncSession, event_id: uuid.UUID, *, reload: bool = False) -> CourtEvent | None:
    """``reload`` reads the row again even if the session holds it (after a case analysis rewrote it)."""
    return await session.get(CourtEvent, event_id, populate_existing=reload)
