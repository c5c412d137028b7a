"""Sign-in for the dashboards: redeem a login code, mint one from a token, who am I, sign out."""

from __future__ import annotations

from fastapi import APIRouter

from aseagi.api.deps import ReadToken, SessionDep
from aseagi.security import sessions
from aseagi.security.schemas import LoginCodeCreated, LoginRequest, SessionStarted, SignedOut, WhoAmI

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=SessionStarted)
async def login(body: LoginRequest, session: SessionDep) -> SessionStarted:
    """Burn a single-use code (``aseagi login-link``) and start a session with its scope. Needs no token:
    the code is the credential. A used, expired or unknown code gets 401."""
    started = await sessions.redeem_login_code(session, body.code)
    return SessionStarted(
        token=started.token, name=started.name, scope=started.scope, expires_at=started.expires_at
    )


@router.post("/codes", response_model=LoginCodeCreated, status_code=201)
async def create_code(session: SessionDep, principal: ReadToken) -> LoginCodeCreated:
    """A code the caller's browser redeems (the dashboards' sign-in form): the session has this token's
    scope and ends when this token is revoked."""
    row, code = await sessions.create_form_code(session, principal)
    return LoginCodeCreated(code=code, expires_at=row.expires_at)


@router.get("/me", response_model=WhoAmI)
async def me(principal: ReadToken) -> WhoAmI:
    """The caller's token: the dashboards re-check their session with this on every rerun."""
    return WhoAmI(
        name=principal.name, scope=principal.scope, kind=principal.kind, expires_at=principal.expires_at
    )


@router.post("/logout", response_model=SignedOut)
async def logout(session: SessionDep, principal: ReadToken) -> SignedOut:
    """Sign out: the session token is revoked. API tokens are refused (``aseagi token revoke``)."""
    await sessions.end_session(session, principal)
    return SignedOut()
