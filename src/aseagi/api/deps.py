"""Request dependencies: the session (which owns commit/rollback), the caller's token, paging."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.config import Settings
from aseagi.kit.errors import Forbidden, Unauthorized
from aseagi.security.tokens import Principal, authenticate, scope_allows


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessions() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
"""``scope="function"``: the commit runs when the endpoint returns, before the response is sent. With the
default scope FastAPI sends the response first, so a client could read before the write it was told
about was committed, and be told 2xx about a write whose commit then failed."""


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def require(scope: str) -> Callable[..., Coroutine[Any, Any, Principal]]:
    async def dependency(request: Request, session: SessionDep) -> Principal:
        secret = bearer_token(request)
        if secret is None:
            raise Unauthorized("missing token: send 'Authorization: Bearer <token>' (aseagi token create)")
        principal = await authenticate(session, secret)
        if principal is None:
            raise Unauthorized("invalid or revoked token: create one with `aseagi token create`")
        if not scope_allows(principal.scope, scope):
            raise Forbidden(f"this token's scope is {principal.scope!r}; this needs {scope!r}")
        request.state.principal = principal
        return principal

    return dependency


ReadToken = Annotated[Principal, Depends(require("read"))]
WriteToken = Annotated[Principal, Depends(require("write"))]
AdminToken = Annotated[Principal, Depends(require("admin"))]

Limit = Annotated[int, Query(ge=1, le=500, description="Page size (at most 500).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
