"""Dashboard sessions: single-use sign-in codes (Jupyter's ``/?login=CODE``) and the tokens they become.

A session is an API token of kind ``session``: it expires, it is named after who signed in (so the audit
log shows who), and when it was started with another token it ends when that token is revoked. The
browser holds it in a cookie; signing out revokes it.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.kit import audit
from aseagi.kit.errors import BadRequest, Unauthorized
from aseagi.models import ApiToken, LoginCode
from aseagi.models.security import SCOPES
from aseagi.security import tokens
from aseagi.security.tokens import Principal

DEFAULT_SESSION_MINUTES = 12 * 60
MAX_SESSION_MINUTES = 30 * 24 * 60
FORM_CODE_MINUTES = 2
"""A code minted by the sign-in form is redeemed by the same browser at once."""
NAME_LIMIT = 100
USED_OR_EXPIRED = "this sign-in link was already used or has expired: run `aseagi login-link` for a fresh one"


@dataclass(frozen=True)
class StartedSession:
    """A session just started. ``token`` is its secret, shown once (it goes into the browser's cookie)."""

    token: str
    name: str
    """The session token's name: the audit log's actor is ``token:<name>``."""
    scope: str
    expires_at: datetime


def _minutes(minutes: int) -> int:
    if not 1 <= minutes <= MAX_SESSION_MINUTES:
        raise BadRequest(f"a session lasts 1 to {MAX_SESSION_MINUTES} minutes, not {minutes}")
    return minutes


async def create_login_code(
    session: AsyncSession,
    *,
    name: str,
    scope: str,
    session_minutes: int = DEFAULT_SESSION_MINUTES,
    valid_minutes: int | None = None,
    parent_id: uuid.UUID | None = None,
) -> tuple[LoginCode, str]:
    """A code good for one sign-in within ``valid_minutes`` (default: as long as the session would last)."""
    if scope not in SCOPES:
        raise BadRequest(f"unknown scope {scope!r}: use one of {', '.join(SCOPES)}")
    name = name.strip()[:NAME_LIMIT]
    if not name:
        raise BadRequest("a sign-in link needs a name (who will use it)")
    session_minutes = _minutes(session_minutes)
    code = secrets.token_urlsafe(32)
    row = LoginCode(
        code_hash=tokens.hash_token(code),
        name=name,
        scope=scope,
        session_minutes=session_minutes,
        parent_id=parent_id,
        expires_at=datetime.now(UTC) + timedelta(minutes=valid_minutes or session_minutes),
    )
    session.add(row)
    await session.flush()
    return row, code


async def redeem_login_code(session: AsyncSession, code: str) -> StartedSession:
    """Burn the code and start its session. The burn is one conditional UPDATE, so two redemptions of
    the same code cannot both succeed."""
    now = datetime.now(UTC)
    row = await session.scalar(
        update(LoginCode)
        .where(
            LoginCode.code_hash == tokens.hash_token(code),
            LoginCode.used_at.is_(None),
            LoginCode.expires_at > now,
        )
        .values(used_at=now)
        .returning(LoginCode)
    )
    if row is None:
        raise Unauthorized(USED_OR_EXPIRED)
    if row.parent_id is not None:
        parent = await session.get(ApiToken, row.parent_id)
        if parent is None or parent.revoked_at is not None:
            raise Unauthorized("the token this sign-in came from was revoked: sign in with another")
    return await _start(
        session,
        name=row.name,
        scope=row.scope,
        minutes=row.session_minutes,
        parent_id=row.parent_id,
        via="login link" if row.parent_id is None else "token",
    )


async def create_form_code(session: AsyncSession, principal: Principal) -> tuple[LoginCode, str]:
    """A code for the sign-in form: a session started with an API token, ending when that token does."""
    if principal.kind == "session":
        raise BadRequest("this is already a session token: sign in with an API token (`aseagi token create`)")
    return await create_login_code(
        session,
        name=f"{principal.name} (dashboard)",
        scope=principal.scope,
        valid_minutes=FORM_CODE_MINUTES,
        parent_id=principal.token_id,
    )


async def end_session(session: AsyncSession, principal: Principal) -> None:
    """Sign out: revoke the session token at once (in this process; others within their token cache)."""
    if principal.kind != "session":
        raise BadRequest(
            "this is an API token, not a dashboard session: revoke it with `aseagi token revoke NAME`"
        )
    await tokens.revoke_token(session, str(principal.token_id))
    await audit.record(
        session,
        actor=principal.actor,
        action="session.end",
        resource_type="api_token",
        resource_id=principal.token_id,
    )


async def _start(
    session: AsyncSession, *, name: str, scope: str, minutes: int, parent_id: uuid.UUID | None, via: str
) -> StartedSession:
    expires_at = datetime.now(UTC) + timedelta(minutes=minutes)
    row, secret = await tokens.create_token(
        session, name=name, scope=scope, kind="session", expires_at=expires_at, parent_id=parent_id
    )
    await audit.record(
        session,
        actor=f"token:{row.name}",
        action="session.start",
        resource_type="api_token",
        resource_id=row.id,
        detail={"via": via, "scope": scope, "expires_at": expires_at.isoformat()},
    )
    return StartedSession(token=secret, name=row.name, scope=scope, expires_at=expires_at)
