"""A case's rules: resolving the ``case`` parameter every list endpoint accepts (a docket number or a case
id), and case analysis (load the case, run the rules, store what they found)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aseagi.cases import analysis_store, repository
from aseagi.kit.db import transaction
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


async def analyze(session: AsyncSession, case_id: uuid.UUID, *, today: date | None = None) -> dict[str, int]:
    """Case analysis of one case, in the caller's transaction: what it stored, counted."""
    reader = await analysis_store.read_case(session, case_id)
    corrections = await analysis_store.load_corrections(session, case_id)
    result = reader.analyze(today=today or date.today(), corrections=corrections)
    summary = await analysis_store.store(session, case_id, result, reader.events)
    return {**summary, "events": len(result.chronology)}


async def run_case_analysis(sessions: async_sessionmaker[AsyncSession], case_id: uuid.UUID) -> dict[str, int]:
    """Case analysis in a transaction of its own (the job after a batch)."""
    async with transaction(sessions) as session:
        return await analyze(session, case_id)
