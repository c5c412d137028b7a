"""The audit log (``kit/audit.py``): ``record`` writes who did what to which resource, ``apply_changes``
sets a person's correction on a row, writes it, and logs who changed what."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.kit import audit
from aseagi.models import AuditEntry, Case


async def entries(session: AsyncSession, resource_id: str | None = None) -> list[AuditEntry]:
    await session.flush()
    query = select(AuditEntry).order_by(AuditEntry.id)
    if resource_id is not None:
        query = query.where(AuditEntry.resource_id == resource_id)
    return list((await session.scalars(query)).all())


async def test_record_writes_actor_action_resource_and_detail(session: AsyncSession) -> None:
    document_id = uuid.uuid4()
    await audit.record(
        session,
        actor="token:paralegal",
        action="document.read",
        resource_type="document",
        resource_id=document_id,
        detail={"pages": [1, 2], "reason": "hearing prep"},
    )
    (entry,) = await entries(session, str(document_id))
    assert entry.actor == "token:paralegal"
    assert entry.action == "document.read"
    assert entry.resource_type == "document"
    assert entry.resource_id == str(document_id), "any id is stored as its text"
    assert entry.detail == {"pages": [1, 2], "reason": "hearing prep"}
    await session.refresh(entry)
    assert entry.at is not None and entry.at.tzinfo is not None


async def test_record_without_a_resource_or_detail(session: AsyncSession) -> None:
    action = f"tokens.list.{uuid.uuid4().hex}"
    await audit.record(session, actor="cli", action=action)
    added = [entry for entry in await entries(session) if entry.action == action]
    assert len(added) == 1
    (entry,) = added
    assert entry.actor == "cli"
    assert entry.resource_type is None
    assert entry.resource_id is None
    assert entry.detail == {}


async def test_record_keeps_falsy_ids_and_turns_an_empty_detail_into_an_empty_object(
    session: AsyncSession,
) -> None:
    await audit.record(session, actor="cli", action="batch.cancel", resource_type="batch", resource_id=0)
    await audit.record(session, actor="cli", action="batch.cancel", resource_type="batch", resource_id="")
    await audit.record(session, actor="cli", action="x", resource_type="batch", resource_id=17, detail={})
    assert [e.resource_id for e in await entries(session, "0")] == ["0"]
    assert [e.action for e in await entries(session, "")] == ["batch.cancel"]
    (entry,) = await entries(session, "17")
    assert entry.detail == {}


async def test_record_is_not_written_until_the_session_flushes(session: AsyncSession) -> None:
    await audit.record(session, actor="cli", action="x", resource_id="pending-1")
    assert any(isinstance(row, AuditEntry) and row.resource_id == "pending-1" for row in session.new)


async def test_apply_changes_sets_writes_and_logs_the_change(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000201")
    await audit.apply_changes(
        session,
        case,
        {"name": "In re the renamed child", "external_analysis": True},
        actor="token:attorney",
        action="case.update",
        resource_type="case",
    )
    assert case.name == "In re the renamed child"
    assert case.external_analysis is True
    stored = await session.scalar(select(Case.name).where(Case.id == case.id))
    assert stored == "In re the renamed child", "written to the database"
    (entry,) = await entries(session, str(case.id))
    assert (entry.actor, entry.action, entry.resource_type) == ("token:attorney", "case.update", "case")
    assert entry.detail == {"name": "In re the renamed child", "external_analysis": "True"}


async def test_apply_changes_logs_values_as_text_and_none_as_none_text(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000202")
    document = await add_document(session, case, title="Old title")
    await audit.apply_changes(
        session,
        document,
        {"title": None, "document_date": date(2024, 3, 5), "relevancy_score": 750},
        actor="cli",
        action="document.correct",
        resource_type="document",
    )
    assert document.title is None
    assert document.document_date == date(2024, 3, 5)
    (entry,) = await entries(session, str(document.id))
    assert entry.detail == {"title": "None", "document_date": "2024-03-05", "relevancy_score": "750"}


async def test_apply_changes_refreshes_server_side_values(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000203")
    await session.refresh(case)
    created = case.created_at
    await audit.apply_changes(
        session, case, {"name": "Refreshed"}, actor="cli", action="case.update", resource_type="case"
    )
    assert case.created_at == created
    assert case.case_type == "dependency", "the row's columns are loaded again after the write"


async def test_apply_changes_without_changes_still_logs(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000204")
    await audit.apply_changes(session, case, {}, actor="cli", action="case.update", resource_type="case")
    (entry,) = await entries(session, str(case.id))
    assert entry.detail == {}
    assert case.docket_number == "JV-2099-000204"


async def test_a_change_the_database_refuses_is_not_logged(session: AsyncSession) -> None:
    await add_case(session, "JV-2099-000205")
    case = await add_case(session, "JV-2099-000206")
    case_id = case.id
    with pytest.raises(IntegrityError):
        async with session.begin_nested():
            await audit.apply_changes(
                session,
                case,
                {"docket_number": "JV-2099-000205"},  # unique: another case has it
                actor="cli",
                action="case.update",
                resource_type="case",
            )
    assert await entries(session, str(case_id)) == []
