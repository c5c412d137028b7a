"""Statements in reports and declarations checked against the case's messages, phone log and other records.

Conservative: a contradiction needs a concrete conflicting record (a message in the subject's own words,
or a phone log that covers the day and shows no call), quotes every passage, and states its confidence.
A contradicted statement made under penalty of perjury also yields a perjury indicator for its document.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aseagi.analysis.case_inputs import CORRESPONDENCE_TYPES, MAX_SOURCES
from aseagi.analysis.contradiction_patterns import (
    CONTACT_DENIAL,
    NOTICE_DENIAL,
    PersonDirectory,
    matching_sentences,
    mentions_day,
    visit_request_sentences,
)
from aseagi.analysis.schemas import Evidence, Indicator, Model, Statement

if TYPE_CHECKING:
    from aseagi.analysis.case_inputs import CaseDocument, CaseMessage

__all__ = ["Contradiction", "ContradictionFinder", "find_contradictions"]

_LOG_COVERAGE = dt.timedelta(days=14)
_REPLY_WINDOW = dt.timedelta(days=3)
_LATE_REFERENCE_WINDOW = dt.timedelta(days=60)


class Contradiction(Model):
    """A statement and the records that contradict it."""

    kind: str
    """``contact_not_in_phone_log``, ``contact_denied``, ``visits_requested``, ``notice_denied``."""
    statement: Evidence
    statement_document_id: str
    contradicting: list[Evidence]
    description: str
    confidence: float
    sworn: bool = False
    subject: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class _Claim:
    """The statement under test with what every contradiction about it repeats."""

    statement: Statement
    evidence: Evidence
    document_id: str
    sworn: bool

    def contradiction(
        self, kind: str, contradicting: list[Evidence], description: str, confidence: float
    ) -> Contradiction:
        return Contradiction(
            kind=kind,
            statement=self.evidence,
            statement_document_id=self.document_id,
            contradicting=contradicting,
            description=_with_passages(description, self.evidence, contradicting),
            confidence=confidence,
            sworn=self.sworn,
            subject=self.statement.subject,
            date=self.statement.date,
        )


def _with_passages(reason: str, statement: Evidence, contradicting: Sequence[Evidence]) -> str:
    """The reason, then both sides quoted: what was stated and what says otherwise."""
    others = "; ".join(_cited(e) for e in contradicting[:3])
    more = f" and {len(contradicting) - 3} more" if len(contradicting) > 3 else ""
    return f"{reason} Stated: {_cited(statement)}. Contradicted by: {others}{more}."


def _cited(evidence: Evidence) -> str:
    quote = " ".join(evidence.quote.split())
    quote = quote if len(quote) <= 160 else quote[:159] + "…"
    where = evidence.file_name or evidence.document_id or "document"
    return f'"{quote}" ({where} p. {evidence.page})'


class _Earliest:
    """The first ``MAX_SOURCES`` sentences of messages by (day, reading order), and how many there were.

    A sentence is quoted (``_message_evidence``) only when listed, so a message can be located in its
    document after the stream (``ContradictionFinder.locate``).
    """

    def __init__(self) -> None:
        self.count = 0
        self._items: list[tuple[dt.date, int, CaseMessage, int, int]] = []

    def add(self, day: dt.date, order: int, message: CaseMessage, start: int, end: int) -> None:
        self.count += 1
        self._items.append((day, order, message, start, end))
        if len(self._items) > 2 * MAX_SOURCES:
            self._trim()

    def _trim(self) -> None:
        self._items.sort(key=lambda item: (item[0], item[1]))
        del self._items[MAX_SOURCES:]

    def listed(self) -> list[tuple[dt.date, Evidence]]:
        self._trim()
        return [(day, _message_evidence(message, start, end)) for day, _, message, start, end in self._items]

    def messages(self) -> list[CaseMessage]:
        return [item[2] for item in self._items]

    def locate(self, located: Mapping[str, CaseMessage]) -> None:
        self._items = [
            (day, order, located.get(message.message_id or "", message), start, end)
            for day, order, message, start, end in self._items
        ]

    def __len__(self) -> int:
        return len(self._items)


class _PhoneLog:
    """The days the phone log has calls, and each day's first call (what the checks quote)."""

    def __init__(self) -> None:
        self.first_call: dict[dt.date, CaseMessage] = {}
        self._days: list[dt.date] | None = None

    def add(self, message: CaseMessage, day: dt.date) -> None:
        if message.channel == "call" and day not in self.first_call:
            self.first_call[day] = message
            self._days = None

    @property
    def call_days(self) -> list[dt.date]:
        if self._days is None:
            self._days = sorted(self.first_call)
        return self._days

    def covers(self, day: dt.date) -> bool:
        """The phone log has entries within two weeks on both sides of ``day``: it was kept then."""
        before = any(day - _LOG_COVERAGE <= d <= day for d in self.call_days)
        after = any(day <= d <= day + _LOG_COVERAGE for d in self.call_days)
        return before and after


