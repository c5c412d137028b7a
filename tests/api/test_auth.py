from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import ApiToken
from aseagi.security.tokens import create_token, hash_token, revoke_token

PROTECTED = ["/cases", "/documents", "/violations", "/events", "/communications"]


async def test_root_and_health_need_no_token(client: httpx.AsyncClient) -> None:
    root = await client.get("/")
    assert root.status_code == 200
    assert root.json()["service"] == "aseagi"
    health = await client.get("/health")
    assert health.status_code == 200
    assert health.json()["database"] == "ok"


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


async def test_tokens_are_stored_hashed_only(session: AsyncSession) -> None:
    _, secret = await create_token(session, name="hashed", scope="read")
    row = await session.scalar(select(ApiToken).where(ApiToken.name == "hashed"))
    assert row is not None
    assert row.token_hash == hash_token(secret)
    assert secret not in (row.token_hash, row.prefix)


async def test_unknown_scope_is_refused(session: AsyncSession) -> None:
    from aseagi.kit.errors import BadRequest

    with pytest.raises(BadRequest):
        await create_token(session, name="x", scope="root")
