"""cases.repository: docket normalization, look-ups by id and docket, get-or-create, the list."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case

from aseagi.cases import repository
from aseagi.cases.repository import normalize_docket
from aseagi.models import Case


@pytest.mark.parametrize(
    ("docket", "normalized"),
    [
        ("JV-2025-001234", "JV-2025-001234"),
        ("jv 2025 1234", "JV-2025-1234"),
        ("  jv\t2025\u20131234\n", "JV-2025-1234"),
        ("fl\u20142099  77", "FL-2099-77"),
        ("a   b", "A-B"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize_docket(docket: str, normalized: str) -> None:
    assert normalize_docket(docket) == normalized


async def test_get_by_id(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000501")
    assert await repository.get(session, case.id) is case
    assert await repository.get(session, uuid.uuid4()) is None


async def test_by_docket_normalizes_the_docket_asked_for(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000502")
    assert await repository.by_docket(session, "JV-2099-000502") is case
    assert await repository.by_docket(session, " jv 2099\u2013000502 ") is case
    assert await repository.by_docket(session, "JV-2099-000503") is None
    assert await repository.by_docket(session, "") is None


async def test_get_or_create_creates_once_under_the_normalized_docket(session: AsyncSession) -> None:
    created = await repository.get_or_create(session, "jv 2099 000504", name="In re a fictional child")
    assert created.docket_number == "JV-2099-000504"
    assert created.name == "In re a fictional child"
    assert created.case_type == "dependency"

    again = await repository.get_or_create(session, "JV-2099-000504", name="Another name")
    assert again.id == created.id
    assert again.name == "In re a fictional child"  # an existing case is never renamed
    count = await session.scalar(
        select(func.count()).select_from(Case).where(Case.docket_number == "JV-2099-000504")
    )
    assert count == 1


async def test_get_or_create_without_a_name(session: AsyncSession) -> None:
    case = await repository.get_or_create(session, "JV-2099-000505")
    assert (case.docket_number, case.name) == ("JV-2099-000505", None)


async def test_list_cases_counts_and_pages(session: AsyncSession) -> None:
    _, before = await repository.list_cases(session, limit=0, offset=0)
    made = {(await add_case(session, f"JV-2099-00051{i}")).id for i in range(3)}

    rows, total = await repository.list_cases(session, limit=10, offset=before)
    assert total == before + 3
    assert {r.id for r in rows} == made
    first, _ = await repository.list_cases(session, limit=1, offset=before)
    second, _ = await repository.list_cases(session, limit=2, offset=before + 1)
    assert [r.id for r in first + second] == [r.id for r in rows]
    assert await repository.list_cases(session, limit=5, offset=before + 3) == ([], before + 3)
    none, total = await repository.list_cases(session, limit=0, offset=0)
    assert (none, total) == ([], before + 3)
