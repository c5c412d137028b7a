"""Documents as the API shows them. The old system's ``LegalDocument`` fields keep their names."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from aseagi.api.fields import CaseDate, not_null
from aseagi.documents.status import DocumentReview


def _as_indicator_list(value: Any) -> list[dict[str, Any]]:
    """Old rows hold plain strings (or nothing); new rows hold objects with evidence."""
    if value is None:
        return []
    if isinstance(value, str):
        return [{"description": value}]
    return [item if isinstance(item, dict) else {"description": str(item)} for item in value]


class LegalDocument(BaseModel):
    """One document's row, without its text (lists return these)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID | None
    file_name: str
    docket_number: str | None
    document_type: str | None
    mime_type: str | None
    title: str | None
    document_date: date | None
    status: str
    status_reason: str | None
    page_count: int | None
    micro_score: int
    macro_score: int
    legal_score: int
    relevancy_score: int
    smoking_gun: bool
    fraud_indicators: list[dict[str, Any]] = Field(default_factory=list)
    perjury_indicators: list[dict[str, Any]] = Field(default_factory=list)
    review_status: str
    sha256: str | None
    size_bytes: int | None
    summary: str | None
    processed_at: datetime | None
    created_at: datetime

    _indicators = field_validator("fraud_indicators", "perjury_indicators", mode="before")(
        lambda value: _as_indicator_list(value)
    )


class Occurrence(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    source: str
    batch_id: uuid.UUID | None
    parent_document_id: uuid.UUID | None
    size_bytes: int | None
    seen_at: datetime


class LegalDocumentDetail(LegalDocument):
    """One document with its text (pages), analysis and chain of custody."""

    pages: list[str]
    analysis: dict[str, Any] | None
    metadata: dict[str, Any]
    user_notes: str | None
    notes: str | None
    storage_key: str | None
    ocr_pages: int
    occurrences: list[Occurrence]


class DocumentUpdate(BaseModel):
    """What a person may correct by hand."""

    docket_number: str | None = Field(default=None, min_length=2, max_length=64)
    """Normalized like a case's (``jv 2025 1234`` → ``JV-2025-1234``); ``null`` clears it."""
    document_type: str | None = Field(default=None, min_length=1, max_length=40)
    title: str | None = Field(default=None, min_length=1, max_length=500)
    document_date: CaseDate | None = None
    review_status: DocumentReview | SkipJsonSchema[None] = None
    user_notes: str | None = Field(default=None, max_length=20_000)

    _not_null = not_null("review_status")


DocumentSort = Literal["created", "relevancy", "date"]
