"""search.repository: the match condition and the one-statement ranked search over documents and messages."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import RowMapping, select
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.models import Case, Communication, LegalDocument
from aseagi.search import repository
from aseagi.search.repository import HIGHLIGHT_START, HIGHLIGHT_STOP, MESSAGE_MAX_CHARS, matches

SENT = datetime(2025, 2, 14, 18, 30, tzinfo=UTC)


async def search(
    session: AsyncSession,
    query: str,
    case_id: uuid.UUID | None = None,
    *,
    candidates: int = 100,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[RowMapping], int, int]:
    return await repository.search(
        session, query=query, case_id=case_id, candidates=candidates, limit=limit, offset=offset
    )


async def seeded(session: AsyncSession) -> tuple[Case, LegalDocument, Communication]:
    case = await add_case(session)
    doc = await add_document(
        session,
        case,
        file_name="report.pdf",
        title="Status review report",
        document_date=date(2025, 1, 20),
        text="Cover page\fThe social worker reported that the mother missed visitation twice.\fSigned",
    )
    message = Communication(
        case_id=case.id,
        document_id=doc.id,
        position=0,
        channel="sms",
        sender="Mother",
        recipients=["Social Worker"],
        sent_at=SENT,
        content="Can we reschedule visitation to Saturday?",
    )
    session.add(message)
    await session.flush()
    return case, doc, message


async def test_matches_is_web_search_over_a_search_column(session: AsyncSession) -> None:
    case, doc, _ = await seeded(session)
    ids = select(LegalDocument.id).where(LegalDocument.case_id == case.id)
    assert list(await session.scalars(ids.where(matches(LegalDocument.search, "visitation")))) == [doc.id]
    assert list(await session.scalars(ids.where(matches(LegalDocument.search, "visits")))) == [doc.id]
    assert list(await session.scalars(ids.where(matches(LegalDocument.search, "visitation -mother")))) == []
    assert list(await session.scalars(ids.where(matches(LegalDocument.search, '"mother missed"')))) == [
        doc.id
    ]
    assert list(await session.scalars(ids.where(matches(LegalDocument.search, '"missed mother"')))) == []
    assert (
        list(await session.scalars(ids.where(matches(LegalDocument.search, "'; DROP TABLE cases; --")))) == []
    )


async def test_a_document_and_a_message_are_found_with_their_fields(session: AsyncSession) -> None:
    case, doc, message = await seeded(session)
    rows, documents, communications = await search(session, "visitation", case.id)
    assert (documents, communications) == (1, 1)
    by_kind = {r["kind"]: r for r in rows}
    assert set(by_kind) == {"document", "communication"}
    assert [r["rank"] for r in rows] == sorted((r["rank"] for r in rows), reverse=True)

    found = by_kind["document"]
    assert (found["id"], found["document_id"], found["case_id"]) == (doc.id, doc.id, case.id)
    assert (found["title"], found["date"], found["file_name"]) == (
        "Status review report",
        date(2025, 1, 20),
        "report.pdf",
    )
    assert found["page"] == 2
    assert f"{HIGHLIGHT_START}visitation{HIGHLIGHT_STOP}" in found["headline"]
    assert (found["channel"], found["sender"], found["content"]) == (None, None, None)

    said = by_kind["communication"]
    assert (said["id"], said["document_id"], said["case_id"]) == (message.id, doc.id, case.id)
    assert said["title"] == "Sms from Mother"
    assert said["date"] == date(2025, 2, 14)
    assert said["page"] is None
    assert said["file_name"] == "report.pdf"  # the message's source document
    assert (said["channel"], said["sender"], said["recipients"], said["sent_at"]) == (
        "sms",
        "Mother",
        ["Social Worker"],
        SENT,
    )
    assert said["content"] == "Can we reschedule visitation to Saturday?"
    assert f"{HIGHLIGHT_START}visitation{HIGHLIGHT_STOP}" in said["headline"]


async def test_titles_fall_back_to_file_name_subject_and_unknown_sender(session: AsyncSession) -> None:
    case = await add_case(session)
    await add_document(session, case, file_name="untitled.pdf", title="", text="A placement hearing")
    session.add_all(
        [
            Communication(
                case_id=case.id, position=0, channel="email", subject="Placement", content="about placement"
            ),
            Communication(case_id=case.id, position=1, channel="call", sender=None, content="placement call"),
        ]
    )
    await session.flush()
    rows, _, _ = await search(session, "placement", case.id)
    assert sorted(r["title"] for r in rows) == ["Call from unknown", "Placement", "untitled.pdf"]
    message = next(r for r in rows if r["title"] == "Placement")
    assert (message["document_id"], message["file_name"], message["date"]) == (None, None, None)


async def test_page_is_one_when_only_the_file_name_matches(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(session, case, file_name="custody evaluation.pdf", text="First\fSecond")
    rows, documents, _ = await search(session, "custody", case.id)
    assert documents == 1
    assert [(r["id"], r["page"]) for r in rows] == [(doc.id, 1)]
    assert HIGHLIGHT_START not in rows[0]["headline"]


async def test_a_document_without_text_is_found_by_name(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(session, case, file_name="guardianship order.pdf", text=None)
    rows, documents, communications = await search(session, "guardianship", case.id)
    assert (documents, communications) == (1, 0)
    assert [(r["id"], r["page"], r["headline"]) for r in rows] == [(doc.id, 1, "")]


async def test_the_case_filter(session: AsyncSession) -> None:
    case, doc, message = await seeded(session)
    other = await add_case(session, "JV-2025-004444")
    elsewhere = await add_document(session, other, file_name="other.pdf", text="visitation schedule")
    assert {r["id"] for r in (await search(session, "visitation", case.id))[0]} == {doc.id, message.id}
    assert {r["id"] for r in (await search(session, "visitation", other.id))[0]} == {elsewhere.id}
    everywhere, documents, communications = await search(session, "visitation")
    assert {r["id"] for r in everywhere} == {doc.id, message.id, elsewhere.id}
    assert (documents, communications) == (2, 1)
    assert await search(session, "visitation", uuid.uuid4()) == ([], 0, 0)


async def test_no_match_and_stop_words_only(session: AsyncSession) -> None:
    case, _, _ = await seeded(session)
    assert await search(session, "zzyzx", case.id) == ([], 0, 0)
    assert await search(session, "the and of", case.id) == ([], 0, 0)
    assert await search(session, "' OR 1=1 --", case.id) == ([], 0, 0)


async def test_pages_and_the_candidates_cap(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(session, case, file_name="log.pdf", text="continuance")
    session.add_all(
        Communication(
            case_id=case.id, document_id=doc.id, position=n, channel="sms", content="asked for a continuance"
        )
        for n in range(7)
    )
    await session.flush()
    everything, documents, communications = await search(session, "continuance", case.id)
    assert (len(everything), documents, communications) == (8, 1, 7)
    order = [(r["kind"], r["id"]) for r in everything]
    first, _, _ = await search(session, "continuance", case.id, limit=3)
    second, _, _ = await search(session, "continuance", case.id, limit=3, offset=3)
    third, _, _ = await search(session, "continuance", case.id, limit=3, offset=6)
    assert [(r["kind"], r["id"]) for r in first + second + third] == order
    beyond, documents_beyond, _ = await search(session, "continuance", case.id, offset=8)
    assert (beyond, documents_beyond) == ([], 1)  # the counts come even with an empty page
    assert (await search(session, "continuance", case.id, limit=0))[0] == []

    capped, documents, communications = await search(session, "continuance", case.id, candidates=3)
    assert (documents, communications) == (1, 4)  # a count stops at candidates + 1
    assert len(capped) <= 1 + 4  # no more than the capped matches are ranked (not all 8)


async def test_a_long_message_is_cut(session: AsyncSession) -> None:
    case = await add_case(session)
    session.add(Communication(case_id=case.id, channel="letter", content="reunification " * 10_000))
    await session.flush()
    rows, _, communications = await search(session, "reunification", case.id)
    assert communications == 1
    assert len(rows[0]["content"]) == MESSAGE_MAX_CHARS


async def test_every_word_of_a_file_name_is_found(session: AsyncSession) -> None:
    """PostgreSQL reads ``Guardianship_Order-final.pdf`` as file-name tokens; each word is searchable too."""
    case = await add_case(session)
    doc = await add_document(
        session, case, file_name="Guardianship_Order-final.pdf", text="Nothing here names the paper."
    )
    ids = select(LegalDocument.id).where(LegalDocument.case_id == case.id)
    for query in ("guardianship", "order", "final", "Guardianship_Order-final.pdf"):
        found = (await session.scalars(ids.where(matches(LegalDocument.search, query)))).all()
        assert found == [doc.id], query
    assert (await session.scalars(ids.where(matches(LegalDocument.search, "custody")))).all() == []
