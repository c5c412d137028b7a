"""Live events: a row in ``live_events`` (so a reconnecting client can resume) and a NOTIFY.

Workers on any machine publish in the same transaction as the change they announce, so listeners never
hear of a change that was rolled back. The API LISTENs and fans events out to WebSocket clients.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

CHANNEL = "aseagi_events"
NOTIFY_LIMIT = 7000
"""PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; bigger events are fetched by id."""


async def publish(
    session: AsyncSession, kind: str, payload: dict[str, Any], *, case_id: uuid.UUID | None = None
) -> int:
    body = json.dumps(payload, default=str)
    event_id = await session.scalar(
        text(
            "INSERT INTO live_events (kind, case_id, payload) "
            "VALUES (:kind, :case_id, CAST(:payload AS jsonb)) RETURNING id"
        ),
        {"kind": kind, "case_id": case_id, "payload": body},
    )
    message: dict[str, Any] = {"id": event_id, "kind": kind, "case_id": str(case_id) if case_id else None}
    if len(body) < NOTIFY_LIMIT - 200:
        message["payload"] = payload
    await session.execute(
        text("SELECT pg_notify(:channel, :message)"),
        {"channel": CHANNEL, "message": json.dumps(message, default=str)},
    )
    return int(event_id or 0)


PUBLISH_MANY = text(
    """
    WITH inserted AS (
        INSERT INTO live_events (kind, case_id, payload)
        SELECT * FROM unnest(CAST(:kinds AS text[]), CAST(:cases AS uuid[]), CAST(:payloads AS jsonb[]))
        RETURNING id, kind, case_id, payload
    )
    SELECT count(pg_notify(:channel, json_build_object(
        'id', id, 'kind', kind, 'case_id', case_id,
        'payload', CASE WHEN octet_length(payload::text) < :limit THEN payload END)::text))
    FROM inserted
    """
)


async def publish_many(
    session: AsyncSession, items: list[tuple[str, dict[str, Any], uuid.UUID | None]]
) -> None:
    """Publish many events in one round trip (a worker announcing a chunk of documents)."""
    if not items:
        return
    await session.execute(
        PUBLISH_MANY,
        {
            "kinds": [kind for kind, _, _ in items],
            "cases": [case_id for _, _, case_id in items],
            "payloads": [json.dumps(payload, default=str) for _, payload, _ in items],
            "channel": CHANNEL,
            "limit": NOTIFY_LIMIT - 200,
        },
    )


PRUNE = text(
    "DELETE FROM live_events WHERE id IN (SELECT id FROM live_events WHERE at < now() - make_interval("
    "secs => :seconds) ORDER BY at LIMIT :limit)"
)


async def prune(session: AsyncSession, *, older_than_seconds: float, limit: int = 10_000) -> int:
    """Delete up to ``limit`` events older than the given age (oldest first); returns how many.

    Ingestion publishes one event per document: without pruning, a data lake leaves millions of rows.
    Events only serve clients that reconnect within minutes; the batches and documents keep the record.
    """
    result = await session.execute(PRUNE, {"seconds": older_than_seconds, "limit": limit})
    return int(getattr(result, "rowcount", 0) or 0)
