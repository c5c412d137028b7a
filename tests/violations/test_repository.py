"""violations.repository: filtered, ordered pages of findings, the ones still to verify, and their counts."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case

from aseagi.models import Case, LegalViolation
from aseagi.violations import repository
from aseagi.violations.repository import CRITICAL_RANK, HIGH_RANK, ViolationFilters


async def add_violation(
    session: AsyncSession, case: Case | None, severity: str, day: date | None, **values: object
) -> LegalViolation:
    row = LegalViolation(
        case_id=case.id if case else None,
        violation_type="Late hearing",
        severity=severity,
        violation_date=day,
        description="A fictional finding",
        **values,
    )
    session.add(row)
    await session.flush()
    return row


async def test_filters_conditions_each_narrow_the_list(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000201")
    other = await add_case(session, "JV-2099-000202")
    high = await add_violation(session, case, "HIGH", date(2024, 3, 1))
    verified = await add_violation(session, case, "CRITICAL", date(2024, 3, 2), review_status="verified")
    foreign = await add_violation(session, other, "CRITICAL", date(2024, 3, 3))

    async def ids(filters: ViolationFilters) -> set[uuid.UUID]:
        rows, total = await repository.list_violations(session, filters, limit=50, offset=0)
        assert total == len(rows)
        return {r.id for r in rows}

    mine = {high.id, verified.id, foreign.id}
    assert await ids(ViolationFilters()) >= mine  # every case
    assert await ids(ViolationFilters(case_id=case.id)) == {high.id, verified.id}
    assert await ids(ViolationFilters(severity="CRITICAL")) & mine == {verified.id, foreign.id}
    assert await ids(ViolationFilters(severity_rank=HIGH_RANK)) & mine == {high.id}
    assert await ids(ViolationFilters(review_status="verified")) & mine == {verified.id}
    assert (
        await ids(ViolationFilters(case_id=case.id, severity="CRITICAL", review_status="suspected")) == set()
    )
    assert await ids(ViolationFilters(case_id=uuid.uuid4())) == set()


async def test_list_orders_most_severe_then_latest_with_undated_last(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000203")
    low = await add_violation(session, case, "LOW", date(2025, 1, 1))
    high_old = await add_violation(session, case, "HIGH", date(2024, 1, 1))
    high_undated = await add_violation(session, case, "HIGH", None)
    high_new = await add_violation(session, case, "HIGH", date(2024, 6, 1))
    critical = await add_violation(session, case, "CRITICAL", date(2023, 1, 1))

    rows, total = await repository.list_violations(
        session, ViolationFilters(case_id=case.id), limit=10, offset=0
    )
    assert total == 5
    assert [r.id for r in rows] == [critical.id, high_new.id, high_old.id, high_undated.id, low.id]
    assert [r.severity_rank for r in rows] == [0, 1, 1, 1, 3]

    page, total = await repository.list_violations(
        session, ViolationFilters(case_id=case.id), limit=2, offset=2
    )
    assert (total, [r.id for r in page]) == (5, [high_old.id, high_undated.id])
    empty, total = await repository.list_violations(
        session, ViolationFilters(case_id=case.id), limit=0, offset=0
    )
    assert (empty, total) == ([], 5)


async def test_to_verify_lists_only_suspected_latest_first(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000204")
    older = await add_violation(session, case, "CRITICAL", date(2024, 1, 1))
    newer = await add_violation(session, case, "LOW", date(2024, 5, 1))
    undated = await add_violation(session, case, "HIGH", None)
    await add_violation(session, case, "CRITICAL", date(2024, 9, 1), review_status="dismissed")
    await add_violation(session, case, "CRITICAL", date(2024, 9, 2), review_status="verified")

    rows = await repository.to_verify(session, ViolationFilters(case_id=case.id), limit=10, offset=0)
    assert [r.id for r in rows] == [newer.id, older.id, undated.id]
    page = await repository.to_verify(session, ViolationFilters(case_id=case.id), limit=1, offset=1)
    assert [r.id for r in page] == [older.id]
    criticals = await repository.to_verify(
        session, ViolationFilters(case_id=case.id, severity_rank=CRITICAL_RANK), limit=10, offset=0
    )
    assert [r.id for r in criticals] == [older.id]
    other = await add_case(session, "JV-2099-000205")
    assert await repository.to_verify(session, ViolationFilters(case_id=other.id), limit=10, offset=0) == []


async def test_count_to_verify_counts_suspected_of_one_rank(session: AsyncSession) -> None:
    everywhere = await session.scalar(repository.count_to_verify(None, CRITICAL_RANK)) or 0
    case = await add_case(session, "JV-2099-000206")
    other = await add_case(session, "JV-2099-000207")
    await add_violation(session, case, "CRITICAL", date(2024, 1, 1))
    await add_violation(session, case, "CRITICAL", None)
    await add_violation(session, case, "CRITICAL", date(2024, 1, 2), review_status="verified")
    await add_violation(session, case, "HIGH", date(2024, 1, 3))
    await add_violation(session, other, "CRITICAL", date(2024, 1, 4))

    assert await session.scalar(repository.count_to_verify(case.id, CRITICAL_RANK)) == 2
    assert await session.scalar(repository.count_to_verify(case.id, HIGH_RANK)) == 1
    assert await session.scalar(repository.count_to_verify(None, CRITICAL_RANK)) == everywhere + 3
    assert await session.scalar(repository.count_to_verify(uuid.uuid4(), CRITICAL_RANK)) == 0


async def test_counts_all_and_critical_per_case_or_overall(session: AsyncSession) -> None:
    total, critical = await repository.counts(session, None)
    case = await add_case(session, "JV-2099-000208")
    other = await add_case(session, "JV-2099-000209")
    assert await repository.counts(session, case.id) == (0, 0)
    await add_violation(session, case, "CRITICAL", date(2024, 1, 1), review_status="dismissed")
    await add_violation(session, case, "MEDIUM", date(2024, 1, 2))
    await add_violation(session, other, "CRITICAL", None)
    await add_violation(session, None, "LOW", None)

    assert await repository.counts(session, case.id) == (2, 1)
    assert await repository.counts(session, other.id) == (1, 1)
    assert await repository.counts(session, None) == (total + 4, critical + 2)


async def test_get_returns_the_row_or_none(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000210")
    row = await add_violation(session, case, "HIGH", date(2024, 2, 2))
    assert await repository.get(session, row.id) is row
    assert await repository.get(session, uuid.uuid4()) is None
