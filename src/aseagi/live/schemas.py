"""What a WebSocket client receives: one JSON object per message."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class LiveKind(StrEnum):
    """The ``kind`` of a live event, as stored in ``live_events`` and sent to WebSocket clients."""

    DOCUMENT_DONE = "document.done"
    DOCUMENT_FAILED = "document.failed"
    BATCH_PROGRESS = "batch.progress"
    BATCH_DONE = "batch.done"
    VIOLATION_NEW = "violation.new"
    EVENT_NEW = "event.new"
    EVENT_MOVED = "event.moved"
    DEADLINE_CHANGED = "deadline.changed"
    HEARTBEAT = "heartbeat"
    """Sent by the API itself while nothing else happens."""
    RESYNC = "resync"
    """Sent when a resuming client missed more events than are replayed: it should reload its data."""


DOCUMENT_KINDS = frozenset({LiveKind.DOCUMENT_DONE, LiveKind.DOCUMENT_FAILED})
BATCH_KINDS = frozenset({LiveKind.BATCH_PROGRESS, LiveKind.BATCH_DONE})
ANALYSIS_KINDS = frozenset(
    {LiveKind.VIOLATION_NEW, LiveKind.EVENT_NEW, LiveKind.EVENT_MOVED, LiveKind.DEADLINE_CHANGED}
)
HEARTBEAT = LiveKind.HEARTBEAT
RESYNC = LiveKind.RESYNC


class LiveMessage(BaseModel):
    """One published event as streamed: ``id`` is what a reconnecting client passes as ``last_event_id``."""

    model_config = ConfigDict(frozen=True)

    id: int
    kind: str
    case_id: str | None = None
    payload: dict[str, Any] = {}
