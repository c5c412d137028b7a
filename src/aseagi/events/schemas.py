from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, computed_field
from pydantic.json_schema import SkipJsonSchema

from aseagi.analysis.chronology_types import EventStatus
from aseagi.analysis.schemas import EventType
from aseagi.api.fields import CaseDate, not_null


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID | None
    document_id: uuid.UUID | None
    event_date: date
    event_time: str | None
    event_type: str
    title: str
    department: str | None
    description: str | None
    source: str
    rule_id: str | None
    citation: str | None
    trigger_event_id: uuid.UUID | None
    evidence: list[dict[str, Any]]
    status: str | None = None
    """For computed deadlines: upcoming, met, late, passed, superseded or moot."""
    docket_number: str | None = None
    created_at: datetime
    event_key: str | None = None
    """The chronology's stable key of the fact (document events); corrections refer to the row id."""
    date_certainty: str | None = None
    """exact, approximate (only correspondence gives it) or conflicting (court papers disagree)."""
    mentions: int = 0
    """How many passages name the fact; they are its ``sources``."""
    disputed: bool = False
    continued_to: uuid.UUID | None = None
    """The event this hearing was continued to."""
    people: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sources(self) -> list[dict[str, Any]]:
        """Every passage naming the event (the same list as ``evidence``, under the chronology's name)."""
        return self.evidence


class EventCreate(BaseModel):
    case: str = Field(max_length=64, description="Docket number or case id.")
    event_date: CaseDate
    event_type: EventType
    title: str = Field(min_length=1, max_length=500)
    event_time: str | None = Field(default=None, max_length=40)
    department: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=20_000)
    document_id: uuid.UUID | None = None


class EventUpdate(BaseModel):
    event_date: CaseDate | SkipJsonSchema[None] = None
    event_type: EventType | SkipJsonSchema[None] = None
    title: Annotated[str, Field(min_length=1, max_length=500)] | SkipJsonSchema[None] = None
    event_time: str | None = Field(default=None, max_length=40)
    department: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=20_000)
    status: EventStatus | SkipJsonSchema[None] = None
    """A hearing's scheduled, continued, held, vacated or unknown."""

    _not_null = not_null("event_date", "event_type", "title", "status")


class EventMerge(BaseModel):
    into: uuid.UUID = Field(description="The event that keeps both events' sources.")


class EventSplit(BaseModel):
    sources: list[Annotated[str, Field(max_length=200)]] = Field(
        min_length=1,
        max_length=1000,
        description='The sources to move into an event of their own, each as "document_id:page:start".',
    )
