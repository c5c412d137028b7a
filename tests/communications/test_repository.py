"""communications.repository: filters, the sent-at order, pages with their total, counts and look-ups."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.communications import repository
from aseagi.communications.repository import CommunicationFilters
from aseagi.models import Case, Communication


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=UTC)


async def seeded(session: AsyncSession) -> tuple[Case, Case, dict[str, Communication]]:
    case = await add_case(session)
    other = await add_case(session, "JV-2025-006666")
    doc = await add_document(session, case, file_name="messages.xml")
    messages = {
        "early": Communication(
            case_id=case.id,
            document_id=doc.id,
            position=0,
            channel="sms",
            sender="Mother",
            sent_at=at(1),
            content="Can I visit on Saturday?",
        ),
        "email": Communication(
            case_id=case.id,
            document_id=doc.id,
            position=1,
            channel="email",
            sender="Social Worker",
            subject="Visit schedule",
            sent_at=at(5),
            content="The visit is confirmed.",
        ),
        "late": Communication(
            case_id=case.id,
            document_id=doc.id,
            position=2,
            channel="sms",
            sender="Father",
            sent_at=at(9),
            content="Running late to court",
        ),
        "undated": Communication(
            case_id=case.id,
            document_id=doc.id,
            position=3,
            channel="letter",
            sender="Grandmother",
            sent_at=None,
            content="A letter about placement",
        ),
        "elsewhere": Communication(
            case_id=other.id,
            position=0,
            channel="sms",
            sender="Aunt",
            sent_at=at(3),
            content="visit tomorrow",
        ),
    }
    session.add_all(messages.values())
    await session.flush()
    return case, other, messages


async def listed(
    session: AsyncSession, filters: CommunicationFilters, *, limit: int = 50, offset: int = 0
) -> tuple[list[str], int]:
    rows, total = await repository.list_communications(session, filters, limit=limit, offset=offset)
    return [r.content for r in rows], total


async def test_a_case_s_messages_in_sent_order_undated_last(session: AsyncSession) -> None:
    case, _, _ = await seeded(session)
    assert await listed(session, CommunicationFilters(case_id=case.id)) == (
        [
            "Can I visit on Saturday?",
            "The visit is confirmed.",
            "Running late to court",
            "A letter about placement",
        ],
        4,
    )


async def test_filters(session: AsyncSession) -> None:
    case, other, _ = await seeded(session)
    expected = {
        CommunicationFilters(): 5,
        CommunicationFilters(case_id=other.id): 1,
        CommunicationFilters(case_id=uuid.uuid4()): 0,
        CommunicationFilters(channel="sms"): 3,
        CommunicationFilters(case_id=case.id, channel="sms"): 2,
        CommunicationFilters(channel="call"): 0,
        CommunicationFilters(sent_from=at(5)): 2,
        CommunicationFilters(sent_to=at(5)): 3,
        CommunicationFilters(sent_from=at(2), sent_to=at(6)): 2,
        CommunicationFilters(query="visit"): 3,
        CommunicationFilters(query="visit -saturday"): 2,
        CommunicationFilters(query="schedule"): 1,  # the subject is searched
        CommunicationFilters(query="grandmother"): 1,  # and the sender
        CommunicationFilters(query="' OR 1=1 --"): 0,
        CommunicationFilters(query=""): 5,  # an empty query is no filter
        CommunicationFilters(case_id=case.id, channel="sms", query="visit", sent_to=at(1)): 1,
    }
    for filters, count in expected.items():
        contents, total = await listed(session, filters)
        assert (len(contents), total) == (count, count), filters


async def test_the_date_filter_leaves_out_undated_messages(session: AsyncSession) -> None:
    case, _, messages = await seeded(session)
    contents, _ = await listed(session, CommunicationFilters(case_id=case.id, sent_from=at(1)))
    assert messages["undated"].content not in contents


async def test_pages_keep_the_total(session: AsyncSession) -> None:
    case, _, _ = await seeded(session)
    filters = CommunicationFilters(case_id=case.id)
    first = await listed(session, filters, limit=3)
    second = await listed(session, filters, limit=3, offset=3)
    beyond = await listed(session, filters, limit=3, offset=10)
    assert [page[1] for page in (first, second, beyond)] == [4, 4, 4]
    assert first[0] + second[0] == (await listed(session, filters))[0]
    assert beyond[0] == []
    assert (await listed(session, filters, limit=0))[0] == []


async def test_ties_are_broken_by_id(session: AsyncSession) -> None:
    case = await add_case(session)
    same = [
        Communication(case_id=case.id, position=n, channel="sms", sent_at=at(2), content=f"m{n}")
        for n in range(4)
    ]
    session.add_all(same)
    await session.flush()
    rows, _ = await repository.list_communications(
        session, CommunicationFilters(case_id=case.id), limit=10, offset=0
    )
    assert [r.id for r in rows] == sorted(m.id for m in same)


async def test_count_and_get(session: AsyncSession) -> None:
    case, other, messages = await seeded(session)
    assert await repository.count(session, case.id) == 4
    assert await repository.count(session, other.id) == 1
    assert await repository.count(session, None) == 5
    assert await repository.count(session, uuid.uuid4()) == 0
    found = await repository.get(session, messages["email"].id)
    assert found is not None and found.subject == "Visit schedule"
    assert await repository.get(session, uuid.uuid4()) is None
