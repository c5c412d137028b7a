"""The case rules: deadlines, violations, contradictions and indicators across a whole case.

Pure: the caller loads the case's rows and passes them in; nothing here reads a database, a clock or the
network. Documents, events and messages may be streams (each is read once).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from pydantic import Field

from aseagi.analysis.case_inputs import CaseDocument, CaseEvent, CaseMessage
from aseagi.analysis.chronology import build_chronology, source_rank
from aseagi.analysis.chronology_types import ChronologyEvent
from aseagi.analysis.contradictions import Contradiction, find_contradictions
from aseagi.analysis.corrections import Correction, apply_corrections
from aseagi.analysis.deadline_status import assess_deadlines
from aseagi.analysis.deadlines import Deadline, compute_deadlines
from aseagi.analysis.fraud import find_fraud_indicators
from aseagi.analysis.rules import DeadlineRule, ServiceMethod, load_rules
from aseagi.analysis.schemas import DocumentAnalysis, Evidence, Indicator, Model
from aseagi.analysis.violations import ViolationFinding, find_violations

__all__ = [
    "CaseAnalysis",
    "CaseDocument",
    "CaseEvent",
    "CaseMessage",
    "analyze_case",
    "events_from_documents",
    "rule_events",
]


class CaseAnalysis(Model):
    """What the case-level pass concludes, every item with its evidence."""

    today: dt.date
    deadlines: list[Deadline] = Field(default_factory=list)
    upcoming_deadlines: list[Deadline] = Field(default_factory=list)
    """Deadlines due ``today`` or later that the record does not show done, soonest first."""
    violations: list[ViolationFinding] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    fraud_indicators: dict[str, list[Indicator]] = Field(default_factory=dict)
    """Keyed by document id."""
    perjury_indicators: dict[str, list[Indicator]] = Field(default_factory=dict)
    """Keyed by document id: sworn statements another record contradicts."""
    chronology: list[ChronologyEvent] = Field(default_factory=list)
    """One event per fact, sorted by date: what deadlines and violations are computed from."""


def events_from_documents(documents: Iterable[CaseDocument]) -> list[CaseEvent]:
    """The court events the document analyzer found, as case events with stable ids."""
    events: list[CaseEvent] = []
    for document in documents:
        if document.analysis is None:
            continue
        own_docket = document.analysis.docket_numbers[0] if document.analysis.docket_numbers else None
        dated = document.document_date or document.analysis.document_date
        for index, finding in enumerate(document.analysis.court_events):
            evidence = finding.evidence
            if evidence.document_id is None:
                evidence = evidence.model_copy(update={"document_id": document.document_id})
            events.append(
                CaseEvent(
                    id=f"{document.document_id}:event:{index}",
                    event_date=finding.event_date,
                    event_type=finding.event_type,
                    title=finding.title,
                    source_document_id=document.document_id,
                    evidence=evidence,
                    docket=_docket_named_in(document.analysis, evidence) or own_docket,
                    source_type=document.document_type,
                    document_date=dated,
                    people=_people_in(document.analysis, evidence),
                )
            )
        events.extend(_orders_setting_hearings(document))
    return events


def _docket_named_in(analysis: DocumentAnalysis, evidence: Evidence) -> str | None:
    """A juvenile docket written inside the event's own passage ("a prior case, 24JD00123, was ...")."""
    for mention in analysis.dockets:
        quoted = mention.evidence
        if (
            mention.kind == "juvenile"
            and quoted.page == evidence.page
            and evidence.start <= quoted.start < evidence.end
        ):
            return mention.normalized
    return None


def _people_in(analysis: DocumentAnalysis, evidence: Evidence) -> tuple[str, ...]:
    """The parties the analyzer found inside the event's own passage."""
    return tuple(
        dict.fromkeys(
            party.name
            for party in analysis.parties
            if party.evidence.page == evidence.page and evidence.start <= party.evidence.start < evidence.end
        )
    )


_SETS = re.compile(r"\bset\b|\bsets\b|\bsetting\b|\bscheduled\b", re.IGNORECASE)


