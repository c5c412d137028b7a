"""WebSocket streams: ``/ws/updates`` (every live event) and ``/ws/scanning`` (batch progress only).

Authentication: ``?token=`` or ``Authorization: Bearer``; a missing or bad token closes with 1008, and so
does an open socket whose token is revoked or expires (re-checked every ``TOKEN_RECHECK`` seconds).
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
TOKEN_RECHECK = 2.0
"""Seconds between re-checks of an open socket's token, bypassing the token cache: a revocation by
any process (``aseagi token revoke``) closes the socket within this time plus one database round-trip."""
REVOKED = "token revoked or expired: create one with `aseagi token create` and reconnect"


@router.websocket("/ws/updates")
async def updates(websocket: WebSocket) -> None:
    await _stream(websocket, kinds=None)


@router.websocket("/ws/scanning")
async def scanning(websocket: WebSocket) -> None:
    await _stream(websocket, kinds=BATCH_KINDS)


async def _stream(websocket: WebSocket, kinds: Collection[str] | None) -> None:
    hub: EventHub | None = getattr(websocket.app.state, "live", None)
    params = websocket.query_params
    secret = _secret(websocket, params.get("token"))
    refusal, case_id = await _admit(websocket, secret, params.get("case"))
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
        watcher = asyncio.create_task(_watch_token(websocket, secret or ""))
        done, pending = await asyncio.wait({sender, receiver, watcher}, return_when=asyncio.FIRST_COMPLETED)
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


def _secret(websocket: WebSocket, query_token: str | None) -> str | None:
    scheme, _, value = websocket.headers.get("authorization", "").partition(" ")
    return query_token or (value.strip() if scheme.lower() == "bearer" else None)


async def _admit(
    websocket: WebSocket, secret: str | None, case: str | None
) -> tuple[str | None, uuid.UUID | None]:
    """(refusal reason or None, case filter)."""
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


async def _watch_token(websocket: WebSocket, secret: str) -> None:
    """Return (closing the socket with 1008) once the token no longer authenticates. A failed look-up
    (the database briefly away) keeps the socket: nobody can revoke anything while it is away either."""
    while True:
        await asyncio.sleep(TOKEN_RECHECK)
        try:
            async with websocket.app.state.sessions() as session:
                principal = await authenticate(session, secret, fresh=True)
                await session.commit()
        except Exception as exc:
            log.warning("live: could not re-check a token (%s); will retry", type(exc).__name__)
            continue
        if principal is None:
            log.info("live: closed a socket whose token was revoked")
            with contextlib.suppress(Exception):
                await asyncio.wait_for(
                    websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason=REVOKED), SEND_TIMEOUT
                )
            return


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
