"""Case analysis stores the chronology: one court_events row per fact, its mentions as sources."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis import analyze_document
from aseagi.cases.analysis_store import event_row_id
from aseagi.cases.service import analyze
from aseagi.models import Case, CourtEvent, EventCorrection, LegalDocument

TODAY = dt.date(2025, 12, 1)
PAPERS = {
    "detention_minutes.txt": [
        "SUPERIOR COURT OF CALIFORNIA, COUNTY OF TULARE\nMINUTE ORDER - DETENTION HEARING\n"
        "Case No. JV073418\n"
        "DATE: 03/07/25\nDETENTION HEARING held March 7, 2025. Child detained.\n"
        "JURISDICTION HEARING set for March 26, 2025 at 8:30 a.m. in Dept. 7.\n"
    ],
    "continuance_minutes.txt": [
        "SUPERIOR COURT OF CALIFORNIA, COUNTY OF TULARE\nMINUTE ORDER - JURISDICTION HEARING\n"
        "Case No. JV073418\nDATE: 03/26/25\n"
        "Motion granted. No finding of good cause is stated on the record.\n"
        "The jurisdiction hearing is continued to April 16, 2025 at 8:30 a.m. in Dept. 7.\n"
    ],
    "jurisdiction_minutes.txt": [
        "SUPERIOR COURT OF CALIFORNIA, COUNTY OF TULARE\nMINUTE ORDER - JURISDICTION HEARING\n"
        "Case No. JV073418\nDATE: 04/16/25\nPetition sustained under WIC 300(b)(1).\n"
    ],
    "email.txt": ["From: mother\nThe jurisdiction hearing is on April 16, 2025. See you at the hearing."],
}


async def seeded_case(session: AsyncSession) -> Case:
    case = Case(docket_number="JV073418", name="In re Noah V. (fictional)")
    session.add(case)
    await session.flush()
    for name, pages in PAPERS.items():
        analysis = analyze_document(pages, file_name=name)
        row = LegalDocument(
            case_id=case.id,
            file_name=name,
            sha256=hashlib.sha256(name.encode()).hexdigest(),
            status="done",
            text="\f".join(pages),
            analysis=analysis.model_dump(mode="json"),
            document_date=analysis.document_date,
        )
        session.add(row)
        await session.flush()
        for finding in analysis.court_events:  # what ingestion writes: one row per mention
            session.add(
                CourtEvent(
                    case_id=case.id,
                    document_id=row.id,
                    event_date=finding.event_date,
                    event_type=finding.event_type,
                    title=finding.title,
                    source="document",
                    evidence=[finding.evidence.model_dump(mode="json")],
                )
            )
    await session.flush()
    return case


async def document_events(session: AsyncSession, case: Case) -> list[CourtEvent]:
    rows = await session.scalars(
        select(CourtEvent)
        .where(CourtEvent.case_id == case.id, CourtEvent.source == "document")
        .order_by(CourtEvent.event_date, CourtEvent.event_type)
    )
    return list(rows)


async def test_mentions_are_replaced_by_one_row_per_fact_with_its_sources(session: AsyncSession) -> None:
    case = await seeded_case(session)
    mentions = len(await document_events(session, case))
    summary = await analyze(session, case.id, today=TODAY)
    rows = await document_events(session, case)
    assert summary["events"] >= len(rows)
    assert len(rows) < mentions
    hearings = [(r.event_date, r.event_type, r.status) for r in rows if r.event_type.endswith("hearing")]
    assert hearings == [
        (dt.date(2025, 3, 7), "detention_hearing", "held"),
        (dt.date(2025, 3, 26), "jurisdiction_hearing", "continued"),
        (dt.date(2025, 4, 16), "jurisdiction_hearing", "held"),
    ]
    continued = next(r for r in rows if r.status == "continued")
    held = next(r for r in rows if r.event_date == dt.date(2025, 4, 16))
    assert continued.continued_to == held.id
    assert held.mentions == len(held.evidence) >= 3
    assert {e["document_id"] for e in held.evidence} >= {str(held.document_id)}
    assert held.id == event_row_id(case.id, held.event_key or "")
    assert held.date_certainty == "exact"

    again = await analyze(session, case.id, today=TODAY)
    assert again["events"] == summary["events"]
    assert [(r.id, r.mentions) for r in await document_events(session, case)] == [
        (r.id, r.mentions) for r in rows
    ]


async def test_deadlines_name_the_event_they_count_from_and_a_correction_moves_them(
    session: AsyncSession,
) -> None:
    case = await seeded_case(session)
    await analyze(session, case.id, today=TODAY)
    detention = next(r for r in await document_events(session, case) if r.event_type == "detention_hearing")
    deadline = await session.scalar(
        select(CourtEvent).where(
            CourtEvent.case_id == case.id, CourtEvent.rule_id == "wic-334-jurisdiction-detained"
        )
    )
    assert deadline is not None
    assert deadline.trigger_event_id == detention.id
    assert deadline.event_date == dt.date(2025, 3, 28)

    session.add(
        EventCorrection(
            case_id=case.id,
            event_key=detention.event_key,
            action="update",
            values={"event_date": "2025-03-10"},
            actor="test",
        )
    )
    await session.flush()
    case_id, detention_id = case.id, detention.id
    await analyze(session, case_id, today=TODAY)
    session.expire_all()
    moved = await session.scalar(
        select(CourtEvent).where(
            CourtEvent.case_id == case_id, CourtEvent.rule_id == "wic-334-jurisdiction-detained"
        )
    )
    assert moved is not None
    assert moved.event_date > dt.date(2025, 3, 28)
    assert moved.trigger_event_id == detention_id
    corrected = await session.get(CourtEvent, detention_id)
    assert corrected is not None
    assert corrected.event_date == dt.date(2025, 3, 10)
