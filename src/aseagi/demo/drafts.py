"""A document before it is written: its text with marks, plus what its format needs (headers, messages).

Templates produce drafts; writers turn drafts into files. Keeping the two apart lets one story be
written in any format and keeps the ground truth in one place (the marks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from aseagi.analysis.schemas import DocumentType
from aseagi.demo.marked_text import MarkedText


@dataclass(frozen=True)
class EmailHeaders:
    sender: str
    recipients: tuple[str, ...]
    sent_at: dt.datetime
    """Timezone-aware; becomes the Date header."""
    subject: str
    message_id: str


@dataclass(frozen=True)
class TextMessage:
    """One SMS or chat line. ``outgoing`` is from the phone's owner (the mother)."""

    sent_at: dt.datetime
    address: str
    contact_name: str
    body: str
    outgoing: bool


@dataclass(frozen=True)
class CallRecord:
    at: dt.datetime
    number: str
    contact_name: str
    duration_seconds: int
    call_type: int
    """Android codes: 1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected."""


@dataclass
class Draft:
    """One document to write. ``format`` picks the writer."""

    file_name: str
    format: str
    document_type: DocumentType
    body: MarkedText = field(default_factory=MarkedText)
    sworn: bool = False
    title: str | None = None
    email: EmailHeaders | None = None
    messages: list[TextMessage] = field(default_factory=list)
    calls: list[CallRecord] = field(default_factory=list)
    members: list[Draft] = field(default_factory=list)
    """ZIP entries, e-mail attachments or mbox messages."""
    incidental_dates: set[dt.date] = field(default_factory=set)
