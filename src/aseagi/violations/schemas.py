from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from aseagi.api.fields import CaseDate, not_null
from aseagi.models.violation import ReviewStatus, Severity


class ViolationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID | None
    document_id: uuid.UUID | None
    violation_type: str
    severity: str
    violation_date: date | None
    person: str | None
    description: str
    legal_basis: str | None
    evidence: list[dict[str, Any]]
    review_status: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    source: str
    created_at: datetime


class ViolationCreate(BaseModel):
    case: str = Field(max_length=64, description="Docket number or case id.")
    violation_type: str = Field(min_length=2, max_length=200)
    severity: Severity = Severity.MEDIUM
    violation_date: CaseDate | None = None
    person: str | None = Field(default=None, max_length=200)
    description: str = Field(min_length=2, max_length=20_000)
    legal_basis: str | None = Field(default=None, max_length=200)
    document_id: uuid.UUID | None = None
    evidence: list[dict[str, Any]] = Field(default_factory=list, max_length=50)


class ViolationUpdate(BaseModel):
    review_status: ReviewStatus | SkipJsonSchema[None] = None
    severity: Severity | SkipJsonSchema[None] = None
    description: Annotated[str, Field(min_length=2, max_length=20_000)] | SkipJsonSchema[None] = None
    legal_basis: str | None = Field(default=None, max_length=200)
    person: str | None = Field(default=None, max_length=200)
    violation_date: CaseDate | None = None

    _not_null = not_null("review_status", "severity", "description")
