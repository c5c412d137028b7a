"""cases.service: resolving the ``case`` parameter, creating and editing cases (audited), case analysis in
the caller's transaction or its own, and the deadlines calendar."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tests.cases.test_analysis_store_chronology import TODAY, seeded_case
from tests.fixtures.rows import add_case

from aseagi.cases import service
from aseagi.cases.schemas import CaseCreate, CaseUpdate
from aseagi.kit.errors import Conflict, NotFound
from aseagi.models import AuditEntry, Case, CourtEvent
from aseagi.security.tokens import Principal

CLERK = Principal(token_id=uuid.uuid4(), name="test-clerk", scope="write")


async def audit_of(session: AsyncSession, case_id: uuid.UUID) -> list[tuple[str, str, dict]]:
    rows = await session.execute(
        select(AuditEntry.action, AuditEntry.actor, AuditEntry.detail)
        .where(AuditEntry.resource_type == "case", AuditEntry.resource_id == str(case_id))
        .order_by(AuditEntry.id)
    )
    return [(a, b, c) for a, b, c in rows.all()]


async def deadline_rows(session: AsyncSession, case_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count()).where(CourtEvent.case_id == case_id, CourtEvent.event_type == "deadline")
    )
    return int(count or 0)


async def test_resolve_by_id_or_by_docket_in_any_spelling(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000401")
    assert (await service.resolve(session, str(case.id))).id == case.id
    assert (await service.resolve(session, "JV-2099-000401")).id == case.id
    assert (await service.resolve(session, "  jv 2099\u2013000401 ")).id == case.id


async def test_resolve_refuses_an_unknown_docket_or_id(session: AsyncSession) -> None:
    await add_case(session, "JV-2099-000402")
    with pytest.raises(NotFound, match="JV-2099-999999"):
        await service.resolve(session, "JV-2099-999999")
    with pytest.raises(NotFound):
        await service.resolve(session, str(uuid.uuid4()))
    with pytest.raises(NotFound):
        await service.resolve(session, "")


async def test_resolve_optional_treats_none_and_blank_as_all_cases(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000403")
    assert await service.resolve_optional(session, None) is None
    assert await service.resolve_optional(session, "   ") is None
    assert await service.resolve_optional(session, "jv-2099-000403") == case.id
    with pytest.raises(NotFound):
        await service.resolve_optional(session, "JV-2099-000404")


async def test_create_normalizes_sets_the_type_and_is_audited(session: AsyncSession) -> None:
    created = await service.create(
        session,
        CaseCreate(docket_number="fl 2099 000405", name="In re a fictional family", case_type="family"),
        CLERK,
    )
    assert created.docket_number == "FL-2099-000405"
    assert created.name == "In re a fictional family"
    assert created.case_type == "family"
    assert created.jurisdiction == "california_dependency"
    assert created.external_analysis is False
    stored = await session.get(Case, created.id)
    assert stored is not None and stored.case_type == "family"
    assert await audit_of(session, created.id) == [
        ("case.create", "token:test-clerk", {"docket_number": "FL-2099-000405"})
    ]


async def test_create_refuses_a_docket_that_exists_in_another_spelling(session: AsyncSession) -> None:
    existing = await add_case(session, "JV-2099-000406")
    with pytest.raises(Conflict, match="exists already"):
        await service.create(session, CaseCreate(docket_number="jv 2099 000406", name="Other"), CLERK)
    count = await session.scalar(
        select(func.count()).select_from(Case).where(Case.docket_number == "JV-2099-000406")
    )
    assert count == 1
    assert existing.name == "In re the fictional child"
    assert await audit_of(session, existing.id) == []


async def test_list_cases_pages_in_creation_order(session: AsyncSession) -> None:
    _, before = await service.list_cases(session, limit=0, offset=0)
    made = [
        await service.create(session, CaseCreate(docket_number=f"JV-2099-00041{i}"), CLERK) for i in range(3)
    ]
    items, total = await service.list_cases(session, limit=10, offset=before)
    assert total == before + 3
    assert {c.id for c in items} == {c.id for c in made}  # the newest last
    first, total = await service.list_cases(session, limit=2, offset=before)
    rest, _ = await service.list_cases(session, limit=2, offset=before + 2)
    assert total == before + 3 and len(first) == 2 and len(rest) == 1
    assert [c.id for c in first + rest] == [c.id for c in items]
    assert await service.list_cases(session, limit=10, offset=before + 3) == ([], before + 3)


async def test_update_sets_only_what_is_sent_and_is_audited(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000420")
    updated = await service.update(session, "jv-2099-000420", CaseUpdate(external_analysis=True), CLERK)
    assert updated.external_analysis is True
    assert updated.name == "In re the fictional child"
    cleared = await service.update(session, str(case.id), CaseUpdate(name=None), CLERK)
    assert cleared.name is None and cleared.external_analysis is True
    assert await audit_of(session, case.id) == [
        ("case.update", CLERK.actor, {"external_analysis": "True"}),
        ("case.update", CLERK.actor, {"name": "None"}),
    ]


async def test_update_of_an_unknown_case_is_not_found(session: AsyncSession) -> None:
    with pytest.raises(NotFound):
        await service.update(session, "JV-2099-000421", CaseUpdate(name="Nobody"), CLERK)


async def test_analyze_an_empty_case_stores_nothing(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000422")
    summary = await service.analyze(session, case.id, today=TODAY)
    assert summary["events"] == 0
    assert all(isinstance(v, int) for v in summary.values())
    assert await deadline_rows(session, case.id) == 0


async def test_analyze_stores_the_chronology_and_its_deadlines(session: AsyncSession) -> None:
    case = await seeded_case(session)
    summary = await service.analyze(session, case.id, today=TODAY)
    assert summary["events"] >= 3
    assert await deadline_rows(session, case.id) > 0
    assert await service.analyze(session, case.id, today=TODAY) == summary


async def test_analyze_now_resolves_runs_and_audits(session: AsyncSession) -> None:
    case = await seeded_case(session)
    summary = await service.analyze_now(session, "jv073418", CLERK)
    assert summary["events"] >= 3
    assert await deadline_rows(session, case.id) > 0
    assert await audit_of(session, case.id) == [("case.analyze", CLERK.actor, summary)]
    with pytest.raises(NotFound):
        await service.analyze_now(session, "JV-2099-000423", CLERK)


async def test_run_case_analysis_commits_in_a_transaction_of_its_own(session: AsyncSession) -> None:
    case = await seeded_case(session)
    case_id = case.id
    sessions = async_sessionmaker(
        bind=session.bind, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    summary = await service.run_case_analysis(sessions, case_id)
    assert summary["events"] >= 3
    assert await deadline_rows(session, case_id) > 0


async def test_deadlines_calendar_is_an_icalendar_of_the_case(session: AsyncSession) -> None:
    case = await seeded_case(session)
    row, ics = await service.deadlines_calendar(session, case.docket_number, today=TODAY)
    assert row.id == case.id
    text = ics.decode()
    assert text.startswith("BEGIN:VCALENDAR")
    assert text.rstrip().endswith("END:VCALENDAR")
    assert "BEGIN:VEVENT" in text
    assert "X-WR-CALNAME:In re Noah V. (fictional): deadlines" in text
    with pytest.raises(NotFound):
        await service.deadlines_calendar(session, "JV-2099-000424", today=dt.date(2030, 1, 1))
