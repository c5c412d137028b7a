from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import Communication


async def list_communications(
    session: AsyncSession,
    *,
    case_id: uuid.UUID | None,
    channel: str | None,
    sent_from: datetime | None,
    sent_to: datetime | None,
    query: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Communication], int]:
    q = select(Communication)
    if case_id is not None:
        q = q.where(Communication.case_id == case_id)
    if channel is not None:
        q = q.where(Communication.channel == channel)
    if sent_from is not None:
        q = q.where(Communication.sent_at >= sent_from)
    if sent_to is not None:
        q = q.where(Communication.sent_at <= sent_to)
    if query:
        q = q.where(Communication.search.op("@@")(func.websearch_to_tsquery("english", query)))
    total = await session.scalar(
        select(func.count()).select_from(q.with_only_columns(Communication.id).subquery())
    )
    rows = await session.scalars(
        q.order_by(Communication.sent_at.nulls_last(), Communication.id).limit(limit).offset(offset)
    )
    return list(rows.all()), int(total or 0)


async def get(session: AsyncSession, communication_id: uuid.UUID) -> Communication | None:
    return await session.get(Communication, communication_id)
