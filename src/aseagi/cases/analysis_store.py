"""Case analysis's SQL: the case read as the rules need it, and what they found written back.

Idempotent: violations and deadlines carry fingerprints and are replaced, never duplicated; findings a
person already verified or dismissed keep their review. ``cases.service.analyze`` runs the two around the
rules.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, and_, case, delete, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis.case_inputs import CaseDocument, CaseEvent, CaseMessage
from aseagi.analysis.case_rules import CaseAnalysis, CaseReader
from aseagi.analysis.corrections import Correction
from aseagi.analysis.schemas import DocumentAnalysis, EventType, Evidence
from aseagi.analysis.scoring import rescore
from aseagi.documents.columns import score_columns
from aseagi.documents.status import DocumentStatus
from aseagi.kit import live_events as live
from aseagi.kit.fingerprint import fingerprint
from aseagi.live.schemas import LiveKind
from aseagi.models import Communication, CourtEvent, EventCorrection, LegalDocument, LegalViolation
from aseagi.models.document import PAGE_BREAK
from aseagi.models.violation import ReviewStatus

MESSAGE_CHANNELS = {"email", "sms", "call", "whatsapp", "chat", "letter"}


_WHITESPACE = " \t\n\r\x0b\x0c\xa0"
PROBE_CHARS = 300
"""How much of a message is looked for in its document: enough to be unique, short enough to quote."""


def _located_in_document() -> tuple[ColumnElement[Any], ColumnElement[Any], ColumnElement[str]]:
    """Page (1-based), offset in the page and quote of a message's own passage in its document's text.

    Found in SQL, so a case's message backups are never read into memory to quote a message; NULL when
    the passage is not in the text (or would cross a page break).
    """
    probe = func.left(func.btrim(Communication.content, _WHITESPACE), PROBE_CHARS)
    at = func.strpos(LegalDocument.text, probe)
    before = func.left(LegalDocument.text, at - 1)
    found = and_(func.length(probe) > 0, at > 0, func.strpos(probe, PAGE_BREAK) == 0)
    breaks = func.length(before) - func.length(func.replace(before, PAGE_BREAK, ""))
    after_break = func.strpos(func.reverse(before), PAGE_BREAK)
    page = case((found, breaks + 1))
    start = case((found, case((after_break > 0, after_break - 1), else_=at - 1)))
    return page, start, case((found, probe))


COMMUNICATION_TYPES = ("email", "text_messages", "phone_log", "chat", "letter", "other")
"""Document types the case rules read only through their events, statements, parties or title."""

RULE_LIST_KEYS = (
    "docket_numbers",
    "dockets",
    "dates",
    "court_events",
    "statements",
    "parties",
    "good_cause",
)
"""The lists of a stored analysis that the case rules read; citations and scores are not among them."""

_ZERO_SCORES = {name: {"value": 0} for name in ("micro", "macro", "legal", "relevancy")}


def _listed(key: str) -> ColumnElement[Any]:
    return func.coalesce(LegalDocument.analysis[key], literal([], JSONB))


def _nonempty(key: str) -> ColumnElement[bool]:
    return func.jsonb_array_length(_listed(key)) > 0


def _rule_inputs() -> ColumnElement[Any]:
    """The analysis as case analysis reads it: only the keys the rules use, built in SQL.

    Citations, scores and their breakdowns (most of a stored analysis) stay in the database; ``store``
    reloads the whole analysis of the few documents it re-scores.
    """
    stored = LegalDocument.analysis
    pairs: list[Any] = [
        "document_type", func.coalesce(stored["document_type"], literal("other", JSONB)),
        "document_date", stored["document_date"],
        "title", stored["title"],
        "under_penalty_of_perjury", func.coalesce(stored["under_penalty_of_perjury"], literal(False, JSONB)),
        "scores", literal(_ZERO_SCORES, JSONB),
    ]  # fmt: skip
    for key in RULE_LIST_KEYS:
        pairs += [key, _listed(key)]
    return func.jsonb_build_object(*pairs)


def _read_by_rules() -> ColumnElement[bool]:
    """A document some rule can use: it has events, statements, parties or a title, or is a court paper.

    The rest (a visit log, a routine e-mail with nothing the analyzer found) never changes the outcome,
    so a case of a million such papers loads only the ones that matter.
    """
    return or_(
        _nonempty("court_events"),
        _nonempty("statements"),
        _nonempty("parties"),
        LegalDocument.analysis["title"].astext.isnot(None),
        LegalDocument.analysis["document_type"].astext.notin_(COMMUNICATION_TYPES),
    )


def _documents(case_id: uuid.UUID) -> Select[tuple[uuid.UUID, str, Any, date | None]]:
    return (
        select(LegalDocument.id, LegalDocument.file_name, _rule_inputs(), LegalDocument.document_date)
        .where(
            LegalDocument.case_id == case_id,
            LegalDocument.status == DocumentStatus.DONE,
            LegalDocument.analysis.isnot(None),
            _read_by_rules(),
        )
        .execution_options(yield_per=500)
    )


async def stream_documents(
    session: AsyncSession, case_id: uuid.UUID, *, proofs_only: bool = False
) -> AsyncIterator[CaseDocument]:
    """The documents that can matter, one at a time, projected to what the rules read."""
    query = _documents(case_id)
    if proofs_only:
        query = query.where(LegalDocument.analysis["document_type"].astext == "proof_of_service")
    rows = await session.stream(query)
    async for document_id, file_name, analysis_json, document_date in rows:
        analysis = DocumentAnalysis.model_validate(analysis_json)
        yield CaseDocument(
            document_id=str(document_id),
            file_name=file_name,
            document_type=analysis.document_type,
            document_date=document_date or analysis.document_date,
            under_penalty_of_perjury=analysis.under_penalty_of_perjury,
            analysis=analysis,
        )


async def load_manual_events(session: AsyncSession, case_id: uuid.UUID) -> list[CaseEvent]:
    """The events a person entered (the ``manual`` rows)."""
    manual = await session.scalars(
        select(CourtEvent).where(CourtEvent.case_id == case_id, CourtEvent.source == "manual")
    )
    return [
        CaseEvent(
            id=str(e.id),
            event_date=e.event_date,
            event_type=cast(EventType, e.event_type),
            title=e.title,
            source_document_id=str(e.document_id) if e.document_id else None,
            manual=True,
        )
        for e in manual
    ]


def _message_evidence(
    document_id: uuid.UUID | None, page: int | None, start: int, quote: str
) -> Evidence | None:
    if document_id is None or page is None:
        return None
    return Evidence(document_id=str(document_id), page=page, start=start, end=start + len(quote), quote=quote)


async def stream_messages(
    session: AsyncSession, case_id: uuid.UUID, *, located: bool = True
) -> AsyncIterator[CaseMessage]:
    """The case's messages in their documents' order, each quoted from its own passage when found.

    ``located=False`` leaves the passage out (``locate_messages`` finds it for the few kept): finding it is
    a search of the message's text in its document's, the dearest part of reading a case's messages.
    """
    where = _located_in_document() if located else (literal(None), literal(0), literal(""))
    query = (
        select(
            Communication.id,
            Communication.document_id,
            Communication.channel,
            Communication.sender,
            Communication.recipients,
            Communication.sent_at,
            Communication.content,
            *where,
        )
        .where(Communication.case_id == case_id, Communication.channel.in_([*MESSAGE_CHANNELS, "mms"]))
        .order_by(Communication.document_id, Communication.position)
        .execution_options(yield_per=1000)
    )
    if located:
        query = query.outerjoin(LegalDocument, LegalDocument.id == Communication.document_id)
    rows = await session.stream(query)
    async for message_id, document_id, channel, sender, recipients, sent_at, content, *found in rows:
        yield CaseMessage(
            document_id=str(document_id),
            channel=cast(Any, "sms" if channel == "mms" else channel),
            sender=sender or "",
            recipients=tuple(recipients or ()),
            sent_at=sent_at,
            content=content,
            evidence=_message_evidence(document_id, *found),
            message_id=str(message_id),
        )


async def locate_messages(session: AsyncSession, messages: list[CaseMessage]) -> dict[str, CaseMessage]:
    """The messages (by ``message_id``) quoted from their own passage in their documents."""
    page, start, quote = _located_in_document()
    ids = sorted({uuid.UUID(m.message_id) for m in messages if m.message_id})
    found: dict[str, Evidence | None] = {}
    for chunk in range(0, len(ids), 1000):
        rows = await session.execute(
            select(Communication.id, Communication.document_id, page, start, quote)
            .outerjoin(LegalDocument, LegalDocument.id == Communication.document_id)
            .where(Communication.id.in_(ids[chunk : chunk + 1000]))
        )
        for message_id, document_id, *where in rows:
            found[str(message_id)] = _message_evidence(document_id, *where)
    return {
        m.message_id: replace(m, evidence=found[m.message_id])
        for m in messages
        if m.message_id is not None and m.message_id in found
    }


async def read_case(session: AsyncSession, case_id: uuid.UUID) -> CaseReader:
    """The case streamed through a ``CaseReader``: held in memory is what the rules need, not the case.

    The proofs of service first (the fraud check matches each later paper against them), then every
    document that can matter, the events a person entered, and the messages; each row once. The few
    messages kept are then quoted from their documents.
    """
    proofs = [document async for document in stream_documents(session, case_id, proofs_only=True)]
    reader = CaseReader(proofs)
    for event in await load_manual_events(session, case_id):
        reader.add_event(event)
    async for document in stream_documents(session, case_id):
        reader.add_document(document)
    async for message in stream_messages(session, case_id, located=False):
        reader.add_message(message)
    reader.locate(await locate_messages(session, reader.held_messages()))
    return reader


async def load_inputs(
    session: AsyncSession, case_id: uuid.UUID
) -> tuple[list[CaseDocument], list[CaseEvent], list[CaseMessage]]:
    """The case as the rules read it, as lists: for looking at a small case (``read_case`` runs a big one)."""
    documents = [document async for document in stream_documents(session, case_id)]
    events = await load_manual_events(session, case_id)
    messages = [message async for message in stream_messages(session, case_id)]
    return documents, events, messages


def event_row_id(case_id: uuid.UUID, key: str) -> uuid.UUID:
    """The ``court_events.id`` of a chronology event: the same fact keeps its row id across re-analysis."""
    return uuid.uuid5(case_id, key)


async def load_corrections(session: AsyncSession, case_id: uuid.UUID) -> list[Correction]:
    rows = await session.scalars(
        select(EventCorrection)
        .where(EventCorrection.case_id == case_id)
        .order_by(EventCorrection.created_at, EventCorrection.id)
    )
    return [Correction(r.event_key, cast(Any, r.action), dict(r.values or {})) for r in rows]


async def store_chronology(
    session: AsyncSession, case_id: uuid.UUID, result: CaseAnalysis, manual: list[CaseEvent]
) -> set[str]:
    """Replace the case's document events (its mentions, or an earlier merge) with one row per fact.

    Returns the keys stored. A fact that only a person entered keeps its ``manual`` row; a manual row that
    the merge joined to documents' mentions gets the fact's ``event_key``, so lists show the fact once.
    """
    await session.execute(
        delete(CourtEvent).where(CourtEvent.case_id == case_id, CourtEvent.source == "document")
    )
    stored = {event.key for event in result.chronology if event.sources}
    rows = [
        {
            "id": event_row_id(case_id, event.key),
            "case_id": case_id,
            "document_id": _uuid(event.sources[0].document_id),
            "event_date": event.event_date,
            "event_type": event.event_type,
            "title": event.title[:500],
            "source": "document",
            "evidence": [s.model_dump(mode="json") for s in event.sources],
            "status": event.status,
            "docket_number": event.docket,
            "fingerprint": fingerprint(case_id, "event", event.key),
            "event_key": event.key,
            "date_certainty": event.date_certainty,
            "mentions": event.mentions,
            "disputed": event.disputed,
            "continued_to": (
                event_row_id(case_id, event.continued_to) if event.continued_to in stored else None
            ),
            "people": list(event.people),
        }
        for event in result.chronology
        if event.key in stored
    ]
    if rows:
        await session.execute(insert(CourtEvent), rows)
    by_fact = {(e.event_date, e.event_type): e.key for e in result.chronology if e.key in stored}
    for event in manual:
        await session.execute(
            update(CourtEvent)
            .where(CourtEvent.id == uuid.UUID(event.id))
            .values(event_key=by_fact.get((event.event_date, event.event_type)))
        )
    return stored


async def store(
    session: AsyncSession, case_id: uuid.UUID, result: CaseAnalysis, manual: list[CaseEvent] | None = None
) -> dict[str, int]:
    """Write the chronology, deadlines, violations, contradictions and indicators; re-score the documents
    they touch."""
    stored_events = await store_chronology(session, case_id, result, manual or [])
    # Deadlines: computed rows are replaced as a set (an event that moved moves its deadlines).
    await session.execute(
        delete(CourtEvent).where(CourtEvent.case_id == case_id, CourtEvent.source == "rule")
    )
    deadline_rows = [
        {
            "case_id": case_id,
            "event_date": d.due_date,
            "event_type": "deadline",
            "title": d.title[:500],
            "description": d.explanation,
            "source": "rule",
            "rule_id": d.rule_id,
            "citation": d.citation,
            "evidence": [e.model_dump(mode="json") for e in (d.trigger_evidence, d.met_by) if e is not None],
            "document_id": _uuid(d.trigger_evidence.document_id) if d.trigger_evidence else None,
            "status": d.status,
            "docket_number": d.docket,
            "fingerprint": fingerprint(case_id, "deadline", d.rule_id, d.docket, d.due_date),
            "trigger_event_id": _trigger_row(case_id, d.trigger_event_id, stored_events, manual or []),
        }
        for d in result.deadlines
    ]
    if deadline_rows:
        await session.execute(
            insert(CourtEvent).on_conflict_do_nothing(
                index_elements=[CourtEvent.fingerprint], index_where=CourtEvent.fingerprint.isnot(None)
            ),
            deadline_rows,
        )

    findings: list[dict[str, Any]] = []
    for v in result.violations:
        findings.append(
            {
                "violation_type": v.violation_type,
                "severity": v.severity,
                "violation_date": v.date,
                "person": v.person,
                "description": v.description,
                "legal_basis": v.legal_basis,
                "evidence": [e.model_dump(mode="json") for e in v.evidence],
                "confidence": v.confidence,
                "document_id": _uuid(v.evidence[0].document_id),
                "fingerprint": fingerprint(
                    case_id, v.violation_type, v.rule_id, v.date, v.evidence[0].document_id
                ),
            }
        )
    for c in result.contradictions:
        findings.append(
            {
                "violation_type": f"contradiction:{c.kind}",
                "severity": "HIGH" if c.sworn else "MEDIUM",
                "violation_date": c.date,
                "person": c.subject,
                "description": c.description,
                "legal_basis": "Pen. Code § 118 (sworn statement contradicted)" if c.sworn else None,
                "evidence": [
                    c.statement.model_dump(mode="json"),
                    *(e.model_dump(mode="json") for e in c.contradicting),
                ],
                "document_id": _uuid(c.statement_document_id),
                "fingerprint": fingerprint(
                    case_id,
                    "contradiction",
                    c.kind,
                    c.statement_document_id,
                    c.statement.page,
                    c.statement.start,
                ),
            }
        )
    fingerprints = [f["fingerprint"] for f in findings]
    new_count = 0
    for finding in findings:
        statement = insert(LegalViolation).values(case_id=case_id, source="local", **finding)
        inserted = await session.scalar(
            statement.on_conflict_do_update(
                index_elements=[LegalViolation.fingerprint],
                index_where=LegalViolation.fingerprint.isnot(None),
                set_={
                    k: statement.excluded[k]
                    for k in ("description", "evidence", "severity", "legal_basis", "confidence")
                },
            ).returning(LegalViolation.created_at == LegalViolation.updated_at)
        )
        if inserted:
            new_count += 1
            await live.publish(
                session,
                LiveKind.VIOLATION_NEW,
                {k: str(v) for k, v in finding.items() if k != "evidence"},
                case_id=case_id,
            )
    await session.execute(
        delete(LegalViolation).where(
            LegalViolation.case_id == case_id,
            LegalViolation.source == "local",
            LegalViolation.review_status == ReviewStatus.SUSPECTED,
            LegalViolation.fingerprint.notin_(fingerprints),
        )
    )

    per_document: dict[str, int] = defaultdict(int)
    for finding in findings:
        if finding["document_id"] is not None:
            per_document[str(finding["document_id"])] += 1
    touched = set(per_document) | set(result.fraud_indicators) | set(result.perjury_indicators)
    # The documents hold only what the rules read; the few re-scored are reloaded whole.
    rescored_ids = [key for document_id in touched if (key := _uuid(document_id)) is not None]
    full = await session.stream(
        select(LegalDocument.id, LegalDocument.analysis)
        .where(LegalDocument.id.in_(rescored_ids), LegalDocument.analysis.isnot(None))
        .execution_options(yield_per=200)
    )
    async for row_id, analysis_json in full:
        document_id = str(row_id)
        analysis = DocumentAnalysis.model_validate(analysis_json)
        external_fraud = [i for i in analysis.fraud_indicators if i.source != "local"]
        external_perjury = [i for i in analysis.perjury_indicators if i.source != "local"]
        scored = rescore(
            analysis,
            fraud=[*result.fraud_indicators.get(document_id, []), *external_fraud],
            perjury=[*result.perjury_indicators.get(document_id, []), *external_perjury],
            violations=per_document.get(document_id, 0),
        )
        await session.execute(
            update(LegalDocument)
            .where(LegalDocument.id == row_id)
            .values(analysis=scored.model_dump(mode="json"), **score_columns(scored).values())
        )
    await live.publish(
        session,
        LiveKind.DEADLINE_CHANGED,
        {"case_id": str(case_id), "deadlines": len(deadline_rows)},
        case_id=case_id,
    )
    return {
        "deadlines": len(deadline_rows),
        "violations": len(result.violations),
        "contradictions": len(result.contradictions),
        "new_findings": new_count,
        "rescored_documents": len(touched),
    }


def _trigger_row(
    case_id: uuid.UUID, trigger: str, stored: set[str], manual: list[CaseEvent]
) -> uuid.UUID | None:
    """The row of the event a deadline counts from: a stored fact, or the manual row a person entered."""
    if trigger in stored:
        return event_row_id(case_id, trigger)
    return next((uuid.UUID(e.id) for e in manual if e.id == trigger), None)


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None
