"""All SQL of the messages (``communications``): e-mails, texts, letters, calls."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.kit import query
from aseagi.models import Communication
from aseagi.search.repository import matches


@dataclass(frozen=True)
class CommunicationFilters:
    case_id: uuid.UUID | None = None
    channel: str | None = None
    sent_from: datetime | None = None
    sent_to: datetime | None = None
    query: str | None = None
    """Full-text search (web-search syntax) over the message."""

    def conditions(self) -> ColumnElement[bool]:
        return query.all_of(
            query.equal(Communication.case_id, self.case_id),
            query.equal(Communication.channel, self.channel),
            query.within(Communication.sent_at, self.sent_from, self.sent_to),
            [matches(Communication.search, self.query)] if self.query else [],
        )


async def list_communications(
    session: AsyncSession, filters: CommunicationFilters, *, limit: int, offset: int
) -> tuple[list[Communication], int]:
    return await query.fetch_page(
        session,
        select(Communication).where(filters.conditions()),
        key=Communication.id,
        order_by=(Communication.sent_at.nulls_last(), Communication.id),
        limit=limit,
        offset=offset,
    )


async def count(session: AsyncSession, case_id: uuid.UUID | None) -> int:
    total = await session.scalar(
        select(func.count())
        .select_from(Communication)
        .where(query.all_of(query.equal(Communication.case_id, case_id)))
    )
    return int(total or 0)


async def get(session: AsyncSession, communication_id: uuid.UUID) -> Communication | None:
    return await session.get(Communication, communication_id)
