"""The bearer-token dependency (``api/deps.py``): a missing, bad or revoked token is a 401 in JSON, a
token without the scope a 403."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

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
