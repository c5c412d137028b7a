"""What the analyzer concludes about one document, with the evidence for each conclusion.

These models are the API's ``analysis`` object, the output of ``aseagi analyze --json`` and what is
stored in ``legal_documents.analysis``. Add fields freely; never rename one.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EventType = Literal[
    "detention_hearing",
    "jurisdiction_hearing",
    "disposition_hearing",
    "review_hearing",
    "permanency_hearing",
    "366.26_hearing",
    "trial",
    "status_hearing",
    "mediation",
    "hearing",
    "filing",
    "order",
    "continuance",
    "removal",
    "petition_filed",
    "notice",
    "service",
    "deadline",
    "other",
]
"""The fixed vocabulary of ``court_events.event_type``. ``deadline`` rows are computed by the rules."""

HEARING_TYPES: tuple[EventType, ...] = (
    "detention_hearing",
    "jurisdiction_hearing",
    "disposition_hearing",
    "review_hearing",
    "permanency_hearing",
    "366.26_hearing",
    "trial",
    "status_hearing",
    "mediation",
    "hearing",
)
"""The event types that are hearings (what a parent attends)."""

PartyRole = Literal[
    "judge",
    "social_worker",
    "county_counsel",
    "parent_attorney",
    "child_attorney",
    "parent",
    "child",
    "casa",
    "police",
    "other",
]


class Severity(StrEnum):
    """How grave a finding or violation is, most grave first (``legal_violations.severity``)."""

    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


DocumentType = Literal[
    "minute_order",
    "court_order",
    "petition",
    "social_worker_report",
    "declaration",
    "proof_of_service",
    "notice",
    "police_report",
    "medical_record",
    "motion",
    "email",
    "text_messages",
    "phone_log",
    "chat",
    "letter",
    "other",
]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(Model):
    """The exact passage a finding rests on."""

    document_id: str | None = None
    """Filled once the document is stored; ``None`` for ``aseagi analyze FILE``."""
    file_name: str | None = None
    page: int = Field(ge=1)
    start: int = Field(ge=0, description="Character offset in the page's text where the quote starts.")
    end: int = Field(ge=0, description="Offset one past the quote's last character.")
    quote: str


class DocketMention(Model):
    text: str
    """As written, e.g. ``JV-2025-001234``."""
    normalized: str
    """Upper-case, spacing removed; the key cases are matched on."""
    kind: Literal["juvenile", "family", "appeal", "federal", "other"]
    in_caption: bool = False
    """True when it appears after "Case No." or in the first lines: the document's own docket."""
    evidence: Evidence


class DateMention(Model):
    date: dt.date
    text: str
    page: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    context: str | None = None
    """What the date is attached to when that is clear ("hearing", "filed", "signed", "served")."""


class Citation(Model):
    text: str
    """As written: ``Welf. & Inst. Code, § 319, subd. (b)``."""
    normalized: str
    """Short form: ``WIC 319(b)``, ``CRC 8.406(a)``, ``25 USC 1912``, ``6 Cal.4th 68``."""
    kind: Literal["statute", "rule", "case"]
    page: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Party(Model):
    name: str
    role: PartyRole
    evidence: Evidence


class CourtEventFinding(Model):
    event_date: dt.date
    event_type: EventType
    title: str
    department: str | None = None
    time: str | None = None
    """Time of day as written ("8:30 a.m."), when stated."""
    evidence: Evidence
    source: str = "local"
    """``local`` or ``claude:<model>``."""


class Indicator(Model):
    """A fraud or perjury indicator. Never without evidence."""

    kind: str
    """A stable key, e.g. ``contradicted_sworn_statement``, ``dated_before_event``."""
    description: str
    confidence: float = Field(ge=0, le=1)
    evidence: list[Evidence] = Field(min_length=1)
    source: str = "local"
    """``local`` or ``claude:<model>``."""


class Statement(Model):
    """A factual assertion another record can confirm or contradict (the input to contradiction checks)."""

    kind: Literal["contact", "visit_request", "notice_given", "icwa_inquiry", "other"]
    """What sort of fact is asserted: a contact with a person (call, visit), a request, a notice…"""
    polarity: Literal["affirmed", "denied"]
    """"mother was called on March 2" is affirmed; "mother never asked for visits" is denied."""
    subject: str | None
    """Who the statement is about (``mother``, ``father``, a name)."""
    channel: str | None = None
    """phone, email, in person, mail… when stated."""
    date: dt.date | None = None
    sworn: bool = False
    """Made in a document signed under penalty of perjury."""
    evidence: Evidence
    source: str = "local"
    """``local`` or ``claude:<model>``."""


class CauseFinding(Model):
    """What a court paper says about the cause for continuing a hearing (WIC 352)."""

    found: bool
    """True: good cause or exceptional circumstances found, or time waived; False: the paper says none was."""
    evidence: Evidence


class ScoreComponent(Model):
    factor: str
    points: int
    evidence: Evidence | None = None


class Score(Model):
    value: int = Field(ge=0, le=999)
    breakdown: list[ScoreComponent] = Field(default_factory=list)


class Scores(Model):
    micro: Score
    macro: Score
    legal: Score
    relevancy: Score


class DocumentAnalysis(Model):
    analyzer: str = "local"
    analyzer_version: str = "1"
    document_type: DocumentType = "other"
    document_date: dt.date | None = None
    title: str | None = None
    under_penalty_of_perjury: bool = False
    perjury_clause: Evidence | None = None
    docket_numbers: list[str] = Field(default_factory=list)
    """Distinct normalized dockets, the caption's first."""
    dockets: list[DocketMention] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    court_events: list[CourtEventFinding] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    good_cause: list[CauseFinding] = Field(default_factory=list)
    """Findings (or the stated absence) of good cause for a continuance, in court papers."""
    fraud_indicators: list[Indicator] = Field(default_factory=list)
    perjury_indicators: list[Indicator] = Field(default_factory=list)
    scores: Scores
    smoking_gun: bool = False
