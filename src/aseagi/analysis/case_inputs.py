"""What case analysis reads: the case's events, documents and messages, as plain frozen records.

Types only (no rules), so every rule module (chronology, deadlines, violations, contradictions, fraud) and
the code that loads a case from the database can import them without importing the rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from aseagi.analysis.chronology_types import DateCertainty, EventStatus
from aseagi.analysis.schemas import DocumentAnalysis, DocumentType, EventType, Evidence

__all__ = ["CORRESPONDENCE_TYPES", "MAX_REPEATS", "MAX_SOURCES", "CaseDocument", "CaseEvent", "CaseMessage"]

CORRESPONDENCE_TYPES: frozenset[DocumentType] = frozenset(
    {"email", "text_messages", "phone_log", "chat", "letter"}
)
"""Document types that recount what others did: the rules never take their statements for a paper's, nor
their date for a filing's."""
MAX_SOURCES = 100
"""The most passages one event or one finding lists; past that they are only counted, so a fact a
million papers repeat is one row of bounded size."""
MAX_REPEATS = 20
"""The most mentions (or messages) saying the same thing that case analysis keeps one by one; the rest
are counted on the last one kept. Far above what any real paper trail repeats, so a small case loses
nothing; a case of a million copies stays in bounded memory."""


@dataclass(frozen=True)
class CaseEvent:
    """One ``court_events`` row: a hearing, filing, order, removal, notice…"""

    id: str
    event_date: dt.date
    event_type: EventType
    title: str
    source_document_id: str | None = None
    evidence: Evidence | None = None
    """The passage the event was read from; ``None`` for an event the user typed in."""
    manual: bool = False
    """Entered by a person rather than extracted."""
    docket: str | None = None
    """The normalized docket the event belongs to; time limits run per docket (one child, one petition)."""
    source_type: DocumentType | None = None
    """The kind of paper it was read from: a minute order outranks a report or an e-mail recounting it."""
    document_date: dt.date | None = None
    """The date of the paper it was read from (a minute order's own hearing has the paper's date)."""
    people: tuple[str, ...] = ()
    """Names the passage gives (parties the analyzer found inside it)."""
    date_certainty: DateCertainty = DateCertainty.EXACT
    """For an event of the chronology: how firmly the record fixes its date."""
    status: EventStatus = EventStatus.UNKNOWN
    continued_to: str | None = None
    """Id of the event this hearing was continued to."""
    sources: tuple[Evidence, ...] = ()
    """Every passage naming the event (the chronology's sources); ``evidence`` is the weightiest."""
    count: int = 1
    """How many mentions this one stands for: more than 1 when papers repeating it past ``MAX_REPEATS``
    were folded into it (their passages are not listed, only counted)."""


@dataclass(frozen=True)
class CaseDocument:
    """One ``legal_documents`` row, with its stored analysis when it has one."""

    document_id: str
    file_name: str
    document_type: DocumentType = "other"
    document_date: dt.date | None = None
    under_penalty_of_perjury: bool = False
    analysis: DocumentAnalysis | None = None


@dataclass(frozen=True)
class CaseMessage:
    """One ``communications`` row: an email, text, chat message or phone-log entry."""

    document_id: str
    channel: Literal["email", "sms", "call", "whatsapp", "chat", "letter"]
    sender: str
    recipients: tuple[str, ...] = field(default_factory=tuple)
    sent_at: dt.datetime | dt.date | None = None
    content: str = ""
    evidence: Evidence | None = None
    """The passage in the source document (the backup, the mailbox, the log) this message was read from."""
    message_id: str | None = None
    """The ``communications`` row it was read from, when read from the database."""

    @property
    def sent_on(self) -> dt.date | None:
        if isinstance(self.sent_at, dt.datetime):
            return self.sent_at.date()
        return self.sent_at
