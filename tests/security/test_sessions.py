"""Dashboard sessions over the real app: login codes redeemed once, scopes kept, sign-out, expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import ApiToken, AuditEntry, LoginCode
from aseagi.security import sessions
from aseagi.security.tokens import create_token, hash_token, revoke_token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def login(client: httpx.AsyncClient, code: str) -> httpx.Response:
    return await client.post("/auth/login", json={"code": code})


async def test_a_login_code_signs_in_once(client: httpx.AsyncClient, session: AsyncSession) -> None:
    _, code = await sessions.create_login_code(session, name="parent (login link)", scope="write")
    first = await login(client, code)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["name"] == "parent (login link)"
    assert body["scope"] == "write"
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(hours=11, minutes=59) < expires - datetime.now(UTC) <= timedelta(hours=12)
    assert (await client.get("/cases", headers=bearer(body["token"]))).status_code == 200
    again = await login(client, code)
    assert again.status_code == 401
    assert "already used or has expired" in again.json()["error"]["message"]
    assert "aseagi login-link" in again.json()["error"]["message"]


async def test_codes_are_stored_hashed_and_unknown_ones_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    row, code = await sessions.create_login_code(session, name="x", scope="read")
    assert row.code_hash == hash_token(code)
    stored = await session.scalar(select(LoginCode).where(LoginCode.id == row.id))
    assert stored is not None
    assert code not in (stored.code_hash, stored.name)
    assert (await login(client, code + "x")).status_code == 401
    assert (await login(client, "")).status_code == 422
    assert (await login(client, "a" * 201)).status_code == 422


async def test_an_expired_code_is_refused(client: httpx.AsyncClient, session: AsyncSession) -> None:
    row, code = await sessions.create_login_code(session, name="late", scope="read")
    row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    await session.flush()
    assert (await login(client, code)).status_code == 401


async def test_a_read_session_reads_but_cannot_write(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, code = await sessions.create_login_code(session, name="reader", scope="read")
    token = (await login(client, code)).json()["token"]
    assert (await client.get("/violations", headers=bearer(token))).status_code == 200
    refused = await client.post("/cases", json={"docket_number": "JV-2026-000123"}, headers=bearer(token))
    assert refused.status_code == 403
    assert "'read'" in refused.json()["error"]["message"]


async def test_me_and_sign_out_are_audited_under_the_session_name(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, code = await sessions.create_login_code(session, name="alice (login link)", scope="read")
    token = (await login(client, code)).json()["token"]
    me = (await client.get("/auth/me", headers=bearer(token))).json()
    assert me["name"] == "alice (login link)"
    assert me["kind"] == "session"
    assert me["expires_at"] is not None
    signed_out = await client.post("/auth/logout", headers=bearer(token))
    assert signed_out.status_code == 200
    assert signed_out.json() == {"signed_out": True}
    assert (await client.get("/cases", headers=bearer(token))).status_code == 401
    actions = (
        await session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.actor == "token:alice (login link)")
            .order_by(AuditEntry.id)
        )
    ).all()
    assert actions == ["session.start", "session.end"]


async def test_an_api_token_cannot_be_signed_out(
    client: httpx.AsyncClient, read_headers: dict[str, str]
) -> None:
    refused = await client.post("/auth/logout", headers=read_headers)
    assert refused.status_code == 400
    assert "aseagi token revoke" in refused.json()["error"]["message"]
    assert (await client.get("/cases", headers=read_headers)).status_code == 200


async def test_a_session_from_a_token_ends_when_that_token_is_revoked(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, api_token = await create_token(session, name="bob", scope="write")
    minted = await client.post("/auth/codes", headers=bearer(api_token))
    assert minted.status_code == 201
    started = (await login(client, minted.json()["code"])).json()
    assert started["name"] == "bob (dashboard)"
    assert started["scope"] == "write"
    assert (await client.get("/cases", headers=bearer(started["token"]))).status_code == 200
    refused = await client.post("/auth/codes", headers=bearer(started["token"]))
    assert refused.status_code == 400  # a session cannot mint further sessions
    await revoke_token(session, "bob")
    assert (await client.get("/cases", headers=bearer(started["token"]))).status_code == 401


async def test_a_code_from_a_since_revoked_token_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, api_token = await create_token(session, name="carol", scope="read")
    code = (await client.post("/auth/codes", headers=bearer(api_token))).json()["code"]
    await revoke_token(session, "carol")
    assert (await login(client, code)).status_code == 401


async def test_an_expired_session_is_refused(client: httpx.AsyncClient, session: AsyncSession) -> None:
    _, code = await sessions.create_login_code(session, name="dave", scope="read")
    token = (await login(client, code)).json()["token"]
    await session.execute(
        update(ApiToken)
        .where(ApiToken.token_hash == hash_token(token))
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    assert (await client.get("/auth/me", headers=bearer(token))).status_code == 401


@pytest.mark.parametrize("minutes", [0, sessions.MAX_SESSION_MINUTES + 1])
async def test_session_length_is_bounded(session: AsyncSession, minutes: int) -> None:
    from aseagi.kit.errors import BadRequest

    with pytest.raises(BadRequest):
        await sessions.create_login_code(session, name="x", scope="read", session_minutes=minutes)
