"""One LISTEN connection per API process, fanning events out to every connected client.

Workers on any machine ``publish`` (kit.live_events): a ``live_events`` row and a NOTIFY in their transaction.
Here a single psycopg connection LISTENs and copies each event into the bounded queue of every matching
subscriber. A subscriber that falls ``queue_size`` events behind is dropped (it gets ``None`` and its
socket is closed), so one slow client never holds up the others. When the LISTEN connection breaks it is
reopened and whatever was published meanwhile is read back from ``live_events``, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from aseagi.kit.live_events import CHANNEL
from aseagi.live.progress import BatchRates
from aseagi.live.schemas import BATCH_KINDS, LiveKind, LiveMessage

log = logging.getLogger(__name__)

QUEUE_SIZE = 1000
REPLAY_LIMIT = 1000
"""A resuming client gets at most this many missed events; beyond that it is told to reload (``resync``)."""
PROGRESS_INTERVAL = 1.0
"""At most one ``batch.progress`` per batch per second reaches clients, whatever the publishers do."""
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0)
RECENT_IDS = 10_000


@dataclass(eq=False)
class Subscriber:
    """One connected client's filter and queue. ``None`` in the queue means: you were dropped."""

    kinds: frozenset[str] | None
    case_id: str | None
    queue: asyncio.Queue[LiveMessage | None]
    limit: int
    overflowed: bool = False

    def wants(self, message: LiveMessage) -> bool:
        if self.kinds is not None and message.kind not in self.kinds:
            return False
        return self.case_id is None or message.case_id in (None, self.case_id)

    def offer(self, message: LiveMessage) -> bool:
        """Queue ``message``; False when the client is too far behind and must be dropped."""
        if self.overflowed:
            return False
        if self.queue.qsize() >= self.limit:
            self.overflowed = True
            self.queue.put_nowait(None)
            return False
        self.queue.put_nowait(message)
        return True


