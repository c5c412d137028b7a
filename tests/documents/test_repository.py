"""documents.repository: filters, sorts, cursor and offset pages, counts and the review queues."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.documents import repository
from aseagi.documents.repository import FAILED, SMOKING_GUN_TO_REVIEW, DocumentFilters
from aseagi.models import Case, DocumentOccurrence, LegalDocument

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


async def seeded(session: AsyncSession) -> tuple[Case, Case, dict[str, LegalDocument]]:
    case = await add_case(session)
    other = await add_case(session, "JV-2025-007777")
    docs = {
        "petition": await add_document(
            session,
            case,
            file_name="petition.pdf",
            document_type="petition",
            relevancy_score=300,
            document_date=date(2025, 1, 10),
            text="Petition alleging neglect of the minor",
            created_at=T0,
        ),
        "report": await add_document(
            session,
            case,
            file_name="report.pdf",
            document_type="report",
            relevancy_score=900,
            smoking_gun=True,
            document_date=date(2025, 2, 20),
            text="Social worker report on visitation",
            created_at=T0 + timedelta(hours=1),
        ),
        "order": await add_document(
            session,
            case,
            file_name="order.pdf",
            document_type="minute_order",
            relevancy_score=600,
            document_date=None,
            text="Minute order after detention hearing",
            created_at=T0 + timedelta(hours=2),
        ),
        "broken": await add_document(
            session,
            case,
            file_name="broken.pdf",
            status="failed",
            status_reason="encrypted",
            relevancy_score=0,
            text=None,
            created_at=T0 + timedelta(hours=3),
        ),
        "elsewhere": await add_document(
            session,
            other,
            file_name="elsewhere.pdf",
            document_type="report",
            relevancy_score=950,
            smoking_gun=True,
            text="Another family's report on visitation",
            created_at=T0 + timedelta(hours=4),
        ),
    }
    return case, other, docs


def names(rows: list[LegalDocument]) -> list[str]:
    return [r.file_name for r in rows]


async def listed(
    session: AsyncSession,
    filters: DocumentFilters,
    sort: str = "created",
    *,
    limit: int = 50,
    offset: int = 0,
) -> list[str]:
    rows = await repository.list_documents(session, filters, sort=sort, limit=limit, offset=offset)
    return names(rows)


async def test_each_filter_narrows_and_count_agrees(session: AsyncSession) -> None:
    case, other, _ = await seeded(session)
    cases = {
        DocumentFilters(case_id=case.id): {"petition.pdf", "report.pdf", "order.pdf", "broken.pdf"},
        DocumentFilters(case_id=other.id): {"elsewhere.pdf"},
        DocumentFilters(status="failed"): {"broken.pdf"},
        DocumentFilters(document_type="report"): {"report.pdf", "elsewhere.pdf"},
        DocumentFilters(case_id=case.id, min_score=300, max_score=600): {"petition.pdf", "order.pdf"},
        DocumentFilters(min_score=901): {"elsewhere.pdf"},
        DocumentFilters(max_score=0): {"broken.pdf"},
        DocumentFilters(case_id=case.id, smoking_gun=True): {"report.pdf"},
        DocumentFilters(case_id=case.id, smoking_gun=False): {"petition.pdf", "order.pdf", "broken.pdf"},
        DocumentFilters(date_from=date(2025, 1, 10), date_to=date(2025, 1, 10)): {"petition.pdf"},
        DocumentFilters(date_from=date(2025, 2, 1)): {"report.pdf"},
        DocumentFilters(query="visitation"): {"report.pdf", "elsewhere.pdf"},
        DocumentFilters(query="visitation -family"): {"report.pdf"},
        DocumentFilters(query='"detention hearing"'): {"order.pdf"},
        DocumentFilters(query="petition.pdf"): {"petition.pdf"},  # the file name is searched too
        DocumentFilters(query="' OR 1=1 --"): set(),
        DocumentFilters(case_id=uuid.uuid4()): set(),
    }
    for filters, expected in cases.items():
        assert set(await listed(session, filters)) == expected, filters
        assert await repository.count(session, filters) == len(expected), filters


async def test_an_empty_query_is_no_filter(session: AsyncSession) -> None:
    case, _, _ = await seeded(session)
    assert await repository.count(session, DocumentFilters(case_id=case.id, query="")) == 4


async def test_sorts(session: AsyncSession) -> None:
    case, _, _ = await seeded(session)
    filters = DocumentFilters(case_id=case.id)
    assert await listed(session, filters, "created") == [
        "broken.pdf",
        "order.pdf",
        "report.pdf",
        "petition.pdf",
    ]
    assert await listed(session, filters, "relevancy") == [
        "report.pdf",
        "order.pdf",
        "petition.pdf",
        "broken.pdf",
    ]
    by_date = await listed(session, filters, "date")
    assert by_date[:2] == ["report.pdf", "petition.pdf"]
    assert set(by_date[2:]) == {"order.pdf", "broken.pdf"}  # undated last


async def test_list_does_not_load_text(session: AsyncSession) -> None:
    case, _, _ = await seeded(session)
    session.expunge_all()
    rows = await repository.list_documents(
        session, DocumentFilters(case_id=case.id), sort="created", limit=1, offset=0
    )
    assert "text" not in rows[0].__dict__
    assert "analysis" not in rows[0].__dict__
    assert rows[0].file_name == "broken.pdf"


async def test_offset_pages_and_limits(session: AsyncSession) -> None:
    case, _, _ = await seeded(session)
    filters = DocumentFilters(case_id=case.id)
    assert await listed(session, filters, "relevancy", limit=2, offset=0) == ["report.pdf", "order.pdf"]
    assert await listed(session, filters, "relevancy", limit=2, offset=2) == ["petition.pdf", "broken.pdf"]
    assert await listed(session, filters, "relevancy", limit=2, offset=4) == []
    assert await listed(session, filters, "relevancy", limit=0, offset=0) == []


async def test_cursor_pages_follow_created_at_then_id(session: AsyncSession) -> None:
    case, _, docs = await seeded(session)
    twin = await add_document(session, case, file_name="twin.pdf", created_at=docs["order"].created_at)
    filters = DocumentFilters(case_id=case.id)
    seen: list[str] = []
    after: tuple[datetime, uuid.UUID] | None = None
    while True:
        page = await repository.list_documents(  # with a cursor, the offset is ignored
            session, filters, sort="created", limit=2, offset=0 if after is None else 999, after=after
        )
        if not page:
            break
        seen += names(page)
        last = page[-1]
        after = (last.created_at, last.id)
    order_then_twin = sorted([docs["order"], twin], key=lambda d: d.id, reverse=True)
    assert seen == ["broken.pdf", *names(order_then_twin), "report.pdf", "petition.pdf"]


async def test_get_and_occurrences(session: AsyncSession) -> None:
    _, _, docs = await seeded(session)
    doc = docs["order"]
    assert (await repository.get(session, doc.id)) is doc
    assert await repository.get(session, uuid.uuid4()) is None
    assert await repository.occurrences(session, doc.id) == []
    for n in range(3):
        session.add(
            DocumentOccurrence(document_id=doc.id, source=f"/inbox/{n}.pdf", seen_at=T0 - timedelta(days=n))
        )
    await session.flush()
    found = await repository.occurrences(session, doc.id)
    assert [o.source for o in found] == ["/inbox/2.pdf", "/inbox/1.pdf", "/inbox/0.pdf"]
    assert [o.source for o in await repository.occurrences(session, doc.id, limit=1)] == ["/inbox/2.pdf"]


async def test_count_matching_in_a_case_and_in_all_cases(session: AsyncSession) -> None:
    case, other, _ = await seeded(session)
    loose = await add_document(session, case, file_name="loose.pdf", smoking_gun=True)
    loose.case_id = None
    await add_case(session, "JV-2025-000001")  # a case with no documents counts 0
    await session.flush()
    gun = LegalDocument.smoking_gun
    assert await repository.count_matching(session, gun, case.id) == 1
    assert await repository.count_matching(session, gun, other.id) == 1
    assert await repository.count_matching(session, gun, None) == 3
    assert await repository.count_matching(session, FAILED, None) == 1
    assert await repository.count_matching(session, LegalDocument.relevancy_score > 999, None) == 0
    assert await repository.count_matching(session, gun, uuid.uuid4()) == 0


async def test_count_by_status(session: AsyncSession) -> None:
    case, other, _ = await seeded(session)
    assert await repository.count_by_status(session, case.id) == {"done": 3, "failed": 1}
    assert await repository.count_by_status(session, other.id) == {"done": 1}
    assert await repository.count_by_status(session, None) == {"done": 4, "failed": 1}
    assert await repository.count_by_status(session, uuid.uuid4()) == {}


async def test_smoking_guns_to_review_skip_reviewed_and_page(session: AsyncSession) -> None:
    case, _, _ = await seeded(session)
    await add_document(session, case, file_name="second-gun.pdf", smoking_gun=True, relevancy_score=800)
    await add_document(
        session, case, file_name="seen.pdf", smoking_gun=True, relevancy_score=999, review_status="reviewed"
    )
    guns = await repository.smoking_guns_to_review(session, case_id=case.id, limit=10, offset=0)
    assert names(guns) == ["report.pdf", "second-gun.pdf"]
    everywhere = await repository.smoking_guns_to_review(session, case_id=None, limit=10, offset=0)
    assert names(everywhere) == ["elsewhere.pdf", "report.pdf", "second-gun.pdf"]
    assert names(await repository.smoking_guns_to_review(session, case_id=None, limit=1, offset=1)) == [
        "report.pdf"
    ]
    assert await repository.smoking_guns_to_review(session, case_id=uuid.uuid4(), limit=10, offset=0) == []
    assert (
        await session.scalar(
            select(LegalDocument.id).where(SMOKING_GUN_TO_REVIEW, LegalDocument.file_name == "seen.pdf")
        )
        is None
    )


async def test_failed_latest_first(session: AsyncSession) -> None:
    case, other, docs = await seeded(session)
    docs["broken"].updated_at = T0
    later = await add_document(
        session, other, file_name="later.pdf", status="failed", updated_at=T0 + timedelta(days=1)
    )
    await session.flush()
    session.expunge_all()
    failed = await repository.failed(session, case_id=None, limit=10, offset=0)
    assert names(failed) == ["later.pdf", "broken.pdf"]
    assert failed[1].status_reason == "encrypted"
    assert "text" not in failed[0].__dict__  # a summary line never loads the text
    assert names(await repository.failed(session, case_id=case.id, limit=10, offset=0)) == ["broken.pdf"]
    assert names(await repository.failed(session, case_id=None, limit=1, offset=1)) == ["broken.pdf"]
    assert later.id == failed[0].id


async def test_file_names(session: AsyncSession) -> None:
    _, _, docs = await seeded(session)
    assert await repository.file_names(session, []) == {}
    wanted = [docs["order"].id, docs["order"].id, docs["petition"].id, uuid.uuid4()]
    assert await repository.file_names(session, iter(wanted)) == {
        docs["order"].id: "order.pdf",
        docs["petition"].id: "petition.pdf",
    }
