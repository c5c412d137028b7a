"""Responses of ``/telegram/*``. The keys the existing bot reads (``results``, ``events``, ``violations``,
``actions``, ``deadlines``, ``count``, and the report's ``total_documents``, ``smoking_guns``, ``violations``,
``status``) are a contract; everything else is added."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

ActionKind = Literal[
    "deadline", "hearing", "smoking_gun", "critical_violation", "high_violation", "failed_document"
]


class TimelineEvent(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID | None
    document_id: uuid.UUID | None
    date: date
    time: str | None
    event_type: str
    title: str
    department: str | None
    description: str | None
    source: str
    rule_id: str | None
    citation: str | None
    days_from_today: int
    status: str | None = None
    """A hearing's scheduled, continued, held or vacated; a deadline's upcoming, met, late, passed…"""
    sources: list[dict[str, Any]] = Field(default_factory=list)
    """Every passage naming the event: document_id, page, start, end, quote."""
    mentions: int = 0
    """How many passages name it (the event is listed once however many papers repeat it)."""
    date_certainty: str | None = None
    """exact, approximate (only correspondence gives it) or conflicting (court papers disagree)."""
    disputed: bool = False
    continued_to: uuid.UUID | None = None
    """The event (row id) this hearing was continued to."""
    people: list[str] = Field(default_factory=list)
    event_key: str | None = None
    docket: str | None = None


class TimelineResponse(BaseModel):
    events: list[TimelineEvent]
    count: int
    date_from: date = Field(serialization_alias="from")
    date_to: date = Field(serialization_alias="to")
    limit: int
    offset: int


class ViolationItem(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID | None
    violation_type: str
    severity: str
    date: date | None
    person: str | None
    description: str
    legal_basis: str | None
    review_status: str
    document_id: uuid.UUID | None
    document_name: str | None
    """The source document's file name, when the finding came from one."""


class ViolationsResponse(BaseModel):
    violations: list[ViolationItem]
    count: int
    critical: int
    """CRITICAL findings among ``count`` (dismissed ones excluded from neither: the list is the record)."""
    limit: int
    offset: int


class ActionItem(BaseModel):
    kind: ActionKind
    priority: int
    """1 is most urgent: deadlines, then smoking guns to review, critical violations to verify, failures."""
    id: uuid.UUID
    case_id: uuid.UUID | None
    document_id: uuid.UUID | None
    title: str
    detail: str | None
    date: date | None
    days_left: int | None
    """Deadlines and hearings: days from today to the date."""
    citation: str | None
    source: Literal["court_event", "legal_violation", "legal_document"] = "court_event"
    """The table ``id`` is a row of: the event, flag or document the action comes from."""
    event_id: uuid.UUID | None = None
    """For a deadline, the event it counts from (a hearing, an order…)."""
    documents: list[str] = Field(default_factory=list)
    """For a hearing, the files that bear on it (its sources)."""


class ActionsResponse(BaseModel):
    actions: list[ActionItem]
    count: int
    counts: dict[str, int]
    """``count`` split by kind."""
    horizon_days: int
    limit: int
    offset: int


class UpcomingEvent(BaseModel):
    id: uuid.UUID
    date: date
    time: str | None
    event_type: str
    title: str
    citation: str | None
    days_left: int


class ReportResponse(BaseModel):
    total_documents: int
    smoking_guns: int
    violations: int
    status: Literal["ok", "processing", "attention"]
    """``attention`` when documents failed, ``processing`` while some are queued, else ``ok``."""
    documents_by_status: dict[str, int]
    critical_violations: int
    new_documents_since_yesterday: int
    communications: int
    next_hearing: UpcomingEvent | None
    next_deadline: UpcomingEvent | None
    processing_rate_per_minute: float
    """Documents finished per minute by the running bulk jobs (0 when none runs)."""
    running_batches: int
    today: date
    generated_at: datetime
    """When these figures were computed; the report is cached for a few seconds."""


class DeadlineItem(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID | None
    date: date
    title: str
    rule_id: str | None
    citation: str | None
    description: str | None
    trigger_event_id: uuid.UUID | None
    days_left: int


class DeadlinesResponse(BaseModel):
    deadlines: list[DeadlineItem]
    count: int
    date_from: date = Field(serialization_alias="from")
    limit: int
    offset: int


class AccessAttempt(BaseModel):
    """A Telegram user the bot refused; recorded in the audit log."""

    telegram_user_id: int
    username: str | None = Field(default=None, max_length=64)
    chat_id: int | None = None
    command: str | None = Field(default=None, max_length=200)