def listen_url(engine: AsyncEngine) -> str:
    """The engine's database as a libpq URL (LISTEN needs a plain psycopg connection)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class EventHub:
    engine: AsyncEngine
    queue_size: int = QUEUE_SIZE
    subscribers: set[Subscriber] = field(default_factory=set)
    listening: asyncio.Event = field(default_factory=asyncio.Event)
    """Set while the LISTEN connection is open (tests and /health-style checks wait on it)."""
    _task: asyncio.Task[None] | None = None
    _last_id: int = 0
    _recent: OrderedDict[int, None] = field(default_factory=OrderedDict)
    """Ids delivered lately: a catch-up after reconnection may overlap with notifications."""
    _progress_at: dict[str, float] = field(default_factory=dict)
    _rates: BatchRates = field(default_factory=BatchRates)

    async def start(self) -> None:
        """Start listening in the background; start-up never waits for (or fails on) the database."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="aseagi-live-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        for subscriber in list(self.subscribers):
            self.unsubscribe(subscriber)

    def subscribe(self, kinds: Collection[str] | None = None, case_id: uuid.UUID | None = None) -> Subscriber:
        subscriber = Subscriber(
            kinds=frozenset(kinds) if kinds is not None else None,
            case_id=str(case_id) if case_id else None,
            queue=asyncio.Queue(maxsize=self.queue_size + 1),
            limit=self.queue_size,
        )
        self.subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    def deliver(self, message: LiveMessage) -> None:
        """Fan one event out. Never awaits: a full queue drops its subscriber instead of blocking."""
        if message.id in self._recent:
            return
        self._recent[message.id] = None
        if len(self._recent) > RECENT_IDS:
            self._recent.popitem(last=False)
        self._last_id = max(self._last_id, message.id)
        if message.kind in BATCH_KINDS:
            message = self._with_rates(message)
            if message.kind == LiveKind.BATCH_PROGRESS and self._too_soon(message):
                return
        for subscriber in list(self.subscribers):
            if subscriber.wants(message) and not subscriber.offer(message):
                log.warning("live: dropped a client %d events behind", subscriber.limit)
                self.unsubscribe(subscriber)

    async def replay(
        self,
        after_id: int,
        kinds: Collection[str] | None = None,
        case_id: uuid.UUID | None = None,
        limit: int = REPLAY_LIMIT,
    ) -> tuple[list[LiveMessage], bool]:
        """Events after ``after_id`` (oldest first, at most ``limit``) and whether more were left out."""
        clauses = ["id > :after"]
        params: dict[str, Any] = {"after": after_id, "limit": limit + 1}
        if kinds is not None:
            clauses.append("kind = ANY(:kinds)")
            params["kinds"] = list(kinds)
        if case_id is not None:
            clauses.append("(case_id = :case_id OR case_id IS NULL)")
            params["case_id"] = case_id
        query = (
            "SELECT id, kind, case_id, payload FROM live_events WHERE "
            + " AND ".join(clauses)
            + " ORDER BY id DESC LIMIT :limit"
        )
        async with self.engine.connect() as connection:
            rows = (await connection.execute(text(query), params)).all()
        truncated = len(rows) > limit
        messages = [_message(row.id, row.kind, row.case_id, row.payload) for row in reversed(rows[:limit])]
        return messages, truncated

    def _with_rates(self, message: LiveMessage) -> LiveMessage:
        return message.model_copy(update={"payload": self._rates.enrich(dict(message.payload))})

    def _too_soon(self, message: LiveMessage) -> bool:
        job_id = str(message.payload.get("job_id") or "")
        now = time.monotonic()
        if now - self._progress_at.get(job_id, -PROGRESS_INTERVAL) < PROGRESS_INTERVAL:
            return True
        self._progress_at[job_id] = now
        return False

    async def _run(self) -> None:
        attempt = 0
        while True:
            try:
                await self._listen()
                attempt = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                delay = RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)]
                log.warning("live: LISTEN connection lost (%s); retrying in %.1fs", str(exc)[:200], delay)
                attempt += 1
            finally:
                self.listening.clear()
            await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])

    async def _listen(self) -> None:
        async with await psycopg.AsyncConnection.connect(listen_url(self.engine), autocommit=True) as conn:
            await conn.execute(f"LISTEN {CHANNEL}")
            if self._last_id:
                await self._catch_up()
            else:
                self._last_id = await self._newest_id()
            self.listening.set()
            async for notice in conn.notifies():
                message = await self._decode(notice.payload)
                if message is not None:
                    self.deliver(message)

    async def _catch_up(self) -> None:
        """After a reconnection: deliver what was published while nobody was listening."""
        while True:
            missed, more = await self.replay(self._last_id)
            for message in missed:
                self.deliver(message)
            if not more:
                return

    async def _newest_id(self) -> int:
        async with self.engine.connect() as connection:
            return int(await connection.scalar(text("SELECT coalesce(max(id), 0) FROM live_events")) or 0)

    async def _decode(self, raw: str) -> LiveMessage | None:
        try:
            body = json.loads(raw)
            event_id = int(body["id"])
        except (ValueError, KeyError, TypeError):
            log.warning("live: ignored a malformed notification %r", raw[:200])
            return None
        payload = body.get("payload")
        if payload is None:
            payload = await self._payload(event_id)
        return _message(event_id, str(body.get("kind") or ""), body.get("case_id"), payload)

    async def _payload(self, event_id: int) -> dict[str, Any]:
        """Large events come without their payload (NOTIFY's 8000-byte limit): read it from the table."""
        async with self.engine.connect() as connection:
            value = await connection.scalar(
                text("SELECT payload FROM live_events WHERE id = :id"), {"id": event_id}
            )
        return value if isinstance(value, dict) else {}


def _message(event_id: int, kind: str, case_id: object, payload: object) -> LiveMessage:
    return LiveMessage(
        id=event_id,
        kind=kind,
        case_id=str(case_id) if case_id else None,
        payload=payload if isinstance(payload, dict) else {},
    )