class _ContactClaim:
    """A paper's "the mother was contacted on D" (or "noticed"), waiting for messages that deny it."""

    def __init__(self, claim: _Claim) -> None:
        self.claim = claim
        self.matches = _Earliest()
        """Messages denying the claim."""

    def offer(self, message: CaseMessage, day: dt.date, order: int, people: PersonDirectory) -> None:
        statement = self.claim.statement
        claimed = statement.date
        assert claimed is not None
        if not claimed <= day <= claimed + _LATE_REFERENCE_WINDOW:
            return
        if people.sender_matches(message.sender, statement.subject) is False:
            return
        notice = statement.kind == "notice_given"
        window_end = claimed + (_LATE_REFERENCE_WINDOW if notice else _REPLY_WINDOW)
        if day > window_end and not mentions_day(message.content, claimed):
            return
        for start, end in matching_sentences(message.content, NOTICE_DENIAL if notice else CONTACT_DENIAL):
            self.matches.add(day, order, message, start, end)
            break

    def found(
        self,
        phone_log: _PhoneLog,
        people: PersonDirectory,
        statement_records: Sequence[tuple[CaseDocument, Statement]],
    ) -> list[Contradiction]:
        claim, statement = self.claim, self.claim.statement
        day = statement.date
        assert day is not None
        who = statement.subject or "the parent"
        denials = [evidence for _, evidence in self.matches.listed()]
        unlisted = self.matches.count - len(denials)
        denials += [
            _with_document(other.evidence, other_document.document_id)
            for other_document, other in statement_records
            if other.kind in ("contact", "notice_given")
            and other.polarity == "denied"
            and _same_day_or_reply(other, other_document, day)
            and people.subjects_compatible(statement.subject, other.subject)
        ]
        phone_claim = (statement.channel or "").lower() in ("phone", "telephone", "call", "by phone", "cell")
        no_call_in_log = (
            phone_claim
            and people.refers_to_parent(statement.subject)
            and phone_log.covers(day)
            and day not in phone_log.first_call
        )
        if denials:
            confidence = 0.85 if no_call_in_log else 0.75
            extra = " The phone log, kept that period, shows no call that day." if no_call_in_log else ""
            kind = "notice_denied" if statement.kind == "notice_given" else "contact_denied"
            if no_call_in_log:
                denials += _nearest_calls(phone_log, day)
            what = "notice was given to" if statement.kind == "notice_given" else "there was contact with"
            description = (
                f"The document states {what} {who} on {day.isoformat()}"
                f"{' by ' + statement.channel if statement.channel else ''}; "
                f"{len(denials) + unlisted} record(s) in {who}'s own words say otherwise.{extra}"
            )
            return [claim.contradiction(kind, denials, description, confidence)]
        if no_call_in_log:
            neighbours = _nearest_calls(phone_log, day)
            if neighbours:
                description = (
                    f"The document states {who} was reached by phone on {day.isoformat()}; the phone log "
                    f"has entries around that day but no call on it (nearest entries quoted)."
                )
                return [claim.contradiction("contact_not_in_phone_log", neighbours, description, 0.55)]
        return []


class _VisitClaim:
    """A paper's "the mother never asked for visits", waiting for her messages asking for them."""

    def __init__(self, claim: _Claim, cutoff: dt.date | None) -> None:
        self.claim = claim
        self.cutoff = cutoff
        self.matches = _Earliest()
        """Messages asking for visits."""

    def offer(self, message: CaseMessage, day: dt.date, order: int, people: PersonDirectory) -> None:
        if self.cutoff is not None and day > self.cutoff:
            return
        if (
            message.channel == "call"
            or people.sender_matches(message.sender, self.claim.statement.subject) is False
        ):
            return
        spans = visit_request_sentences(message.content)
        if spans:
            self.matches.add(day, order, message, *spans[0])

    def found(self, *_: object) -> list[Contradiction]:
        requests = self.matches.listed()
        if not requests:
            return []
        count = self.matches.count
        confidence = 0.6 if count == 1 else 0.75 if count == 2 else 0.85
        who = self.claim.statement.subject or "the parent"
        quoted = "; ".join(f'{day.isoformat()}: "{evidence.quote}"' for day, evidence in requests[:10])
        description = (
            f"The document states {who} did not request visits; {count} message(s) from {who}"
            f"{' before ' + self.cutoff.isoformat() if self.cutoff else ''} ask for visits: {quoted}"
        )
        return [
            self.claim.contradiction(
                "visits_requested", [evidence for _, evidence in requests], description, confidence
            )
        ]


def find_contradictions(
    documents: Sequence[CaseDocument],
    messages: Iterable[CaseMessage],
    people: PersonDirectory | None = None,
) -> tuple[list[Contradiction], dict[str, list[Indicator]]]:
    """Contradictions, and the perjury indicators they imply, keyed by the statement's document id."""
    finder = ContradictionFinder(documents, people)
    for message in messages:
        finder.add(message)
    return finder.contradictions()


