"""Case analysis loads each document as the rules read it, and only documents some rule can use."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis import analyze_document
from aseagi.analysis.case_inputs import CaseDocument
from aseagi.analysis.case_rules import analyze_case
from aseagi.analysis.schemas import DocumentAnalysis
from aseagi.cases.analysis_store import load_inputs
from aseagi.cases.service import analyze
from aseagi.models import Case, Communication, LegalDocument

TODAY = dt.date(2025, 6, 1)
PAPERS = {
    "detention_minutes.txt": [
        "SUPERIOR COURT OF CALIFORNIA, COUNTY OF TULARE\nMINUTE ORDER\nCase No. JV073418\n"
        "DETENTION HEARING held March 7, 2025. Child detained.\n"
        "JURISDICTION HEARING set for April 16, 2025 at 8:30 a.m. in Dept. 7.\n"
        "Court finds ICWA does not apply (Welf. & Inst. Code, § 224.2)."
    ],
    "jurisdiction_minutes.txt": [
        "SUPERIOR COURT OF CALIFORNIA, COUNTY OF TULARE\nMINUTE ORDER\nCase No. JV073418\n"
        "JURISDICTION HEARING held April 16, 2025. Petition sustained under WIC 300(b)(1)."
    ],
    "ride_home.txt": ["Thanks for the ride, see you Sunday."],
}


async def seeded_case(session: AsyncSession) -> tuple[Case, dict[str, LegalDocument]]:
    case = Case(docket_number="JV073418", name="In re Noah V. (fictional)")
    session.add(case)
    await session.flush()
    rows: dict[str, LegalDocument] = {}
    for name, pages in PAPERS.items():
        analysis = analyze_document(pages, file_name=name)
        rows[name] = LegalDocument(
            case_id=case.id,
            file_name=name,
            sha256=hashlib.sha256(name.encode()).hexdigest(),
            status="done",
            text="\f".join(pages),
            analysis=analysis.model_dump(mode="json"),
        )
        session.add(rows[name])
    await session.flush()
    return case, rows


async def test_only_documents_a_rule_can_use_are_loaded_with_only_the_keys_the_rules_read(
    session: AsyncSession,
) -> None:
    case, rows = await seeded_case(session)
    documents, _, _ = await load_inputs(session, case.id)
    loaded = {d.file_name: d.analysis for d in documents}
    assert set(loaded) == {"detention_minutes.txt", "jurisdiction_minutes.txt"}
    stored = DocumentAnalysis.model_validate(rows["detention_minutes.txt"].analysis)
    projected = loaded["detention_minutes.txt"]
    assert projected is not None
    assert stored.citations
    assert projected.citations == []
    assert projected.scores.relevancy.breakdown == []
    assert projected.court_events == stored.court_events
    assert projected.dates == stored.dates
    assert (projected.document_type, projected.title) == (stored.document_type, stored.title)


async def test_the_projection_gives_the_rules_the_same_answers_as_the_whole_analyses(
    session: AsyncSession,
) -> None:
    case, rows = await seeded_case(session)
    documents, events, messages = await load_inputs(session, case.id)
    whole = [
        CaseDocument(
            document_id=str(row.id),
            file_name=row.file_name,
            document_type=(analysis := DocumentAnalysis.model_validate(row.analysis)).document_type,
            document_date=analysis.document_date,
            analysis=analysis,
        )
        for row in rows.values()
    ]
    from_projection = analyze_case(documents, events, messages, today=TODAY)
    from_whole = analyze_case(whole, [], [], today=TODAY)
    assert from_projection.violations
    assert from_projection.violations == from_whole.violations
    assert from_projection.deadlines == from_whole.deadlines


async def test_rescoring_after_case_analysis_keeps_the_whole_stored_analysis(session: AsyncSession) -> None:
    case, rows = await seeded_case(session)
    before = DocumentAnalysis.model_validate(rows["detention_minutes.txt"].analysis)
    summary = await analyze(session, case.id, today=TODAY)
    assert summary["violations"] >= 1
    assert summary["rescored_documents"] >= 1
    stored = await session.scalar(
        select(LegalDocument.analysis).where(LegalDocument.id == rows["detention_minutes.txt"].id)
    )
    after = DocumentAnalysis.model_validate(stored)
    assert after.citations == before.citations
    assert after.dates == before.dates
    assert any(
        "violation" in part.factor for part in after.scores.macro.breakdown + after.scores.micro.breakdown
    )


async def test_each_message_is_quoted_from_its_own_page_of_its_document(session: AsyncSession) -> None:
    case = Case(docket_number="JV073418", name="In re Noah V. (fictional)")
    session.add(case)
    await session.flush()
    pages = ["SMS backup of the phone\nfirst page", "Aug 14, 2025\n  Can we set up my visits?  \nend"]
    backup = LegalDocument(
        case_id=case.id,
        file_name="mother_phone_sms_backup.xml",
        sha256="b" * 64,
        status="done",
        text="\f".join(pages),
        analysis=analyze_document(pages, file_name="mother_phone_sms_backup.xml").model_dump(mode="json"),
    )
    session.add(backup)
    await session.flush()
    session.add_all(
        [
            Communication(
                case_id=case.id, document_id=backup.id, position=0, channel="sms", sender="me",
                content="  Can we set up my visits?  ",
            ),
            Communication(
                case_id=case.id, document_id=backup.id, position=1, channel="sms", sender="me",
                content="Not in the transcript",
            ),
        ]
    )  # fmt: skip
    await session.flush()
    _, _, messages = await load_inputs(session, case.id)
    located, missing = sorted(messages, key=lambda m: m.evidence is None)
    assert missing.evidence is None
    evidence = located.evidence
    assert evidence is not None
    assert (evidence.document_id, evidence.page) == (str(backup.id), 2)
    assert pages[1][evidence.start : evidence.end] == evidence.quote == "Can we set up my visits?"


async def test_the_case_read_as_a_stream_gives_what_the_whole_lists_give_with_messages_quoted(
    session: AsyncSession,
) -> None:
    from aseagi.cases.analysis_store import read_case

    case, _ = await seeded_case(session)
    report_pages = [
        "SUPERIOR COURT OF CALIFORNIA, COUNTY OF TULARE\nSTATUS REVIEW REPORT\nCase No. JV073418\n"
        "Dated: August 20, 2025\nThe mother has not requested any visits with the child since July 2025.\n"
        "I declare under penalty of perjury that the foregoing is true and correct."
    ]
    backup_pages = ["SMS backup\nfirst page", "Aug 14, 2025\n  Can I please have a visit with my son?  \nend"]
    for name, pages in (("status_review_report.txt", report_pages), ("mother_sms.xml", backup_pages)):
        session.add(
            row := LegalDocument(
                case_id=case.id,
                file_name=name,
                sha256=hashlib.sha256(name.encode()).hexdigest(),
                status="done",
                text="\f".join(pages),
                analysis=analyze_document(pages, file_name=name).model_dump(mode="json"),
            )
        )
    await session.flush()
    session.add(
        Communication(
            case_id=case.id, document_id=row.id, position=0, channel="sms", sender="Mother",
            sent_at=dt.datetime(2025, 8, 14, 9, tzinfo=dt.UTC),
            content="  Can I please have a visit with my son?  ",
        )
    )  # fmt: skip
    await session.flush()

    reader = await read_case(session, case.id)
    streamed = reader.analyze(today=TODAY)
    whole = analyze_case(*(await load_inputs(session, case.id)), today=TODAY)
    assert streamed == whole
    [visits] = [c for c in streamed.contradictions if c.kind == "visits_requested"]
    [quoted] = visits.contradicting
    assert (quoted.document_id, quoted.page, quoted.quote) == (
        str(row.id),
        2,
        "Can I please have a visit with my son?",
    )
    assert reader.documents_read == 3  # the ride home and the backup have nothing a rule reads
    assert [d.file_name for d in reader.kept] == ["status_review_report.txt"]
