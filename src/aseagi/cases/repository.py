from __future__ import annotations

import re
import uuid

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import Case

_SPACES = re.compile(r"\s+")


def normalize_docket(docket: str) -> str:
    """Upper-case, dashes unified, spaces as dashes: ``jv 2025–1234`` → ``JV-2025-1234``."""
    value = docket.strip().upper().replace("\u2013", "-").replace("\u2014", "-")
    return _SPACES.sub("-", value)


async def get(session: AsyncSession, case_id: uuid.UUID) -> Case | None:
    return await session.get(Case, case_id)


async def by_docket(session: AsyncSession, docket: str) -> Case | None:
    return await session.scalar(select(Case).where(Case.docket_number == normalize_docket(docket)))


async def get_or_create(session: AsyncSession, docket: str, *, name: str | None = None) -> Case:
    """Concurrency-safe: many workers may meet a new docket at once."""
    normalized = normalize_docket(docket)
    await session.execute(
        insert(Case)
        .values(docket_number=normalized, name=name)
        .on_conflict_do_nothing(index_elements=[Case.docket_number])
    )
    case = await by_docket(session, normalized)
    assert case is not None
    return case


async def list_cases(session: AsyncSession, *, limit: int, offset: int) -> tuple[list[Case], int]:
    total = await session.scalar(select(func.count()).select_from(Case)) or 0
    rows = await session.scalars(select(Case).order_by(Case.created_at, Case.id).limit(limit).offset(offset))
    return list(rows.all()), total
