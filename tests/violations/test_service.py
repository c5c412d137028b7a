"""violations.service: listing, adding a finding by hand, reading and reviewing it; every change audited."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.kit.errors import InvalidRequest, NotFound
from aseagi.models import AuditEntry, LegalViolation
from aseagi.security.tokens import Principal
from aseagi.violations import service
from aseagi.violations.repository import ViolationFilters
from aseagi.violations.schemas import ViolationCreate, ViolationUpdate

WRITER = Principal(token_id=uuid.uuid4(), name="test-reviewer", scope="write")


def body(case: str, **values: object) -> ViolationCreate:
    fields: dict[str, object] = {
        "case": case,
        "violation_type": "Late jurisdiction hearing",
        "severity": "HIGH",
        "violation_date": date(2024, 4, 1),
        "description": "Jurisdiction hearing held 20 court days after detention",
        "legal_basis": "WIC 334",
    }
    return ViolationCreate.model_validate(fields | values)


async def audit_actions(session: AsyncSession, resource_id: uuid.UUID) -> list[tuple[str, str]]:
    rows = await session.execute(
        select(AuditEntry.action, AuditEntry.actor)
        .where(AuditEntry.resource_type == "violation", AuditEntry.resource_id == str(resource_id))
        .order_by(AuditEntry.id)
    )
    return [(a, b) for a, b in rows.all()]


async def test_create_by_docket_is_manual_suspected_and_audited(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000101")
    created = await service.create(session, body("jv 2099 000101"), WRITER)

    assert created.case_id == case.id
    assert created.source == "manual"
    assert created.review_status == "suspected"
    assert created.severity == "HIGH"
    assert created.violation_date == date(2024, 4, 1)
    assert created.evidence == []
    assert created.reviewed_by is None and created.reviewed_at is None
    stored = await session.get(LegalViolation, created.id)
    assert stored is not None and stored.severity_rank == 1
    assert await audit_actions(session, created.id) == [("violation.create", "token:test-reviewer")]


async def test_create_by_case_id_with_a_document_of_the_case(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000102")
    document = await add_document(session, case)
    created = await service.create(session, body(str(case.id), document_id=document.id), WRITER)
    assert (created.case_id, created.document_id) == (case.id, document.id)


async def test_create_refuses_an_unknown_case(session: AsyncSession) -> None:
    with pytest.raises(NotFound):
        await service.create(session, body("JV-2099-999999"), WRITER)
    assert await session.scalar(select(LegalViolation.id)) is None


async def test_create_refuses_a_missing_document_or_one_of_another_case(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000103")
    other = await add_case(session, "JV-2099-000104")
    foreign = await add_document(session, other)

    with pytest.raises(InvalidRequest, match="no document"):
        await service.create(session, body(case.docket_number, document_id=uuid.uuid4()), WRITER)
    with pytest.raises(InvalidRequest, match="another case"):
        await service.create(session, body(case.docket_number, document_id=foreign.id), WRITER)
    assert await session.scalar(select(LegalViolation.id)) is None


async def test_load_and_read_raise_not_found_for_an_unknown_id(session: AsyncSession) -> None:
    missing = uuid.uuid4()
    with pytest.raises(NotFound, match=str(missing)):
        await service.load(session, missing)
    with pytest.raises(NotFound):
        await service.read(session, missing)


async def test_read_returns_the_stored_finding(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000105")
    created = await service.create(session, body(case.docket_number, person="Fictional Worker"), WRITER)
    read = await service.read(session, created.id)
    assert read == created
    assert read.person == "Fictional Worker"


async def test_list_filters_orders_by_severity_and_pages(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000106")
    other = await add_case(session, "JV-2099-000107")
    low = await service.create(session, body(case.docket_number, severity="LOW"), WRITER)
    critical = await service.create(session, body(case.docket_number, severity="CRITICAL"), WRITER)
    medium = await service.create(session, body(case.docket_number, severity="MEDIUM"), WRITER)
    await service.create(session, body(other.docket_number, severity="CRITICAL"), WRITER)

    items, total = await service.list_violations(
        session, ViolationFilters(case_id=case.id), limit=10, offset=0
    )
    assert total == 3
    assert [v.id for v in items] == [critical.id, medium.id, low.id]

    page, total = await service.list_violations(session, ViolationFilters(case_id=case.id), limit=1, offset=1)
    assert (total, [v.id for v in page]) == (3, [medium.id])

    beyond, total = await service.list_violations(
        session, ViolationFilters(case_id=case.id), limit=10, offset=10
    )
    assert (beyond, total) == ([], 3)

    criticals, total = await service.list_violations(
        session, ViolationFilters(severity="CRITICAL"), limit=10, offset=0
    )
    assert total == 2 and {v.severity for v in criticals} == {"CRITICAL"}


async def test_list_of_a_case_without_findings_is_empty(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000108")
    assert await service.list_violations(session, ViolationFilters(case_id=case.id), limit=10, offset=0) == (
        [],
        0,
    )


async def test_review_sets_the_reviewer_and_is_audited(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000109")
    created = await service.create(session, body(case.docket_number), WRITER)
    verified = await service.update(session, created.id, ViolationUpdate(review_status="verified"), WRITER)
    assert verified.review_status == "verified"
    assert verified.reviewed_by == "token:test-reviewer"
    assert verified.reviewed_at is not None
    assert verified.severity == "HIGH"
    actions = await audit_actions(session, created.id)
    assert actions == [("violation.create", WRITER.actor), ("violation.update", WRITER.actor)]
    detail = await session.scalar(
        select(AuditEntry.detail).where(
            AuditEntry.action == "violation.update", AuditEntry.resource_id == str(created.id)
        )
    )
    assert detail is not None and detail["review_status"] == "verified"
    assert detail["reviewed_by"] == WRITER.actor


async def test_an_edit_without_review_status_leaves_the_review_alone(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000110")
    created = await service.create(session, body(case.docket_number), WRITER)
    edited = await service.update(
        session, created.id, ViolationUpdate(severity="CRITICAL", legal_basis=None), WRITER
    )
    assert edited.severity == "CRITICAL"
    assert edited.legal_basis is None
    assert edited.review_status == "suspected"
    assert edited.reviewed_by is None and edited.reviewed_at is None
    stored = await session.get(LegalViolation, created.id)
    assert stored is not None and stored.severity_rank == 0


async def test_an_empty_update_changes_nothing(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000111")
    created = await service.create(session, body(case.docket_number), WRITER)
    unchanged = await service.update(session, created.id, ViolationUpdate(), WRITER)
    assert unchanged.model_dump(exclude={"created_at"}) == created.model_dump(exclude={"created_at"})


async def test_update_of_an_unknown_id_is_not_found_and_not_audited(session: AsyncSession) -> None:
    missing = uuid.uuid4()
    with pytest.raises(NotFound):
        await service.update(session, missing, ViolationUpdate(review_status="dismissed"), WRITER)
    assert await audit_actions(session, missing) == []
