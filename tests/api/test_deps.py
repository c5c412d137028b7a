"""The bearer-token dependency (``api/deps.py``): a missing, bad or revoked token is a 401 in JSON, a
token without the scope a 403."""

from __future__ import annotations

import json
import uuid
from collections.abc import MutableMapping
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from aseagi.app import create_app
from aseagi.config import Settings
from aseagi.kit.db import session_factory
from aseagi.security.tokens import create_token, revoke_token

PROTECTED = ["/cases", "/documents", "/violations", "/events", "/communications"]


@pytest.mark.parametrize("path", PROTECTED)
async def test_missing_token_is_401_json(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer nope", "Basic abc", "Bearer ", "asg_x"])
async def test_bad_token_is_401(client: httpx.AsyncClient, header: str) -> None:
    response = await client.get("/cases", headers={"Authorization": header})
    assert response.status_code == 401


async def test_revoked_token_is_401(client: httpx.AsyncClient, session: AsyncSession) -> None:
    _, secret = await create_token(session, name="soon-revoked", scope="admin")
    headers = {"Authorization": f"Bearer {secret}"}
    assert (await client.get("/cases", headers=headers)).status_code == 200
    await revoke_token(session, "soon-revoked")
    assert (await client.get("/cases", headers=headers)).status_code == 401


async def test_read_scope_cannot_write(client: httpx.AsyncClient, read_headers: dict[str, str]) -> None:
    response = await client.post("/cases", json={"docket_number": "JV-2025-000001"}, headers=read_headers)
    assert response.status_code == 403
    assert "scope" in response.json()["error"]["message"]


async def test_the_request_is_committed_before_its_response_is_sent(
    engine: AsyncEngine, settings: Settings
) -> None:
    """A client told 201 can read what it wrote at once, from any connection (the session commits when the
    endpoint returns, not after the response has gone out)."""
    app = create_app(settings, engine=engine)
    docket = f"JV-COMMIT-{uuid.uuid4().hex[:8].upper()}"
    async with session_factory(engine)() as session:
        _, secret = await create_token(session, name=f"commit-order-{docket}", scope="write")
        await session.commit()
    body = json.dumps({"docket_number": docket}).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/cases",
        "raw_path": b"/cases",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"test"),
            (b"authorization", f"Bearer {secret}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 1234),
        "server": ("test", 80),
    }
    seen: dict[str, int] = {}

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            seen["status"] = message["status"]
            async with engine.connect() as other:  # another connection: sees committed rows only
                query = text("SELECT count(*) FROM cases WHERE docket_number = :docket")
                seen["committed"] = int(await other.scalar(query, {"docket": docket}) or 0)

    try:
        await app(scope, receive, send)
        assert seen == {"status": 201, "committed": 1}
    finally:
        async with engine.begin() as conn:  # committed on purpose: leave nothing other tests could see
            await conn.execute(
                text("DELETE FROM audit_log WHERE actor = :n"), {"n": f"token:commit-order-{docket}"}
            )
            await conn.execute(text("DELETE FROM cases WHERE docket_number = :d"), {"d": docket})
            await conn.execute(
                text("DELETE FROM api_tokens WHERE name = :n"), {"n": f"commit-order-{docket}"}
            )
