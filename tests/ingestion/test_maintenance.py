"""Maintenance jobs: live events are pruned after their retention, in batches, newest kept."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aseagi.ingestion.tasks import prune_old_events
from aseagi.kit import live_events
from aseagi.kit.db import transaction
from aseagi.models import LiveEvent


async def test_events_past_their_retention_are_pruned_in_batches(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with transaction(sessions) as session:
        await live_events.publish_many(session, [("document.done", {"n": i}, None) for i in range(25)])
        await session.execute(
            text(
                "UPDATE live_events SET at = now() - make_interval(days => 8) WHERE (payload->>'n')::int < 23"
            )
        )
        await live_events.publish(session, "batch.progress", {"n": "recent"})
    assert await prune_old_events(sessions, retention_days=7, batch=5) == 23
    async with sessions() as session:
        kept = (await session.scalars(select(LiveEvent.payload).order_by(LiveEvent.id))).all()
        assert [e["n"] for e in kept] == [23, 24, "recent"]
    assert await prune_old_events(sessions, retention_days=7, batch=5) == 0
    assert await prune_old_events(sessions, retention_days=0.0000001) == 3
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(LiveEvent)) == 0
