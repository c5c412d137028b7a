"""search.service: headlines turned into snippets with match offsets, and the ranked search's counts."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.models import Communication
from aseagi.search.repository import HIGHLIGHT_START as START
from aseagi.search.repository import HIGHLIGHT_STOP as STOP
from aseagi.search.service import SEARCH_CANDIDATES, parse_headline, search


def test_parse_headline_gives_plain_text_and_offsets() -> None:
    snippet, highlights = parse_headline(f"the {START}mother{STOP} missed {START}visitation{STOP} twice")
    assert snippet == "the mother missed visitation twice"
    assert highlights == [(4, 10), (18, 28)]
    assert [snippet[a:b] for a, b in highlights] == ["mother", "visitation"]


def test_parse_headline_edge_cases() -> None:
    assert parse_headline("") == ("", [])
    assert parse_headline("no match here") == ("no match here", [])
    assert parse_headline(f"{START}first{STOP}") == ("first", [(0, 5)])
    assert parse_headline(f"empty {START}{STOP}marks") == ("empty marks", [])
    assert parse_headline(f"stray {STOP}stop") == ("stray stop", [])
    assert parse_headline(f"never {START}closed") == ("never closed", [])
    assert parse_headline("page\fbreak\r\nand\ttab\vend") == ("page break  and tab end", [])


async def test_search_returns_results_with_snippets_and_exact_counts(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(
        session,
        case,
        file_name="report.pdf",
        document_date=date(2025, 1, 20),
        text="Cover\fThe mother missed visitation twice.",
    )
    session.add(
        Communication(
            case_id=case.id,
            document_id=doc.id,
            channel="sms",
            sender="Mother",
            sent_at=datetime(2025, 2, 14, tzinfo=UTC),
            content="Can we move visitation?",
        )
    )
    await session.flush()
    response = await search(session, query="visitation", case_id=case.id, limit=10, offset=0)
    assert (response.count, response.count_exact) == (2, True)
    assert (response.query, response.limit, response.offset) == ("visitation", 10, 0)
    by_kind = {r.kind: r for r in response.results}
    found = by_kind["document"]
    assert (found.id, found.title, found.page, found.date, found.file_name) == (
        doc.id,
        "report.pdf",
        2,
        date(2025, 1, 20),
        "report.pdf",
    )
    assert START not in found.snippet and "\f" not in found.snippet
    assert [found.snippet[a:b] for a, b in found.highlights] == ["visitation"]
    said = by_kind["communication"]
    assert (said.document_id, said.title, said.page, said.sender) == (
        doc.id,
        "Sms from Mother",
        None,
        "Mother",
    )
    assert [said.snippet[a:b] for a, b in said.highlights] == ["visitation"]
    assert said.content == "Can we move visitation?"
    assert response.results[0].rank >= response.results[1].rank


async def test_a_snippet_without_highlights_is_stripped(session: AsyncSession) -> None:
    case = await add_case(session)
    await add_document(session, case, file_name="dependency petition.pdf", text="  \fNothing relevant here  ")
    response = await search(session, query="dependency", case_id=case.id, limit=5, offset=0)
    [result] = response.results
    assert result.highlights == []
    assert result.snippet == result.snippet.strip()
    assert result.snippet == "Nothing relevant here"
    assert result.page == 1


async def test_no_results(session: AsyncSession) -> None:
    response = await search(session, query="zzyzx", case_id=uuid.uuid4(), limit=5, offset=0)
    assert (response.results, response.count, response.count_exact) == ([], 0, True)


async def test_past_the_candidates_the_count_is_capped_and_not_exact(session: AsyncSession) -> None:
    case = await add_case(session)
    await add_document(session, case, text="a continuance was granted")
    await session.execute(
        text(
            "INSERT INTO communications (case_id, position, channel, content) "
            "SELECT :case_id, n, 'sms', 'asking for a continuance' FROM generate_series(1, :n) AS n"
        ),
        {"case_id": case.id, "n": SEARCH_CANDIDATES + 5},
    )
    response = await search(session, query="continuance", case_id=case.id, limit=3, offset=0)
    assert response.count == 1 + SEARCH_CANDIDATES
    assert response.count_exact is False
    assert len(response.results) == 3
    page_past = await search(
        session, query="continuance", case_id=case.id, limit=3, offset=SEARCH_CANDIDATES + 2
    )
    assert page_past.results == []
    assert page_past.count == 1 + SEARCH_CANDIDATES
