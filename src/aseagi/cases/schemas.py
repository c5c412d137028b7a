from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from aseagi.api.fields import not_null


class CaseCreate(BaseModel):
    docket_number: str = Field(min_length=2, max_length=64, examples=["JV-2025-001234"])
    """Normalized (``jv 2025 1234`` → ``JV-2025-1234``); needs two characters besides spaces."""
    name: str | None = Field(default=None, min_length=1, max_length=200)
    case_type: str = Field(default="dependency", min_length=1, max_length=40)

    @field_validator("docket_number")
    @classmethod
    def _docket_has_characters(cls, value: str) -> str:
        if len(value.strip()) < 2:
            raise ValueError("a docket number needs at least two characters besides spaces")
        return value


class CaseUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    """``null`` clears the name."""
    case_type: Annotated[str, Field(min_length=1, max_length=40)] | SkipJsonSchema[None] = None
    external_analysis: bool | SkipJsonSchema[None] = None
    """Allow the optional Claude analyzer for this case (off by default: the records concern a minor)."""

    _not_null = not_null("case_type", "external_analysis")


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
