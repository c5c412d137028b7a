"""What a WebSocket client receives: one JSON object per message."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

DOCUMENT_KINDS = frozenset({"document.done", "document.failed"})
BATCH_KINDS = frozenset({"batch.progress", "batch.done"})
ANALYSIS_KINDS = frozenset({"violation.new", "event.new", "event.moved", "deadline.changed"})
HEARTBEAT = "heartbeat"
RESYNC = "resync"
"""Sent when a resuming client missed more events than are replayed: it should reload its data."""


class LiveMessage(BaseModel):
    """One published event as streamed: ``id`` is what a reconnecting client passes as ``last_event_id``."""

    model_config = ConfigDict(frozen=True)

    id: int
    kind: str
    case_id: str | None = None
    payload: dict[str, Any] = {}