class ContradictionFinder:
    """The checks with every claim known first, then the messages streamed past them once.

    A message is compared with each claim as it passes and only what contradicts one is kept (the first
    ``MAX_SOURCES`` by day, the rest counted), with the days of the phone log: a case's messages are never
    held. ``people`` defaults to the directory of ``documents``' parties; give it when ``documents`` are
    only those with statements (the others' parties were read as they passed).
    """

    def __init__(self, documents: Sequence[CaseDocument], people: PersonDirectory | None = None) -> None:
        self._people = people if people is not None else PersonDirectory.from_documents(documents)
        self._records = _communication_statements(documents)
        self._claims: list[_ContactClaim | _VisitClaim] = []
        for document in documents:
            if document.analysis is None or document.document_type in CORRESPONDENCE_TYPES:
                continue
            sworn_document = document.under_penalty_of_perjury or document.analysis.under_penalty_of_perjury
            for statement in document.analysis.statements:
                claim = _Claim(
                    statement,
                    _with_document(statement.evidence, document.document_id),
                    document.document_id,
                    sworn_document or statement.sworn,
                )
                if statement.kind in ("contact", "notice_given") and statement.polarity == "affirmed":
                    if statement.date:
                        self._claims.append(_ContactClaim(claim))
                elif statement.kind == "visit_request" and statement.polarity == "denied":
                    cutoff = document.document_date or document.analysis.document_date or statement.date
                    self._claims.append(_VisitClaim(claim, cutoff))
        self._phone_log = _PhoneLog()
        self._read = 0

    def add(self, message: CaseMessage) -> None:
        day = message.sent_on
        if day is None:
            return
        self._read += 1
        self._phone_log.add(message, day)
        for claim in self._claims:
            claim.offer(message, day, self._read, self._people)

    def __len__(self) -> int:
        """Messages held: passages kept for a claim, and one call per day of the phone log."""
        held = sum(len(c.matches) for c in self._claims)
        return held + len(self._phone_log.first_call)

    def held_messages(self) -> list[CaseMessage]:
        """Every message kept (to locate in its document, ``locate``)."""
        kept = [m for c in self._claims for m in c.matches.messages()]
        return [*kept, *self._phone_log.first_call.values()]

    def locate(self, located: Mapping[str, CaseMessage]) -> None:
        """Replace kept messages (by ``message_id``) with the same messages quoted in their documents."""
        for claim in self._claims:
            claim.matches.locate(located)
        calls = self._phone_log.first_call
        for day, call in calls.items():
            calls[day] = located.get(call.message_id or "", call)

    def contradictions(self) -> tuple[list[Contradiction], dict[str, list[Indicator]]]:
        found = [
            c for claim in self._claims for c in claim.found(self._phone_log, self._people, self._records)
        ]
        perjury: dict[str, list[Indicator]] = defaultdict(list)
        for contradiction in found:
            if contradiction.sworn:
                perjury[contradiction.statement_document_id].append(_perjury_indicator(contradiction))
        return found, dict(perjury)


def _communication_statements(documents: Sequence[CaseDocument]) -> list[tuple[CaseDocument, Statement]]:
    """Denials found inside emails, texts and letters that arrived as documents rather than messages."""
    return [
        (document, statement)
        for document in documents
        if document.analysis is not None and document.document_type in CORRESPONDENCE_TYPES
        for statement in document.analysis.statements
        if statement.polarity == "denied"
    ]


def _same_day_or_reply(statement: Statement, document: CaseDocument, day: dt.date) -> bool:
    if statement.date is not None:
        return statement.date == day
    written = document.document_date or (document.analysis.document_date if document.analysis else None)
    return written is not None and day <= written <= day + _REPLY_WINDOW


def _nearest_calls(phone_log: _PhoneLog, day: dt.date) -> list[Evidence]:
    before = [d for d in phone_log.call_days if d < day]
    after = [d for d in phone_log.call_days if d > day]
    evidence: list[Evidence] = []
    for neighbour in ([before[-1]] if before else []) + ([after[0]] if after else []):
        call = phone_log.first_call[neighbour]
        evidence.append(_message_evidence(call, 0, len(call.content)))
    return evidence


def _with_document(evidence: Evidence, document_id: str) -> Evidence:
    return evidence if evidence.document_id else evidence.model_copy(update={"document_id": document_id})


def _message_evidence(message: CaseMessage, start: int, end: int) -> Evidence:
    """The sentence at ``start:end`` of the message, located in the source passage when possible."""
    sentence = message.content[start:end]
    source = message.evidence
    if source is not None:
        offset = source.quote.find(sentence) if sentence else -1
        if offset >= 0:
            return source.model_copy(
                update={
                    "start": source.start + offset,
                    "end": source.start + offset + len(sentence),
                    "quote": sentence,
                }
            )
        return _with_document(source, message.document_id)
    text = sentence or message.content or f"{message.channel} {message.sender}"
    return Evidence(document_id=message.document_id, page=1, start=start, end=start + len(text), quote=text)


def _perjury_indicator(contradiction: Contradiction) -> Indicator:
    return Indicator(
        kind="contradicted_sworn_statement",
        description=f"Sworn statement contradicted: {contradiction.description}",
        confidence=round(contradiction.confidence, 2),
        evidence=[contradiction.statement, *contradiction.contradicting],
    )
