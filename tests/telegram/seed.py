"""A small fictional case for the /telegram/* tests, dated relative to today so the tests never age."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import Case, Communication, CourtEvent, LegalDocument, LegalViolation


@dataclass(frozen=True)
class SeededCase:
    case: Case
    other: Case
    today: date
    notice_document: LegalDocument
    smoking_gun: LegalDocument
    failed: LegalDocument


async def add_document(session: AsyncSession, case: Case, **values: object) -> LegalDocument:
    defaults: dict[str, object] = {
        "file_name": "report.pdf",
        "sha256": uuid.uuid4().hex * 2,
        "status": "done",
        "text": "An unremarkable page.",
        "relevancy_score": 300,
    }
    row = LegalDocument(case_id=case.id, **(defaults | values))
    session.add(row)
    await session.flush()
    return row


async def add_event(
    session: AsyncSession, case: Case, day: date, event_type: str, title: str, **values: object
) -> CourtEvent:
    row = CourtEvent(case_id=case.id, event_date=day, event_type=event_type, title=title, **values)
    session.add(row)
    await session.flush()
    return row


async def add_violation(session: AsyncSession, case: Case, **values: object) -> LegalViolation:
    defaults: dict[str, object] = {
        "violation_type": "Late report",
        "severity": "LOW",
        "description": "Filed late.",
    }
    row = LegalViolation(case_id=case.id, **(defaults | values))
    session.add(row)
    await session.flush()
    return row


async def seed(session: AsyncSession) -> SeededCase:
    today = date.today()
    case = Case(docket_number="JV-2031-004411", name="In re Fictional Child")
    other = Case(docket_number="24FL009911", name="Fictional family matter")
    session.add_all([case, other])
    await session.flush()

    notice = await add_document(
        session,
        case,
        file_name="detention-report.pdf",
        title="Detention report",
        document_date=today - timedelta(days=40),
        text="Caption page for the fictional case.\fSecond page.\f"
        "The social worker states the mother was notified by phone of the detention hearing.",
        relevancy_score=700,
    )
    gun = await add_document(
        session,
        case,
        file_name="declaration.pdf",
        text="I declare under penalty of perjury that the visit occurred.",
        relevancy_score=950,
        smoking_gun=True,
    )
    await add_document(
        session,
        case,
        file_name="reviewed.pdf",
        relevancy_score=920,
        smoking_gun=True,
        review_status="reviewed",
    )
    failed = await add_document(
        session, case, file_name="scan.pdf", status="failed", status_reason="encrypted PDF", text=None
    )
    await add_document(session, case, file_name="incoming.pdf", status="queued", text=None)
    await add_document(
        session,
        other,
        file_name="other-case.pdf",
        text="The mother was notified by email.",
        smoking_gun=True,
        relevancy_score=990,
    )

    session.add(
        Communication(
            case_id=case.id,
            document_id=notice.id,
            channel="sms",
            sender="Sam Worker",
            sent_at=datetime.now(UTC) - timedelta(days=3),
            content="Reminder: the hearing notice was never mailed to the mother.",
        )
    )
    await session.flush()

    await add_event(
        session,
        case,
        today - timedelta(days=10),
        "detention_hearing",
        "Detention hearing",
        department="Dept. 7",
    )
    await add_event(session, case, today + timedelta(days=5), "jurisdiction_hearing", "Jurisdiction hearing")
    await add_event(session, case, today - timedelta(days=60), "filing", "Petition filed")
    await add_event(
        session,
        case,
        today + timedelta(days=3),
        "deadline",
        "Notice of appeal due",
        source="rule",
        rule_id="appeal.notice",
        citation="CRC 8.406(a)",
    )
    await add_event(
        session,
        case,
        today + timedelta(days=20),
        "deadline",
        "Six-month review due",
        source="rule",
        rule_id="review.six_month",
        citation="WIC 366.21(e)",
    )
    await add_event(
        session,
        case,
        today - timedelta(days=2),
        "deadline",
        "Past deadline",
        source="rule",
        rule_id="old.one",
    )
    await add_event(
        session,
        other,
        today + timedelta(days=1),
        "deadline",
        "Other case deadline",
        source="rule",
        rule_id="x",
    )

    await add_violation(
        session,
        case,
        violation_type="Due Process Violation",
        severity="CRITICAL",
        violation_date=today - timedelta(days=30),
        person="Sam Worker",
        description="No notice of the detention hearing.",
        legal_basis="WIC 290.1",
        document_id=notice.id,
    )
    await add_violation(
        session,
        case,
        violation_type="Verified critical",
        severity="CRITICAL",
        review_status="verified",
        violation_date=today - timedelta(days=20),
    )
    await add_violation(
        session, case, violation_type="ICWA inquiry missing", severity="HIGH", violation_date=today
    )
    await add_violation(
        session, case, violation_type="Late report", severity="LOW", violation_date=today - timedelta(days=1)
    )
    await add_violation(session, other, violation_type="Other case", severity="CRITICAL")
    return SeededCase(
        case=case, other=other, today=today, notice_document=notice, smoking_gun=gun, failed=failed
    )
