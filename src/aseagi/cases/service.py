"""Resolving the ``case`` parameter every list endpoint accepts: a docket number or a case id."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cases import repository
from aseagi.kit.errors import NotFound
from aseagi.models import Case


async def resolve(session: AsyncSession, case: str) -> Case:
    found: Case | None = None
    try:
        found = await repository.get(session, uuid.UUID(case))
    except ValueError:
        found = await repository.by_docket(session, case)
    if found is None:
        raise NotFound(f"no case {case!r}: list cases with GET /cases or create one with POST /cases")
    return found


async def resolve_optional(session: AsyncSession, case: str | None) -> uuid.UUID | None:
    if case is None or not case.strip():
        return None
    return (await resolve(session, case)).id