def _orders_setting_hearings(document: CaseDocument) -> list[CaseEvent]:
    """A minute order dated D that sets a 366.26 hearing *is* the order setting it (the CRC 8.450 trigger)."""
    dated = document.document_date or (document.analysis.document_date if document.analysis else None)
    if (
        document.analysis is None
        or dated is None
        or document.document_type not in ("minute_order", "court_order")
    ):
        return []
    for finding in document.analysis.court_events:
        if (
            finding.event_type == "366.26_hearing"
            and finding.event_date > dated
            and _SETS.search(finding.evidence.quote)
        ):
            evidence = finding.evidence
            if evidence.document_id is None:
                evidence = evidence.model_copy(update={"document_id": document.document_id})
            return [
                CaseEvent(
                    id=f"{document.document_id}:order-setting-366.26",
                    event_date=dated,
                    event_type="order",
                    title=f"Order setting a 366.26 hearing for {finding.event_date.isoformat()}",
                    source_document_id=document.document_id,
                    evidence=evidence,
                    docket=document.analysis.docket_numbers[0] if document.analysis.docket_numbers else None,
                    source_type=document.document_type,
                    document_date=dated,
                )
            ]
    return []


def analyze_case(
    documents: Iterable[CaseDocument],
    events: Iterable[CaseEvent],
    messages: Iterable[CaseMessage],
    *,
    today: dt.date,
    rules: Sequence[DeadlineRule] | None = None,
    service: ServiceMethod = "personal",
    include_document_events: bool = True,
    corrections: Iterable[Correction] = (),
) -> CaseAnalysis:
    """The whole case in one pass.

    ``events`` are the ``court_events`` rows; with ``include_document_events`` the events inside the
    documents' analyses are added too (the same hearing named twice counts once). ``today`` splits past
    from upcoming deadlines and is never read from the clock. ``corrections`` (a person's, in order) are
    applied to the chronology before anything is derived from it.
    """
    active_rules = list(rules) if rules is not None else load_rules()
    document_list = list(documents)
    mentions = list(events)
    if include_document_events:
        mentions.extend(events_from_documents(document_list))
    chronology = apply_corrections(build_chronology(mentions, today=today), corrections)
    # Already one per fact (and per docket): sorted, not collapsed across dockets by day and kind.
    case_events = sorted(rule_events(chronology, mentions), key=lambda e: (e.event_date, e.event_type, e.id))

    deadlines = assess_deadlines(
        compute_deadlines(case_events, active_rules, service=service), case_events, document_list, today=today
    )
    contradictions, perjury = find_contradictions(document_list, messages)
    violations = find_violations(case_events, active_rules, document_list)
    fraud = find_fraud_indicators(document_list)
    return CaseAnalysis(
        today=today,
        deadlines=deadlines,
        upcoming_deadlines=[d for d in deadlines if d.due_date >= today and d.status == "upcoming"],
        violations=violations,
        contradictions=contradictions,
        fraud_indicators=fraud,
        perjury_indicators=perjury,
        chronology=chronology,
    )


def rule_events(chronology: Iterable[ChronologyEvent], mentions: Iterable[CaseEvent]) -> list[CaseEvent]:
    """The chronology's events in the shape the rules read, each carrying its weightiest mention's paper.

    Deadlines and violations are computed from these only: one fact, one trigger, whatever the number of
    papers naming it.
    """
    by_passage: dict[tuple[str | None, int, int, int], CaseEvent] = {}
    manual: dict[tuple[dt.date, str], CaseEvent] = {}
    for mention in mentions:
        if mention.evidence is not None:
            e = mention.evidence
            by_passage.setdefault((e.document_id, e.page, e.start, e.end), mention)
        else:
            manual.setdefault((mention.event_date, mention.event_type), mention)
    out: list[CaseEvent] = []
    for event in chronology:
        found = [
            by_passage[key]
            for s in event.sources
            if (key := (s.document_id, s.page, s.start, s.end)) in by_passage
        ]
        typed = manual.get((event.event_date, event.event_type))
        best = min(found, key=source_rank) if found else typed
        out.append(
            CaseEvent(
                id=event.key,
                event_date=event.event_date,
                event_type=event.event_type,
                title=event.title if best is None or not best.manual else best.title,
                source_document_id=best.source_document_id if best is not None else None,
                evidence=best.evidence if best is not None else None,
                manual=best is not None and best.manual,
                docket=event.docket,
                source_type=best.source_type if best is not None else None,
                document_date=best.document_date if best is not None else None,
                people=event.people,
                date_certainty=event.date_certainty,
                status=event.status,
                continued_to=event.continued_to,
                sources=event.sources,
            )
        )
    return out
