"""communications.service: listing and reading messages, each read audited."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case

from aseagi.communications import service
from aseagi.communications.repository import CommunicationFilters
from aseagi.communications.schemas import CommunicationRead
from aseagi.kit.errors import NotFound
from aseagi.models import AuditEntry, Communication
from aseagi.security.tokens import Principal

READER = Principal(token_id=uuid.uuid4(), name="test-reader", scope="read")


async def audit(session: AsyncSession) -> list[tuple[str, str, str | None, str | None, dict]]:
    await session.flush()
    rows = await session.scalars(
        select(AuditEntry).where(AuditEntry.resource_type == "communication").order_by(AuditEntry.id)
    )
    return [(e.actor, e.action, e.resource_type, e.resource_id, e.detail) for e in rows]


async def add_messages(session: AsyncSession, count: int) -> tuple[uuid.UUID, list[Communication]]:
    case = await add_case(session)
    rows = [
        Communication(
            case_id=case.id,
            position=n,
            channel="email",
            sender="Social Worker",
            recipients=["Mother", "Father"],
            subject=f"Visit {n}",
            sent_at=datetime(2025, 4, 1 + n, tzinfo=UTC),
            content=f"Visit number {n} is confirmed.",
            direction="outgoing",
        )
        for n in range(count)
    ]
    session.add_all(rows)
    await session.flush()
    return case.id, rows


async def test_list_returns_schemas_and_the_total_and_audits_the_count(session: AsyncSession) -> None:
    case_id, rows = await add_messages(session, 3)
    listed, total = await service.list_communications(
        session, CommunicationFilters(case_id=case_id), READER, limit=2, offset=0
    )
    assert total == 3
    assert all(isinstance(r, CommunicationRead) for r in listed)
    assert [r.id for r in listed] == [rows[0].id, rows[1].id]
    assert listed[0].recipients == ["Mother", "Father"]
    assert (listed[0].subject, listed[0].direction) == ("Visit 0", "outgoing")
    assert await audit(session) == [
        ("token:test-reader", "communications.read", "communication", None, {"count": 2})
    ]


async def test_an_empty_list_is_audited_too(session: AsyncSession) -> None:
    listed, total = await service.list_communications(
        session, CommunicationFilters(case_id=uuid.uuid4()), READER, limit=10, offset=0
    )
    assert (listed, total) == ([], 0)
    assert [(action, detail) for _, action, _, _, detail in await audit(session)] == [
        ("communications.read", {"count": 0})
    ]


async def test_read_one_is_audited_with_its_id(session: AsyncSession) -> None:
    _, rows = await add_messages(session, 1)
    read = await service.read(session, rows[0].id, READER)
    assert read == CommunicationRead.model_validate(rows[0])
    assert read.content == "Visit number 0 is confirmed."
    assert await audit(session) == [
        ("token:test-reader", "communication.read", "communication", str(rows[0].id), {})
    ]


async def test_reading_a_missing_message_is_not_found_and_not_audited(session: AsyncSession) -> None:
    missing = uuid.uuid4()
    with pytest.raises(NotFound, match=str(missing)):
        await service.read(session, missing, READER)
    assert await audit(session) == []
