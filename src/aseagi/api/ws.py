"""WebSocket streams: ``/ws/updates`` (every live event) and ``/ws/scanning`` (batch progress only).

Authentication: ``?token=`` or ``Authorization: Bearer``; a missing or bad token closes with 1008.
Resuming: ``?last_event_id=N`` first replays what was published after N (at most REPLAY_LIMIT events;
beyond that a ``resync`` message says to reload). A ``heartbeat`` message comes every ``?heartbeat=``
seconds (default 15) when nothing else was sent. A client too slow to keep up is closed with 1013.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Collection
from datetime import UTC, datetime

from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status

from aseagi.cases.service import resolve_optional
from aseagi.kit.errors import NotFound
from aseagi.live.listener import EventHub, Subscriber
from aseagi.live.schemas import BATCH_KINDS, HEARTBEAT, RESYNC
from aseagi.security.tokens import authenticate

log = logging.getLogger(__name__)
router = APIRouter(tags=["live"])

DEFAULT_HEARTBEAT = 15.0
SEND_TIMEOUT = 5.0
"""A send that does not complete in this time means the client stopped reading: it is dropped."""
CLOSE_TOO_SLOW = 1013


@router.websocket("/ws/updates")
async def updates(websocket: WebSocket) -> None:
    await _stream(websocket, kinds=None)


@router.websocket("/ws/scanning")
async def scanning(websocket: WebSocket) -> None:
    await _stream(websocket, kinds=BATCH_KINDS)


async def _stream(websocket: WebSocket, kinds: Collection[str] | None) -> None:
    hub: EventHub | None = getattr(websocket.app.state, "live", None)
    params = websocket.query_params
    refusal, case_id = await _admit(websocket, params.get("token"), params.get("case"))
    await websocket.accept()
    if refusal is not None:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason=refusal)
        return
    if hub is None:
        await websocket.close(code=status.WS_1011_INTERNAL_ERROR, reason="live updates are not running")
        return
    try:
        last_id = int(params["last_event_id"]) if params.get("last_event_id") else None
        heartbeat = min(60.0, max(0.2, float(params.get("heartbeat") or DEFAULT_HEARTBEAT)))
    except ValueError:
        await websocket.close(
            code=status.WS_1008_POLICY_VIOLATION, reason="last_event_id and heartbeat are numbers"
        )
        return
    subscriber = hub.subscribe(kinds, case_id)
    try:
        sender = asyncio.create_task(
            _send_loop(websocket, hub, subscriber, last_id, heartbeat, kinds, case_id)
        )
        receiver = asyncio.create_task(_drain(websocket))
        done, pending = await asyncio.wait({sender, receiver}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for task in done:
            if not task.cancelled() and (error := task.exception()) is not None:
                log.info("live: connection ended: %s", error)
    finally:
        hub.unsubscribe(subscriber)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(websocket.close(), SEND_TIMEOUT)


async def _admit(
    websocket: WebSocket, query_token: str | None, case: str | None
) -> tuple[str | None, uuid.UUID | None]:
    """(refusal reason or None, case filter)."""
    scheme, _, value = websocket.headers.get("authorization", "").partition(" ")
    secret = query_token or (value.strip() if scheme.lower() == "bearer" else None)
    if not secret:
        return "missing token: pass ?token= or 'Authorization: Bearer <token>' (aseagi token create)", None
    async with websocket.app.state.sessions() as session:
        principal = await authenticate(session, secret)
        if principal is None:
            return "invalid or revoked token: create one with `aseagi token create`", None
        try:
            case_id = await resolve_optional(session, case)
        except NotFound as exc:
            return exc.message, None
        await session.commit()
    return None, case_id


async def _send_loop(
    websocket: WebSocket,
    hub: EventHub,
    subscriber: Subscriber,
    last_id: int | None,
    heartbeat: float,
    kinds: Collection[str] | None,
    case_id: uuid.UUID | None,
) -> None:
    sent: set[int] = set()
    if last_id is not None:
        missed, truncated = await hub.replay(last_id, kinds, case_id)
        if truncated:
            await _send(
                websocket, {"kind": RESYNC, "reason": "more events were missed than are kept: reload"}
            )
        for old in missed:
            await _send(websocket, old.model_dump(mode="json"))
            sent.add(old.id)
    while True:
        try:
            message = await asyncio.wait_for(subscriber.queue.get(), heartbeat)
        except TimeoutError:
            await _send(websocket, {"kind": HEARTBEAT, "at": datetime.now(UTC).isoformat()})
            continue
        if message is None:
            await websocket.close(code=CLOSE_TOO_SLOW, reason="too far behind: reconnect with last_event_id")
            return
        if message.id in sent:
            sent.discard(message.id)
            continue
        await _send(websocket, message.model_dump(mode="json"))


async def _send(websocket: WebSocket, body: dict[str, object]) -> None:
    await asyncio.wait_for(websocket.send_json(body), SEND_TIMEOUT)


async def _drain(websocket: WebSocket) -> None:
    """Read (and ignore) what the client sends, so a disconnect is noticed at once."""
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
