"""The only SQL of its own the bot's surface has: its to-do counts in one round trip, and the bulk jobs'
pace. Every listing comes from the domain repositories; the counts are their statements, sent together."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.documents import repository as documents
from aseagi.events import repository as events
from aseagi.kit import query
from aseagi.models import ProcessingBatch
from aseagi.models.batch import BatchState
from aseagi.violations import repository as violations


async def count_actions(
    session: AsyncSession, *, case_id: uuid.UUID | None, today: date, horizon: date
) -> dict[str, int]:
    """The counts of every kind of action, each from its own index."""
    statements = {
        "deadline": events.count_open_deadlines(case_id, today, horizon),
        "smoking_gun": documents.count_where(documents.SMOKING_GUN_TO_REVIEW, case_id),
        "hearing": events.count_hearings_ahead(case_id, today, horizon),
        "critical_violation": violations.count_to_verify(case_id, violations.CRITICAL_RANK),
        "high_violation": violations.count_to_verify(case_id, violations.HIGH_RANK),
        "failed_document": documents.count_where(documents.FAILED, case_id),
    }
    row = (
        await session.execute(select(*(s.scalar_subquery().label(k) for k, s in statements.items())))
    ).one()
    return {key: int(value) for key, value in row._mapping.items()}


async def processing_rate(session: AsyncSession, *, case_id: uuid.UUID | None) -> tuple[float, int]:
    """(documents finished per minute across running batches, number of running batches)."""
    b = ProcessingBatch
    minutes = func.greatest(extract("epoch", func.now() - b.started_at) / 60.0, 1.0 / 60)
    finished = b.done + b.failed + b.duplicate + b.unsupported
    row = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(finished / minutes), 0)).where(
                b.status == BatchState.RUNNING, query.all_of(query.equal(b.case_id, case_id))
            )
        )
    ).one()
    return float(row[1]), int(row[0])
