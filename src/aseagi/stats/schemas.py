"""Aggregates as the API returns them."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field


class Bucket(BaseModel):
    key: str
    count: int


class ScoreBin(BaseModel):
    score: str
    """``micro``, ``macro``, ``legal`` or ``relevancy``."""
    start: int
    """Lower bound of a 100-wide bin (0, 100 … 900)."""
    count: int


class DocumentStats(BaseModel):
    documents: int
    smoking_guns: int
    by_status: list[Bucket]
    by_type: list[Bucket]
    by_month: list[Bucket]
    """``YYYY-MM`` of the document's own date, oldest first; undated documents under ``undated``."""
    score_bins: list[ScoreBin]
    fraud_indicators: int
    perjury_indicators: int


class ViolationBucket(BaseModel):
    violation_type: str
    severity: str
    count: int


class ViolationStats(BaseModel):
    total: int
    by_severity: list[Bucket]
    by_review_status: list[Bucket]
    by_type: list[ViolationBucket]


class CitationUse(BaseModel):
    citation: str
    """The short form (``WIC 319(b)``)."""
    kind: str
    documents: int
    """How many documents cite it."""
    violations: int
    """How many findings rest on it as their legal basis."""


class Passage(BaseModel):
    document_id: uuid.UUID | None
    file_name: str | None
    page: int
    start: int
    end: int
    quote: str


class ContradictionRead(BaseModel):
    document_id: uuid.UUID
    file_name: str
    description: str
    confidence: float
    statement: Passage
    contradicting: list[Passage]


class ContradictionPage(BaseModel):
    items: list[ContradictionRead]
    count: int
    limit: int
    offset: int


class UpcomingEvent(BaseModel):
    id: uuid.UUID
    event_date: date
    event_type: str
    title: str
    citation: str | None
    document_id: uuid.UUID | None
    days_left: int


class ProcessingHealth(BaseModel):
    running_batches: int
    queued_documents: int
    failed_documents: int
    failed_last_day: int
    last_processed_at: datetime | None


class Today(BaseModel):
    """The CEO page: the few numbers that matter today."""

    today: date
    documents: int
    smoking_guns: int
    critical_violations: int
    """CRITICAL findings not dismissed."""
    next_hearing: UpcomingEvent | None
    next_deadlines: list[UpcomingEvent] = Field(default_factory=list)
    processing: ProcessingHealth
