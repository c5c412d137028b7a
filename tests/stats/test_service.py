"""stats.service: the dashboards' aggregates assembled from the SQL's rows (document and violation stats,
citations, contradictions as passages with their file names, the CEO page)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import CourtEvent, LegalViolation, ProcessingBatch
from aseagi.stats import service
from aseagi.stats.schemas import Bucket, CitationUse, Passage, ScoreBin, ViolationBucket
from tests.fixtures.rows import add_case, add_document

DAY = date(2030, 6, 1)


async def add_violation(session: AsyncSession, case_id: uuid.UUID, severity: str, **values: object) -> None:
    fields: dict[str, object] = {"violation_type": "Late report", "description": "Filed late."} | values
    session.add(LegalViolation(case_id=case_id, severity=severity, **fields))
    await session.flush()


async def add_event(
    session: AsyncSession, case_id: uuid.UUID, day: date, event_type: str, **values: object
) -> CourtEvent:
    row = CourtEvent(
        case_id=case_id, event_date=day, event_type=event_type, title=f"{event_type} on {day}", **values
    )
    session.add(row)
    await session.flush()
    return row


async def test_document_stats_of_an_empty_case(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000601")
    stats = await service.document_stats(session, case.id)
    assert (stats.documents, stats.smoking_guns, stats.fraud_indicators, stats.perjury_indicators) == (
        0,
        0,
        0,
        0,
    )
    assert (stats.by_status, stats.by_type, stats.by_month, stats.score_bins) == ([], [], [], [])


async def test_document_stats_combine_counts_and_score_bins(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000602")
    other = await add_case(session, "JV-2099-000603")
    await add_document(
        session,
        case,
        document_type="petition",
        document_date=date(2030, 1, 5),
        smoking_gun=True,
        relevancy_score=950,
        fraud_indicators=[{"a": 1}],
        perjury_indicators=[{"b": 1}, {"c": 2}],
    )
    await add_document(session, case, status="failed", relevancy_score=120, text=None)
    await add_document(session, other, smoking_gun=True)

    stats = await service.document_stats(session, case.id)
    assert (stats.documents, stats.smoking_guns) == (2, 1)
    assert (stats.fraud_indicators, stats.perjury_indicators) == (1, 2)
    assert {(b.key, b.count) for b in stats.by_status} == {("done", 1), ("failed", 1)}
    assert {(b.key, b.count) for b in stats.by_type} == {("petition", 1), ("unknown", 1)}
    assert stats.by_month == [Bucket(key="2030-01", count=1), Bucket(key="undated", count=1)]
    assert ScoreBin(score="relevancy", start=900, count=1) in stats.score_bins
    assert all(b.start != 100 for b in stats.score_bins)  # only finished documents are binned


async def test_violation_stats_most_grave_first(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000604")
    empty = await service.violation_stats(session, case.id)
    assert (empty.total, empty.by_severity, empty.by_review_status, empty.by_type) == (0, [], [], [])
    await add_violation(session, case.id, "LOW")
    await add_violation(session, case.id, "CRITICAL", violation_type="No notice")
    await add_violation(session, case.id, "CRITICAL", violation_type="No notice", review_status="verified")

    stats = await service.violation_stats(session, case.id)
    assert stats.total == 3
    assert stats.by_severity == [Bucket(key="CRITICAL", count=2), Bucket(key="LOW", count=1)]
    assert {(b.key, b.count) for b in stats.by_review_status} == {("suspected", 2), ("verified", 1)}
    assert stats.by_type == [
        ViolationBucket(violation_type="No notice", severity="CRITICAL", count=2),
        ViolationBucket(violation_type="Late report", severity="LOW", count=1),
    ]


async def test_citation_stats_are_typed_and_limited(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000605")
    citations = {
        "citations": [
            {"normalized": "WIC 319(b)", "kind": "statute"},
            {"normalized": "CRC 5.668", "kind": "rule"},
        ]
    }
    await add_document(session, case, analysis=citations)
    await add_document(
        session, case, analysis={"citations": [{"normalized": "WIC 319(b)", "kind": "statute"}]}
    )
    await add_violation(session, case.id, "HIGH", legal_basis="Penal 118")

    uses = await service.citation_stats(session, case.id, limit=10)
    assert uses == [
        CitationUse(citation="WIC 319(b)", kind="statute", documents=2, violations=0),
        CitationUse(citation="CRC 5.668", kind="rule", documents=1, violations=0),
        CitationUse(citation="Penal 118", kind="statute", documents=0, violations=1),
    ]
    assert [u.citation for u in await service.citation_stats(session, case.id, limit=1)] == ["WIC 319(b)"]
    other = await add_case(session, "JV-2099-000606")
    assert await service.citation_stats(session, other.id, limit=10) == []


async def test_contradictions_become_passages_named_after_their_documents(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000607")
    cited = await add_document(session, case, file_name="declaration.pdf")
    indicator = {
        "description": "The report contradicts the declaration",
        "confidence": 0.8,
        "evidence": [
            {"document_id": str(cited.id), "page": 2, "start": 10, "end": 40, "quote": "I was never told"},
            {"file_name": "named-in-evidence.pdf", "quote": "notified by phone"},
            {"document_id": "not-a-uuid", "page": None, "quote": None},
            {"document_id": str(uuid.uuid4()), "page": "3"},
        ],
    }
    report = await add_document(session, case, file_name="report.pdf", perjury_indicators=[indicator])

    page = await service.contradiction_list(session, case.id, limit=10, offset=0)
    assert (page.count, page.limit, page.offset) == (1, 10, 0)
    (item,) = page.items
    assert (item.document_id, item.file_name) == (report.id, "report.pdf")
    assert item.description == "The report contradicts the declaration"
    assert item.confidence == 0.8
    assert item.statement == Passage(
        document_id=cited.id, file_name="declaration.pdf", page=2, start=10, end=40, quote="I was never told"
    )
    named, broken, unknown = item.contradicting
    assert named == Passage(
        document_id=None, file_name="named-in-evidence.pdf", page=1, start=0, end=0, quote="notified by phone"
    )
    assert broken == Passage(document_id=None, file_name=None, page=1, start=0, end=0, quote="")
    assert unknown.document_id is not None and unknown.file_name is None and unknown.page == 3


async def test_contradictions_default_missing_fields_and_page(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000608")
    bare = {"evidence": [{"quote": "a"}, {"quote": "b"}]}
    sure = {"description": "Sure", "confidence": 0.9, "evidence": [{"quote": "c"}, {"quote": "d"}]}
    await add_document(
        session,
        case,
        file_name="one.pdf",
        perjury_indicators=[bare, sure, {"evidence": [{"quote": "alone"}]}],
    )

    page = await service.contradiction_list(session, case.id, limit=1, offset=0)
    assert page.count == 2
    assert [i.description for i in page.items] == ["Sure"]
    rest = await service.contradiction_list(session, case.id, limit=1, offset=1)
    assert [(i.description, i.confidence) for i in rest.items] == [("", 0.0)]
    beyond = await service.contradiction_list(session, case.id, limit=5, offset=5)
    assert (beyond.items, beyond.count) == ([], 2)


async def test_today_of_an_empty_case(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000609")
    page = await service.today(session, case.id, DAY, deadlines=3)
    assert page.today == DAY
    assert (page.documents, page.smoking_guns, page.critical_violations) == (0, 0, 0)
    assert page.next_hearing is None and page.next_deadlines == []
    assert page.processing.running_batches == 0 and page.processing.last_processed_at is None


async def test_today_assembles_the_next_hearing_deadlines_and_health(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000610")
    await add_document(session, case, smoking_gun=True)
    await add_document(session, case, status="queued", text=None)
    await add_document(session, case, status="failed", text=None)
    await add_violation(session, case.id, "CRITICAL")
    await add_violation(session, case.id, "CRITICAL", review_status="dismissed")
    await add_event(session, case.id, date(2030, 5, 31), "review_hearing")
    await add_event(session, case.id, date(2030, 6, 2), "review_hearing", status="continued")
    hearing = await add_event(session, case.id, date(2030, 6, 9), "review_hearing", citation="WIC 366.21")
    first = await add_event(session, case.id, DAY, "deadline", source="rule")
    second = await add_event(session, case.id, date(2030, 6, 3), "deadline", source="rule", status="late")
    await add_event(session, case.id, date(2030, 6, 4), "deadline", source="rule", status="met")
    await add_event(session, case.id, date(2030, 6, 5), "deadline", source="rule")
    session.add(
        ProcessingBatch(job_id="stats-service-test", case_id=case.id, source="folder", status="running")
    )
    await session.flush()

    page = await service.today(session, case.id, DAY, deadlines=2)
    assert (page.documents, page.smoking_guns, page.critical_violations) == (3, 1, 1)
    assert page.next_hearing is not None
    assert (page.next_hearing.id, page.next_hearing.days_left, page.next_hearing.citation) == (
        hearing.id,
        8,
        "WIC 366.21",
    )
    assert [(d.id, d.days_left) for d in page.next_deadlines] == [(first.id, 0), (second.id, 2)]
    assert (
        page.processing.running_batches,
        page.processing.queued_documents,
        page.processing.failed_documents,
    ) == (1, 1, 1)
    none_asked = await service.today(session, case.id, DAY, deadlines=0)
    assert none_asked.next_deadlines == []


async def test_contradictions_read_malformed_old_rows_without_failing(session: AsyncSession) -> None:
    """Passages stored as bare text and numbers that are not numbers (old or hand-edited rows) are read
    as quotes and defaults instead of failing the whole page."""
    case = await add_case(session, "JV-2099-000609")
    odd = {
        "description": "Old",
        "confidence": "high",
        "evidence": ["said on oath", {"quote": "log", "page": "iv"}],
    }
    await add_document(session, case, file_name="old.pdf", perjury_indicators=[odd])

    page = await service.contradiction_list(session, case.id, limit=5, offset=0)
    (item,) = page.items
    assert (item.description, item.confidence) == ("Old", 0.0)
    assert item.statement == Passage(
        document_id=None, file_name=None, page=1, start=0, end=0, quote="said on oath"
    )
    assert [(p.quote, p.page) for p in item.contradicting] == [("log", 1)]
