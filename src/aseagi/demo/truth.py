"""The ground truth of the fictional DEMO case: what a perfect analyzer would find.

Written as ``ground_truth.json`` beside the generated files, so an evaluation (or a person) can compare
the analyzer's output with what was planted. Every item names where it was planted.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from aseagi.analysis.schemas import DocumentType, EventType


class TruthModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HearingTruth(TruthModel):
    date: dt.date
    event_type: EventType
    text: str
    """The date as written next to the hearing, to find it in the file."""


class DocumentTruth(TruthModel):
    """One planted document: a file of the case, or a member inside a container file."""

    file_name: str
    """The top-level file in the case folder (the container for members)."""
    member: str | None = None
    """The name inside the container (ZIP entry, attachment, mbox message subject) or ``None``."""
    format: str
    """pdf, scanned_pdf, png, docx, rtf, html, eml, mbox, sms_xml, calls_xml, whatsapp_txt, zip, txt."""
    document_type: DocumentType
    under_penalty_of_perjury: bool = False
    text: str = ""
    """The text written into the file (before rendering to PDF or image)."""
    dockets: list[str] = Field(default_factory=list)
    """Normalized (upper case, no spaces): the key dockets are matched on."""
    docket_texts: list[str] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)
    """Normalized short forms: ``WIC 319(b)``, ``CRC 8.406(a)``, ``25 USC 1912``, ``6 Cal.4th 68``."""
    citation_texts: list[str] = Field(default_factory=list)
    dates: list[dt.date] = Field(default_factory=list)
    """Dates written in the document's text; each must be found."""
    date_texts: list[str] = Field(default_factory=list)
    incidental_dates: list[dt.date] = Field(default_factory=list)
    """Dates a parser renders from metadata (e-mail headers, message timestamps): found or not, no penalty."""
    hearings: list[HearingTruth] = Field(default_factory=list)
    negatives: list[str] = Field(default_factory=list)
    """Strings that look like dockets or dates but are not (phone numbers, zip codes, page numbers)."""


class DeadlineTruth(TruthModel):
    rule: str
    """Normalized citation of the rule, e.g. ``WIC 334``."""
    trigger: str
    trigger_date: dt.date
    due_date: dt.date
    docket: str
    computation: str
    """How the date was computed by hand, day by day where court days are involved."""
    required: bool = True
    """False for a deadline a rule yields but the case made moot: found or not, no penalty."""


class ViolationTruth(TruthModel):
    legal_basis: str
    date: dt.date
    acceptable_dates: list[dt.date] = Field(default_factory=list)
    """Other dates a correct finding may carry (the hearing instead of the service date, say)."""
    description: str
    documents: list[str]


class ContradictionTruth(TruthModel):
    description: str
    sworn_document: str
    """The file whose sworn statement is contradicted."""
    contradicting_documents: list[str]
    """Files that contradict it; a finding must name the sworn file and at least one of these."""


class FraudTruth(TruthModel):
    kind: str
    document: str
    description: str
    date: dt.date


class NegativeTruth(TruthModel):
    """Something that must not be flagged."""

    kind: str
    description: str
    documents: list[str]


class GroundTruth(TruthModel):
    case_name: str = "DEMO"
    seed: int
    today: dt.date
    """The date evaluations pass as ``today`` so upcoming/overdue is stable."""
    dockets: list[str]
    documents: list[DocumentTruth]
    hearings: list[HearingTruth]
    deadlines: list[DeadlineTruth]
    violations: list[ViolationTruth]
    contradictions: list[ContradictionTruth]
    fraud: list[FraudTruth]
    negatives: list[NegativeTruth]

    @property
    def file_names(self) -> list[str]:
        return sorted({document.file_name for document in self.documents})
