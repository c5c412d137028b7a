"""Statements in reports and declarations checked against the case's messages, phone log and other records.

Conservative: a contradiction needs a concrete conflicting record (a message in the subject's own words,
or a phone log that covers the day and shows no call), quotes every passage, and states its confidence.
A contradicted statement made under penalty of perjury also yields a perjury indicator for its document.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aseagi.analysis.case_inputs import CORRESPONDENCE_TYPES, MAX_REPEATS
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

__all__ = ["Contradiction", "MessageIndex", "find_contradictions"]

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


@dataclass
class _Held:
    """A message the checks can use, and how many identical ones it stands for."""

    message: CaseMessage
    count: int = 1


class MessageIndex:
    """A case's messages by day, read once from the stream, holding only those a check can use.

    A check reads a message only for a denial ("nobody called me") or a request for visits in it, and the
    phone log only for the days it has calls and each day's first call; every other message is dropped as
    it passes. The same message repeated (one sender, day and text) past ``MAX_REPEATS`` times is counted
    on the last copy kept.
    """

    def __init__(self, messages: Iterable[CaseMessage] = ()) -> None:
        self.by_day: dict[dt.date, list[_Held]] = defaultdict(list)
        self.first_call: dict[dt.date, CaseMessage] = {}
        self._repeats: dict[tuple[object, ...], list[_Held]] = {}
        self._call_days: list[dt.date] | None = None
        for message in messages:
            self.add(message)

    def add(self, message: CaseMessage) -> None:
        day = message.sent_on
        if day is None:
            return
        if message.channel == "call" and day not in self.first_call:
            self.first_call[day] = message
            self._call_days = None
        if not _bears_on_a_check(message):
            return
        copies = self._repeats.setdefault((day, message.channel, message.sender, message.content), [])
        if len(copies) >= MAX_REPEATS:
            copies[-1].count += 1
            return
        held = _Held(message)
        copies.append(held)
        self.by_day[day].append(held)

    def __len__(self) -> int:
        """Messages held (calls kept for their day included)."""
        return sum(len(held) for held in self.by_day.values()) + len(self.first_call)

    @property
    def call_days(self) -> list[dt.date]:
        if self._call_days is None:
            self._call_days = sorted(self.first_call)
        return self._call_days

    def between(self, start: dt.date, end: dt.date) -> list[_Held]:
        found: list[_Held] = []
        day = start
        while day <= end:
            found.extend(self.by_day.get(day, ()))
            day += dt.timedelta(days=1)
        return found

    def log_covers(self, day: dt.date) -> bool:
        """The phone log has entries within two weeks on both sides of ``day``: it was kept then."""
        before = any(day - _LOG_COVERAGE <= d <= day for d in self.call_days)
        after = any(day <= d <= day + _LOG_COVERAGE for d in self.call_days)
        return before and after


def _bears_on_a_check(message: CaseMessage) -> bool:
    """The message holds a denial of contact or notice, or (not a call) a request for visits."""
    text = message.content
    return bool(
        matching_sentences(text, CONTACT_DENIAL)
        or matching_sentences(text, NOTICE_DENIAL)
        or (message.channel != "call" and visit_request_sentences(text))
    )


def find_contradictions(
    documents: Sequence[CaseDocument],
    messages: Iterable[CaseMessage] | MessageIndex,
    people: PersonDirectory | None = None,
) -> tuple[list[Contradiction], dict[str, list[Indicator]]]:
    """Contradictions, and the perjury indicators they imply, keyed by the statement's document id.

    ``people`` defaults to the directory of ``documents``' parties; give it when ``documents`` are only
    those with statements (the parties of the others were read as they passed).
    """
    people = people if people is not None else PersonDirectory.from_documents(documents)
    index = messages if isinstance(messages, MessageIndex) else MessageIndex(messages)
    statement_records = _communication_statements(documents)
    found: list[Contradiction] = []
    for document in documents:
        if document.analysis is None or document.document_type in CORRESPONDENCE_TYPES:
            continue
        sworn_document = document.under_penalty_of_perjury or document.analysis.under_penalty_of_perjury
        for statement in document.analysis.statements:
            found += _check(
                statement, document, sworn_document or statement.sworn, index, people, statement_records
            )
    perjury: dict[str, list[Indicator]] = defaultdict(list)
    for contradiction in found:
        if contradiction.sworn:
            perjury[contradiction.statement_document_id].append(_perjury_indicator(contradiction))
    return found, dict(perjury)


def _check(
    statement: Statement,
    document: CaseDocument,
    sworn: bool,
    index: MessageIndex,
    people: PersonDirectory,
    statement_records: Sequence[tuple[CaseDocument, Statement]],
) -> list[Contradiction]:
    claim = _Claim(
        statement, _with_document(statement.evidence, document.document_id), document.document_id, sworn
    )
    if statement.kind in ("contact", "notice_given") and statement.polarity == "affirmed" and statement.date:
        return _check_claimed_contact(claim, index, people, statement_records)
    if statement.kind == "visit_request" and statement.polarity == "denied":
        cutoff = document.document_date or (document.analysis.document_date if document.analysis else None)
        cutoff = cutoff or statement.date
        return _check_visits_never_requested(claim, index, people, cutoff)
    return []


def _check_claimed_contact(
    claim: _Claim,
    index: MessageIndex,
    people: PersonDirectory,
    statement_records: Sequence[tuple[CaseDocument, Statement]],
) -> list[Contradiction]:
    statement = claim.statement
    day = statement.date
    assert day is not None
    who = statement.subject or "the parent"
    pattern = NOTICE_DENIAL if statement.kind == "notice_given" else CONTACT_DENIAL
    denials: list[Evidence] = []
    window_end = day + (_LATE_REFERENCE_WINDOW if statement.kind == "notice_given" else _REPLY_WINDOW)
    repeated = 0
    for held in index.between(day, day + _LATE_REFERENCE_WINDOW):
        message = held.message
        sent_on = message.sent_on
        assert sent_on is not None
        if people.sender_matches(message.sender, statement.subject) is False:
            continue
        if sent_on > window_end and not mentions_day(message.content, day):
            continue
        for start, end in matching_sentences(message.content, pattern):
            denials.append(_message_evidence(message, start, end))
            repeated += held.count - 1
            break
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
        and index.log_covers(day)
        and day not in index.first_call
    )
    if denials:
        confidence = 0.85 if no_call_in_log else 0.75
        extra = " The phone log, kept that period, shows no call that day." if no_call_in_log else ""
        kind = "notice_denied" if statement.kind == "notice_given" else "contact_denied"
        if no_call_in_log:
            denials += _nearest_calls(index, day)
        what = "notice was given to" if statement.kind == "notice_given" else "there was contact with"
        description = (
            f"The document states {what} {who} on {day.isoformat()}"
            f"{' by ' + statement.channel if statement.channel else ''}; "
            f"{len(denials) + repeated} record(s) in {who}'s own words say otherwise.{extra}"
        )
        return [claim.contradiction(kind, denials, description, confidence)]
    if no_call_in_log:
        neighbours = _nearest_calls(index, day)
        if neighbours:
            description = (
                f"The document states {who} was reached by phone on {day.isoformat()}; the phone log has "
                f"entries around that day but no call on it (nearest entries quoted)."
            )
            return [claim.contradiction("contact_not_in_phone_log", neighbours, description, 0.55)]
    return []


def _check_visits_never_requested(
    claim: _Claim,
    index: MessageIndex,
    people: PersonDirectory,
    cutoff: dt.date | None,
) -> list[Contradiction]:
    statement = claim.statement
    requests: list[tuple[dt.date, Evidence]] = []
    count = 0
    for day in sorted(index.by_day):
        if cutoff is not None and day > cutoff:
            break
        for held in index.by_day[day]:
            message = held.message
            if message.channel == "call" or people.sender_matches(message.sender, statement.subject) is False:
                continue
            spans = visit_request_sentences(message.content)
            if spans:
                requests.append((day, _message_evidence(message, *spans[0])))
                count += held.count
    if not requests:
        return []
    confidence = 0.6 if count == 1 else 0.75 if count == 2 else 0.85
    who = statement.subject or "the parent"
    quoted = "; ".join(f'{day.isoformat()}: "{evidence.quote}"' for day, evidence in requests[:10])
    description = (
        f"The document states {who} did not request visits; {count} message(s) from {who}"
        f"{' before ' + cutoff.isoformat() if cutoff else ''} ask for visits: {quoted}"
    )
    return [
        claim.contradiction(
            "visits_requested", [evidence for _, evidence in requests], description, confidence
        )
    ]


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


def _nearest_calls(index: MessageIndex, day: dt.date) -> list[Evidence]:
    before = [d for d in index.call_days if d < day]
    after = [d for d in index.call_days if d > day]
    evidence: list[Evidence] = []
    for neighbour in ([before[-1]] if before else []) + ([after[0]] if after else []):
        call = index.first_call[neighbour]
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
