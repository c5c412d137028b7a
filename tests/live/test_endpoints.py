"""The WebSocket stream against a real server: events from another process, resume, bad tokens, filters."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from aseagi.kit.db import create_engine, session_factory, sqlalchemy_url, transaction
from aseagi.security.tokens import revoke_token
from tests.live.running_api import create_token

PUBLISHER = Path(__file__).with_name("publisher.py")


def publish(database_url: str, kind: str, payload: dict[str, Any], count: int = 1) -> list[tuple[int, float]]:
    """Publish from a separate process, as a worker would; returns (event id, commit time) per event."""
    done = subprocess.run(
        [sys.executable, str(PUBLISHER), database_url, kind, json.dumps(payload), str(count)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return [
        (int(line.split()[0]), float(line.split()[1])) for line in done.stdout.split("\n") if line.strip()
    ]


def ws_url(api_url: str, path: str, **params: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items() if v is not None)
    return api_url.replace("http://", "ws://") + path + (f"?{query}" if query else "")


async def receive(
    ws: ClientConnection, timeout: float = 5.0, skip: tuple[str, ...] = ("heartbeat",)
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        raw = await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.monotonic()))
        message = json.loads(raw)
        if message["kind"] not in skip:
            return message


async def until_listening(ws: ClientConnection, database_url: str) -> int:
    """Publish probes until one arrives: the server's LISTEN connection is up. Returns the last id seen."""
    for _ in range(50):
        await asyncio.to_thread(publish, database_url, "probe", {})
        try:
            return int((await receive(ws, timeout=0.5))["id"])
        except TimeoutError:
            continue
    raise AssertionError("the server never delivered a probe event")


async def test_event_from_another_process_arrives_within_a_second(
    api_url: str, committed_database: str, read_token: str
) -> None:
    async with connect(ws_url(api_url, "/ws/updates", token=read_token)) as ws:
        await until_listening(ws, committed_database)
        published = await asyncio.to_thread(
            publish, committed_database, "document.done", {"document_id": "d-1", "file_name": "order.pdf"}
        )
        event_id, committed_at = published[0]
        message = await receive(ws, timeout=2)
        received_at = time.time()
    assert message["id"] == event_id
    assert message["kind"] == "document.done"
    assert message["payload"]["file_name"] == "order.pdf"
    assert received_at - committed_at < 1.0, f"took {received_at - committed_at:.3f}s"


async def test_every_client_receives_and_resume_replays_what_was_missed(
    api_url: str, committed_database: str, read_token: str
) -> None:
    async with connect(ws_url(api_url, "/ws/updates", token=read_token)) as first:
        last_seen = await until_listening(first, committed_database)
    # Disconnected: three events happen meanwhile.
    missed = await asyncio.to_thread(publish, committed_database, "violation.new", {"severity": "HIGH"}, 3)
    async with connect(ws_url(api_url, "/ws/updates", token=read_token, last_event_id=last_seen)) as again:
        replayed = [await receive(again) for _ in range(3)]
        assert [m["id"] for m in replayed] == [event_id for event_id, _ in missed]
        assert [m["payload"]["index"] for m in replayed] == [0, 1, 2]
        # Live events still flow after the replay, without the replayed ones repeated.
        live = await asyncio.to_thread(publish, committed_database, "event.new", {"title": "Hearing"})
        assert (await receive(again))["id"] == live[0][0]


async def test_resume_beyond_the_kept_window_says_resync(
    api_url: str, committed_database: str, read_token: str
) -> None:
    async with connect(ws_url(api_url, "/ws/updates", token=read_token, last_event_id=0)) as ws:
        first = await receive(ws)
    # The database has fewer than REPLAY_LIMIT events: replay from 0 is complete, starting at the oldest.
    assert first["kind"] != "resync"
    assert first["id"] >= 1


@pytest.mark.parametrize(
    "params",
    [{}, {"token": "asg_not-a-real-token"}, {"token": "asg_not-a-real-token", "last_event_id": 0}],
)
async def test_bad_or_missing_token_is_closed_with_1008(api_url: str, params: dict[str, object]) -> None:
    async with connect(ws_url(api_url, "/ws/updates", **params)) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1008
    assert "token" in closed.value.rcvd.reason


async def test_token_in_authorization_header(api_url: str, read_token: str) -> None:
    url = ws_url(api_url, "/ws/updates", heartbeat=0.3)
    async with connect(url, additional_headers={"Authorization": f"Bearer {read_token}"}) as ws:
        message = await receive(ws, skip=())
    assert message["kind"] == "heartbeat"


