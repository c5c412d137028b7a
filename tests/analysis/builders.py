"""Small constructors for case-analysis inputs: fictional people, hand-written passages."""

from __future__ import annotations

import datetime as dt
import itertools

from aseagi.analysis.case_inputs import CaseDocument, CaseEvent, CaseMessage
from aseagi.analysis.schemas import (
    CourtEventFinding,
    DateMention,
    DocumentAnalysis,
    DocumentType,
    EventType,
    Evidence,
    Party,
    Score,
    Scores,
    Statement,
)

_ids = itertools.count(1)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def evidence(quote: str, document_id: str | None = "doc-1", page: int = 1, start: int = 0) -> Evidence:
    return Evidence(document_id=document_id, page=page, start=start, end=start + len(quote), quote=quote)


def event(event_type: EventType, day: str, title: str | None = None, quote: str | None = None) -> CaseEvent:
    text = quote or f"{title or event_type} on {day}"
    number = next(_ids)
    return CaseEvent(
        id=f"ev-{number}",
        event_date=d(day),
        event_type=event_type,
        title=title or event_type.replace("_", " "),
        source_document_id=f"doc-{number}",
        evidence=evidence(text, f"doc-{number}"),
    )


def scores() -> Scores:
    zero = Score(value=0)
    return Scores(micro=zero, macro=zero, legal=zero, relevancy=zero)


def analysis(**fields: object) -> DocumentAnalysis:
    return DocumentAnalysis(scores=scores(), **fields)  # type: ignore[arg-type]


def statement(
    kind: str,
    polarity: str,
    quote: str,
    *,
    subject: str | None = "mother",
    channel: str | None = None,
    day: str | None = None,
    sworn: bool = False,
) -> Statement:
    return Statement(
        kind=kind,  # type: ignore[arg-type]
        polarity=polarity,  # type: ignore[arg-type]
        subject=subject,
        channel=channel,
        date=d(day) if day else None,
        sworn=sworn,
        evidence=evidence(quote, None, page=2, start=100),
    )


def party(name: str, role: str, quote: str) -> Party:
    return Party(name=name, role=role, evidence=evidence(quote, None))  # type: ignore[arg-type]


def mention(day: str, text: str, context: str | None = None, page: int = 1, start: int = 10) -> DateMention:
    return DateMention(date=d(day), text=text, page=page, start=start, end=start + len(text), context=context)


def court_event(event_type: EventType, day: str, title: str, quote: str) -> CourtEventFinding:
    return CourtEventFinding(
        event_date=d(day), event_type=event_type, title=title, evidence=evidence(quote, None)
    )


def document(
    document_id: str,
    document_type: DocumentType,
    day: str | None,
    *,
    sworn: bool = False,
    title: str | None = None,
    statements: list[Statement] | None = None,
    parties: list[Party] | None = None,
    dates: list[DateMention] | None = None,
    court_events: list[CourtEventFinding] | None = None,
    dockets: list[str] | None = None,
) -> CaseDocument:
    return CaseDocument(
        document_id=document_id,
        file_name=f"{document_id}.pdf",
        document_type=document_type,
        document_date=d(day) if day else None,
        under_penalty_of_perjury=sworn,
        analysis=analysis(
            document_type=document_type,
            document_date=d(day) if day else None,
            title=title,
            under_penalty_of_perjury=sworn,
            statements=statements or [],
            parties=parties or [],
            dates=dates or [],
            court_events=court_events or [],
            docket_numbers=dockets or [],
        ),
    )


def message(
    channel: str, sender: str, when: str, content: str, recipients: tuple[str, ...] = ("Agency",)
) -> CaseMessage:
    number = next(_ids)
    return CaseMessage(
        document_id=f"msg-doc-{number}",
        channel=channel,  # type: ignore[arg-type]
        sender=sender,
        recipients=recipients,
        sent_at=dt.datetime.fromisoformat(when),
        content=content,
        evidence=evidence(content, f"msg-doc-{number}", start=40),
    )
