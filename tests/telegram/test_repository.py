"""telegram.repository: the bot's to-do counts in one round trip, and the running batches' pace."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, literal_column
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import Case, CourtEvent, LegalViolation, ProcessingBatch
from aseagi.telegram import repository
from tests.fixtures.rows import add_case, add_document

TODAY = date(2030, 7, 1)
HORIZON = date(2030, 7, 31)
NOTHING = {
    "deadline": 0,
    "smoking_gun": 0,
    "hearing": 0,
    "critical_violation": 0,
    "high_violation": 0,
    "failed_document": 0,
}


async def add_event(session: AsyncSession, case: Case, day: date, event_type: str, **values: object) -> None:
    session.add(
        CourtEvent(case_id=case.id, event_date=day, event_type=event_type, title=event_type, **values)
    )
    await session.flush()


async def add_violation(session: AsyncSession, case: Case, severity: str, **values: object) -> None:
    session.add(
        LegalViolation(
            case_id=case.id, violation_type="Late", severity=severity, description="Late.", **values
        )
    )
    await session.flush()


async def add_batch(session: AsyncSession, case: Case | None, minutes_ago: int, **values: object) -> None:
    session.add(
        ProcessingBatch(
            job_id=f"telegram-repo-{uuid.uuid4().hex}",
            case_id=case.id if case else None,
            source="folder",
            started_at=func.now() - literal_column(f"interval '{minutes_ago} minutes'"),
            **values,
        )
    )
    await session.flush()


async def test_count_actions_of_an_empty_case_are_zero(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000701")
    counts = await repository.count_actions(session, case_id=case.id, today=TODAY, horizon=HORIZON)
    assert counts == NOTHING


async def test_count_actions_counts_each_kind_in_the_case(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000702")
    other = await add_case(session, "JV-2099-000703")
    await add_event(session, case, TODAY, "deadline", source="rule")
    await add_event(session, case, HORIZON, "deadline", source="rule", status="late")
    await add_event(session, case, date(2030, 7, 10), "deadline", source="rule", status="met")
    await add_event(session, case, date(2030, 8, 1), "deadline", source="rule")
    await add_event(session, case, date(2030, 7, 5), "review_hearing")
    await add_event(session, case, date(2030, 7, 6), "review_hearing", status="vacated")
    await add_event(session, case, date(2030, 7, 7), "review_hearing", source="rule")
    await add_document(session, case, smoking_gun=True)
    await add_document(session, case, smoking_gun=True, review_status="reviewed")
    await add_document(session, case, status="failed", text=None)
    await add_violation(session, case, "CRITICAL")
    await add_violation(session, case, "CRITICAL", review_status="dismissed")
    await add_violation(session, case, "HIGH")
    await add_violation(session, case, "HIGH")
    await add_violation(session, case, "MEDIUM")
    await add_event(session, other, TODAY, "deadline", source="rule")
    await add_document(session, other, smoking_gun=True)
    await add_violation(session, other, "CRITICAL")

    counts = await repository.count_actions(session, case_id=case.id, today=TODAY, horizon=HORIZON)
    assert counts == {
        "deadline": 2,
        "smoking_gun": 1,
        "hearing": 1,
        "critical_violation": 1,
        "high_violation": 2,
        "failed_document": 1,
    }
    everywhere = await repository.count_actions(session, case_id=None, today=TODAY, horizon=HORIZON)
    assert everywhere["deadline"] >= 3 and everywhere["smoking_gun"] >= 2
    assert everywhere["critical_violation"] >= 2
    narrow = await repository.count_actions(session, case_id=case.id, today=HORIZON, horizon=HORIZON)
    assert (narrow["deadline"], narrow["hearing"]) == (1, 0)


async def test_processing_rate_of_no_running_batch(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000704")
    assert await repository.processing_rate(session, case_id=case.id) == (0.0, 0)
    await add_batch(session, case, 10, status="done", done=500)
    assert await repository.processing_rate(session, case_id=case.id) == (0.0, 0)


async def test_processing_rate_sums_finished_documents_per_minute(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000705")
    other = await add_case(session, "JV-2099-000706")
    await add_batch(session, case, 10, done=40, failed=5, duplicate=3, unsupported=2, skipped=100)
    await add_batch(session, case, 4, done=8)
    await add_batch(session, case, 1, status="cancelled", done=999)
    await add_batch(session, other, 2, done=6)

    rate, running = await repository.processing_rate(session, case_id=case.id)
    assert running == 2
    assert rate == pytest.approx(50 / 10 + 8 / 4)
    rate, running = await repository.processing_rate(session, case_id=other.id)
    assert (rate, running) == (pytest.approx(3.0), 1)


async def test_a_batch_just_started_counts_at_least_one_second(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000707")
    await add_batch(session, case, 0, done=2)
    rate, running = await repository.processing_rate(session, case_id=case.id)
    assert running == 1
    assert rate == pytest.approx(2 * 60)