async def test_scanning_stream_carries_batch_progress_only_with_rate(
    api_url: str, committed_database: str, read_token: str
) -> None:
    async with connect(ws_url(api_url, "/ws/updates", token=read_token)) as everything:
        await until_listening(everything, committed_database)
    async with connect(ws_url(api_url, "/ws/scanning", token=read_token)) as ws:
        await asyncio.to_thread(publish, committed_database, "document.done", {"document_id": "x"})
        counts = {
            "discovered": 100,
            "queued": 100,
            "done": 10,
            "duplicate": 0,
            "failed": 1,
            "unsupported": 0,
            "skipped": 0,
            "pages": 40,
        }
        await asyncio.to_thread(
            publish,
            committed_database,
            "batch.progress",
            {"job_id": "job-a", "status": "running", "counts": counts},
        )
        message = await receive(ws)
    assert message["kind"] == "batch.progress"
    assert message["payload"]["counts"]["done"] == 10
    assert "docs_per_minute" in message["payload"]
    assert "eta_seconds" in message["payload"]


async def test_malformed_resume_id_is_refused(api_url: str, read_token: str) -> None:
    async with connect(ws_url(api_url, "/ws/updates", token=read_token, last_event_id="abc")) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1008


async def until_closed(ws: ClientConnection, timeout: float = 10.0) -> tuple[list[dict[str, Any]], Any]:
    """Every message until the server closes the socket, and the close frame it sent."""
    received: list[dict[str, Any]] = []
    try:
        while True:
            received.append(json.loads(await asyncio.wait_for(ws.recv(), timeout)))
    except ConnectionClosed as closed:
        return received, closed.rcvd


async def revoke(database_url: str, name: str) -> float:
    """Revoke with the code ``aseagi token revoke`` runs, from outside the server; returns when it was
    committed (the server's token cache never hears of it: only its re-check can notice)."""
    engine = create_engine(sqlalchemy_url(database_url), pool_size=1)
    try:
        async with transaction(session_factory(engine)) as session:
            await revoke_token(session, name)
    finally:
        await engine.dispose()
    return time.monotonic()


@pytest.mark.parametrize("path", ["/ws/updates", "/ws/scanning"])
async def test_a_socket_whose_token_is_revoked_is_closed_with_1008_within_5_seconds(
    api_url: str, committed_database: str, path: str
) -> None:
    name = f"soon-revoked-{path.rsplit('/', 1)[-1]}"
    token = create_token(committed_database, "read", name=name)
    async with connect(ws_url(api_url, path, token=token, heartbeat=0.3)) as ws:
        assert (await receive(ws, skip=()))["kind"] == "heartbeat"
        revoked_at = await revoke(committed_database, name)
        received, frame = await until_closed(ws)
        closed_after = time.monotonic() - revoked_at
    assert frame is not None
    assert frame.code == 1008
    assert "revoked" in frame.reason
    assert closed_after < 5.0, f"still open {closed_after:.1f}s after the revocation"
    assert {m["kind"] for m in received} <= {"heartbeat"}


async def test_after_revocation_no_event_reaches_the_old_socket(
    api_url: str, committed_database: str
) -> None:
    token = create_token(committed_database, "read", name="revoked-then-published")
    async with connect(ws_url(api_url, "/ws/updates", token=token)) as ws:
        await until_listening(ws, committed_database)
        await revoke(committed_database, "revoked-then-published")
        await asyncio.sleep(5)
        await asyncio.to_thread(publish, committed_database, "document.done", {"document_id": "secret"})
        received, frame = await until_closed(ws)
    assert frame is not None
    assert frame.code == 1008
    assert not [m for m in received if m["kind"] == "document.done"]


async def test_a_socket_whose_token_expires_is_closed_with_1008(
    api_url: str, committed_database: str
) -> None:
    token = create_token(committed_database, "read", name="expires-soon")
    with psycopg.connect(committed_database, autocommit=True) as conn:
        conn.execute(
            "UPDATE api_tokens SET expires_at = now() + interval '3 seconds' WHERE name = 'expires-soon'"
        )
    expires_at = time.monotonic() + 3
    async with connect(ws_url(api_url, "/ws/updates", token=token, heartbeat=0.3)) as ws:
        received, frame = await until_closed(ws)
    assert frame is not None
    assert frame.code == 1008
    assert time.monotonic() - expires_at < 5.0
    assert received and {m["kind"] for m in received} == {"heartbeat"}, "it was open until it expired"
