"""Search results as the API returns them (``/telegram/search``; the old bot's keys are kept)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

SearchKind = Literal["document", "communication"]


class SearchResult(BaseModel):
    kind: SearchKind
    id: uuid.UUID
    """The document's id, or the communication's."""
    document_id: uuid.UUID | None
    """The document to open: the hit itself, or the communication's source document."""
    case_id: uuid.UUID | None
    title: str
    snippet: str
    """Plain text around the best match (page breaks turned into spaces)."""
    highlights: list[tuple[int, int]] = Field(default_factory=list)
    """``[start, end)`` character offsets of the matched words inside ``snippet``."""
    page: int | None
    """1-based page of the first match in a document; ``None`` for messages."""
    date: date | None
    rank: float
    file_name: str | None = None
    """The file the hit is in: the document's, or the message's source document's (``None`` without one)."""
    # The old ``communications`` row keys, which the old bot read from each message hit (``None`` for
    # documents).
    channel: str | None = None
    sender: str | None = None
    recipients: list[str] | None = None
    sent_at: datetime | None = None
    subject: str | None = None
    content: str | None = None
    """The message's full text (cut at 100,000 characters)."""


class SearchResponse(BaseModel):
    results: list[SearchResult]
    count: int
    """Matches in both tables, each counted up to 1,000 (``count_exact`` false past that)."""
    count_exact: bool
    query: str
    limit: int
    offset: int
