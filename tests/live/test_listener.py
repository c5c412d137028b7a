"""The fan-out itself: filters, slow subscribers dropped without blocking others, progress throttled."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from aseagi.kit.db import create_engine, sqlalchemy_url
from aseagi.live.listener import EventHub
from aseagi.live.progress import BatchRates
from aseagi.live.schemas import BATCH_KINDS, LiveMessage
from tests.live.test_endpoints import publish


@pytest.fixture
async def engine(committed_database: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlalchemy_url(committed_database), pool_size=1)
    yield engine
    await engine.dispose()


def message(event_id: int, kind: str = "document.done", **payload: object) -> LiveMessage:
    return LiveMessage(id=event_id, kind=kind, case_id=None, payload=dict(payload))


async def test_slow_subscriber_is_dropped_and_others_keep_receiving(engine: AsyncEngine) -> None:
    hub = EventHub(engine, queue_size=3)
    slow, fast = hub.subscribe(), hub.subscribe()
    received: list[int] = []
    for event_id in range(1, 8):
        hub.deliver(message(event_id))
        item = fast.queue.get_nowait()
        assert item is not None
        received.append(item.id)
    assert received == list(range(1, 8))
    assert slow.overflowed
    assert slow not in hub.subscribers
    drained = [slow.queue.get_nowait() for _ in range(slow.queue.qsize())]
    assert [m.id if m else None for m in drained] == [1, 2, 3, None]


async def test_filters_by_kind_and_case(engine: AsyncEngine) -> None:
    hub = EventHub(engine)
    batches = hub.subscribe(kinds=BATCH_KINDS)

    case = uuid.uuid4()
    one_case = hub.subscribe(case_id=case)
    hub.deliver(message(1))
    hub.deliver(LiveMessage(id=2, kind="batch.done", case_id=str(uuid.uuid4()), payload={"job_id": "j"}))
    hub.deliver(LiveMessage(id=3, kind="violation.new", case_id=str(case), payload={}))
    assert [batches.queue.get_nowait().id for _ in range(batches.queue.qsize())] == [2]  # type: ignore[union-attr]
    assert [one_case.queue.get_nowait().id for _ in range(one_case.queue.qsize())] == [1, 3]  # type: ignore[union-attr]


async def test_progress_is_throttled_per_batch_and_duplicates_ignored(engine: AsyncEngine) -> None:
    hub = EventHub(engine)
    subscriber = hub.subscribe()
    for event_id in range(1, 6):
        hub.deliver(
            message(event_id, "batch.progress", job_id="a", status="running", counts={"done": event_id})
        )
    hub.deliver(message(6, "batch.progress", job_id="b", status="running", counts={"done": 1}))
    hub.deliver(message(6, "batch.progress", job_id="b", status="running", counts={"done": 1}))
    hub.deliver(message(7, "batch.done", job_id="a", status="done", counts={"done": 5}))
    ids = [subscriber.queue.get_nowait().id for _ in range(subscriber.queue.qsize())]  # type: ignore[union-attr]
    assert ids == [1, 6, 7]


def test_rate_and_eta_from_successive_counts() -> None:
    now = [0.0]
    rates = BatchRates(clock=lambda: now[0])
    first = rates.enrich({"job_id": "j", "status": "running", "counts": {"discovered": 1000, "done": 100}})
    assert first["docs_per_minute"] is None
    assert first["eta_seconds"] is None
    now[0] = 30.0
    later = rates.enrich(
        {"job_id": "j", "status": "running", "counts": {"discovered": 1000, "done": 250, "failed": 50}}
    )
    assert later["docs_per_minute"] == 400.0  # 200 files in 30 s
    assert later["eta_seconds"] == 105  # 700 left at 400/min
    finished = rates.enrich({"job_id": "j", "status": "done", "counts": {"discovered": 1000, "done": 1000}})
    assert finished["eta_seconds"] == 0


async def test_replay_is_bounded_and_says_when_truncated(
    engine: AsyncEngine, committed_database: str
) -> None:
    ids = [
        event_id for event_id, _ in await asyncio.to_thread(publish, committed_database, "event.moved", {}, 5)
    ]
    hub = EventHub(engine)
    everything, truncated = await hub.replay(ids[0] - 1, kinds={"event.moved"})
    assert [m.id for m in everything] == ids
    assert not truncated
    newest, truncated = await hub.replay(ids[0] - 1, kinds={"event.moved"}, limit=2)
    assert [m.id for m in newest] == ids[-2:]
    assert truncated


async def test_listener_delivers_and_recovers_what_was_published_while_down(
    engine: AsyncEngine, committed_database: str
) -> None:
    hub = EventHub(engine)
    subscriber = hub.subscribe(kinds={"deadline.changed"})
    await hub.start()
    await asyncio.wait_for(hub.listening.wait(), 10)
    first = (await asyncio.to_thread(publish, committed_database, "deadline.changed", {"n": 1}))[0][0]
    assert (await asyncio.wait_for(subscriber.queue.get(), 5)).id == first  # type: ignore[union-attr]
    await hub.stop()
    subscriber = hub.subscribe(kinds={"deadline.changed"})
    while_down = (await asyncio.to_thread(publish, committed_database, "deadline.changed", {"n": 2}))[0][0]
    await hub.start()
    try:
        assert (await asyncio.wait_for(subscriber.queue.get(), 10)).id == while_down  # type: ignore[union-attr]
    finally:
        await hub.stop()
