"""The case rules: deadlines, violations, contradictions and indicators across a whole case.

Pure: the caller loads the case's rows and passes them in; nothing here reads a database, a clock or the
network. Documents, events and messages may be streams (each is read once).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from pydantic import Field

from aseagi.analysis.case_inputs import CORRESPONDENCE_TYPES, CaseDocument, CaseEvent, CaseMessage
from aseagi.analysis.chronology import build_chronology, source_rank
from aseagi.analysis.chronology_types import ChronologyEvent
from aseagi.analysis.contradiction_patterns import PartyTally
from aseagi.analysis.contradictions import Contradiction, ContradictionFinder
from aseagi.analysis.corrections import Correction, apply_corrections
from aseagi.analysis.deadline_status import ACTION_TITLES, assess_deadlines
from aseagi.analysis.deadlines import Deadline, compute_deadlines
from aseagi.analysis.fraud import FraudFinder
from aseagi.analysis.icwa import IcwaTally
from aseagi.analysis.mention_pool import MentionPool
from aseagi.analysis.procedural_violations import ViolationFinding, find_violations
from aseagi.analysis.rules import DeadlineRule, ServiceMethod, load_rules
from aseagi.analysis.schemas import DocumentAnalysis, Evidence, Indicator, Model, Statement

__all__ = [
    "CaseAnalysis",
    "CaseDocument",
    "CaseEvent",
    "CaseMessage",
    "CaseReader",
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
    document_list = list(documents)
    reader = CaseReader(document_list, include_document_events=include_document_events)
    for event in events:
        reader.add_event(event)
    for document in document_list:
        reader.add_document(document)
    for message in messages:
        reader.add_message(message)
    return reader.analyze(today=today, rules=rules, service=service, corrections=corrections)


class CaseReader:
    """A case read one row at a time into what the rules need: memory grows with what they find, not with
    the number of documents or messages.

    Each document passes once: its mentions go to a ``MentionPool`` (repeats folded), its parties to the
    directory of people, the fraud and ICWA checks read it as it passes, and it is kept (reduced to the
    statements, parties and dates a rule reads) only when a rule reads documents like it. Then messages
    pass once, each compared with the claims those documents make (``ContradictionFinder``): every
    document comes before the first message. ``proofs`` are the proofs of service (others are ignored):
    the fraud check matches every later paper against them.
    """

    def __init__(self, proofs: Iterable[CaseDocument] = (), *, include_document_events: bool = True) -> None:
        self.events: list[CaseEvent] = []
        """The ``court_events`` rows given (a person's own entries)."""
        self.mentions = MentionPool()
        self.kept: list[CaseDocument] = []
        """Documents a rule reads as documents, reduced to what it reads."""
        self._contradictions: ContradictionFinder | None = None
        self.documents_read = 0
        self.messages_read = 0
        self._include_document_events = include_document_events
        self._fraud = FraudFinder(proofs)
        self._parties = PartyTally()
        self._icwa = IcwaTally()

    def add_event(self, event: CaseEvent) -> None:
        self.events.append(event)

    def add_document(self, document: CaseDocument) -> None:
        if self._contradictions is not None:
            raise RuntimeError("every document must be read before the first message")
        self.documents_read += 1
        if self._include_document_events:
            self.mentions.add_all(events_from_documents((document,)))
        self._fraud.add(document)
        self._parties.add(document)
        self._icwa.add(document)
        reduced = _as_rules_read_it(document)
        if reduced is not None:
            self.kept.append(reduced)

    def add_message(self, message: CaseMessage) -> None:
        self.messages_read += 1
        self._finder().add(message)

    @property
    def messages_held(self) -> int:
        """Messages kept: those contradicting a claim (up to ``MAX_SOURCES`` each), a call a day."""
        return len(self._finder())

    def held_messages(self) -> list[CaseMessage]:
        """The messages kept after the stream: the only ones worth locating in their documents."""
        return self._finder().held_messages()

    def locate(self, located: Mapping[str, CaseMessage]) -> None:
        """Replace kept messages, by ``message_id``, with the same ones quoted in their documents."""
        self._finder().locate(located)

    def _finder(self) -> ContradictionFinder:
        if self._contradictions is None:
            self._contradictions = ContradictionFinder(self.kept, self._parties.directory())
        return self._contradictions

    def analyze(
        self,
        *,
        today: dt.date,
        rules: Sequence[DeadlineRule] | None = None,
        service: ServiceMethod = "personal",
        corrections: Iterable[Correction] = (),
    ) -> CaseAnalysis:
        """Run the rules on what was read (``analyze_case`` says what each argument means)."""
        active_rules = list(rules) if rules is not None else load_rules()
        mentions = [*self.events, *self.mentions.mentions()]
        chronology = apply_corrections(build_chronology(mentions, today=today), corrections)
        # Already one per fact (and per docket): sorted, not collapsed across dockets by day and kind.
        case_events = sorted(
            rule_events(chronology, mentions), key=lambda e: (e.event_date, e.event_type, e.id)
        )
        deadlines = assess_deadlines(
            compute_deadlines(case_events, active_rules, service=service), case_events, self.kept, today=today
        )
        contradictions, perjury = self._finder().contradictions()
        violations = find_violations(case_events, active_rules, self.kept, self._icwa)
        return CaseAnalysis(
            today=today,
            deadlines=deadlines,
            upcoming_deadlines=[d for d in deadlines if d.due_date >= today and d.status == "upcoming"],
            violations=violations,
            contradictions=contradictions,
            fraud_indicators=self._fraud.indicators(),
            perjury_indicators=perjury,
            chronology=chronology,
        )


_COURT_PAPERS = frozenset({"minute_order", "court_order"})
_NOTICE_PAPERS = frozenset({"notice", "proof_of_service"})


def _read_statement(statement: Statement, correspondence: bool) -> bool:
    """A statement some rule reads: any about notice; a dated contact claimed in a paper, or denied in
    correspondence; a paper saying visits were never asked for."""
    if statement.kind == "notice_given":
        return True
    if statement.kind == "contact":
        return (
            statement.polarity == "denied"
            if correspondence
            else bool(statement.polarity == "affirmed" and statement.date)
        )
    return statement.kind == "visit_request" and statement.polarity == "denied" and not correspondence


def _as_rules_read_it(document: CaseDocument) -> CaseDocument | None:
    """The document reduced to what the deadline, violation and contradiction rules read of it, or
    ``None`` when they read nothing of it (its mentions, parties and fraud checks are taken already)."""
    analysis = document.analysis
    if analysis is None:
        return None
    correspondence = document.document_type in CORRESPONDENCE_TYPES
    statements = [s for s in analysis.statements if _read_statement(s, correspondence)]
    good_cause = analysis.good_cause if document.document_type in _COURT_PAPERS else []
    filed = not correspondence and any(t.search(analysis.title or "") for t in ACTION_TITLES.values())
    parents = [p for p in analysis.parties if p.role == "parent"] if analysis.court_events else []
    if not (statements or good_cause or filed or parents or document.document_type in _NOTICE_PAPERS):
        return None
    reduced = analysis.model_copy(
        update={
            "statements": statements,
            "good_cause": good_cause,
            "parties": parents,
            "dates": analysis.dates if filed else [],
            "court_events": [],
            "dockets": [],
            "citations": [],
        }
    )
    return replace(document, analysis=reduced)


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
