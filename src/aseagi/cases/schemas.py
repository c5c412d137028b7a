from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class CaseCreate(BaseModel):
    docket_number: str = Field(min_length=2, max_length=64, examples=["JV-2025-001234"])
    name: str | None = Field(default=None, max_length=200)
    case_type: str = Field(default="dependency", max_length=40)


class CaseUpdate(BaseModel):
    name: str | None = Field(default=None, max_length=200)
    case_type: str | None = Field(default=None, max_length=40)
    external_analysis: bool | None = None
    """Allow the optional Claude analyzer for this case (off by default: the records concern a minor)."""


class CaseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    docket_number: str
    name: str | None
    case_type: str
    jurisdiction: str
    external_analysis: bool
    created_at: datetime


class CaseStats(CaseRead):
    documents: int = 0
    smoking_guns: int = 0
    violations: int = 0
