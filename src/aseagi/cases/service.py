"""A case's rules: resolving the ``case`` parameter every list endpoint accepts (a docket number or a case
id), and case analysis (load the case, run the rules, store what they found)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aseagi.analysis.ics import deadlines_to_ics
from aseagi.cases import analysis_store, repository
from aseagi.cases.schemas import CaseCreate, CaseRead, CaseUpdate
from aseagi.kit import audit
from aseagi.kit.db import transaction
from aseagi.kit.errors import Conflict, NotFound
from aseagi.models import Case
from aseagi.security.tokens import Principal


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


async def list_cases(session: AsyncSession, *, limit: int, offset: int) -> tuple[list[CaseRead], int]:
    rows, total = await repository.list_cases(session, limit=limit, offset=offset)
    return [CaseRead.model_validate(r) for r in rows], total


async def create(session: AsyncSession, body: CaseCreate, principal: Principal) -> CaseRead:
    if await repository.by_docket(session, body.docket_number) is not None:
        raise Conflict(f"case {body.docket_number!r} exists already")
    case = await repository.get_or_create(session, body.docket_number, name=body.name)
    case.case_type = body.case_type
    await session.flush()
    await audit.record(
        session,
        actor=principal.actor,
        action="case.create",
        resource_type="case",
        resource_id=case.id,
        detail={"docket_number": case.docket_number},
    )
    return CaseRead.model_validate(case)


async def update(session: AsyncSession, case: str, body: CaseUpdate, principal: Principal) -> CaseRead:
    row = await resolve(session, case)
    await audit.apply_changes(
        session,
        row,
        body.model_dump(exclude_unset=True),
        actor=principal.actor,
        action="case.update",
        resource_type="case",
    )
    return CaseRead.model_validate(row)


async def analyze_now(session: AsyncSession, case: str, principal: Principal) -> dict[str, int]:
    """Case analysis asked for by a person: run in the request's transaction, and audited."""
    row = await resolve(session, case)
    summary = await analyze(session, row.id)
    await audit.record(
        session,
        actor=principal.actor,
        action="case.analyze",
        resource_type="case",
        resource_id=row.id,
        detail=summary,
    )
    return summary


async def deadlines_calendar(session: AsyncSession, case: str, *, today: date) -> tuple[Case, bytes]:
    """(the case, its deadlines as an iCalendar file), each with its rule, citation and trigger."""
    row = await resolve(session, case)
    reader = await analysis_store.read_case(session, row.id)
    corrections = await analysis_store.load_corrections(session, row.id)
    result = reader.analyze(today=today, corrections=corrections)
    return row, deadlines_to_ics(result.deadlines, case_name=row.name or row.docket_number)
