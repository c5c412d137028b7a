"""API tokens: created by the CLI, shown once, stored as SHA-256 only."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from aseagi.kit.errors import BadRequest, NotFound
from aseagi.models import ApiToken
from aseagi.models.security import SCOPES

TOKEN_PREFIX = "asg_"
SCOPE_RANK = {scope: rank for rank, scope in enumerate(SCOPES)}
LAST_USED_RESOLUTION = timedelta(minutes=1)
"""``last_used_at`` is written at most this often per token, so reads stay reads."""
CACHE_SECONDS = 5.0
"""A valid token is trusted this long without a database look-up. A revocation by another process
(``aseagi token revoke``) takes effect within this time; one in this process, at once."""
_cache: dict[str, tuple[float, Principal]] = {}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def scope_allows(granted: str, needed: str) -> bool:
    return SCOPE_RANK[granted] >= SCOPE_RANK[needed]


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's name (for the audit log) and what it may do."""

    token_id: uuid.UUID
    name: str
    scope: str
    kind: str = "api"
    """``session`` for a dashboard sign-in (see ``security.sessions``)."""
    expires_at: datetime | None = None

    @property
    def actor(self) -> str:
        return f"token:{self.name}"


async def create_token(
    session: AsyncSession,
    *,
    name: str,
    scope: str,
    kind: str = "api",
    expires_at: datetime | None = None,
    parent_id: uuid.UUID | None = None,
) -> tuple[ApiToken, str]:
    if scope not in SCOPES:
        raise BadRequest(f"unknown scope {scope!r}: use one of {', '.join(SCOPES)}")
    if not name.strip() or len(name) > 100:
        raise BadRequest("a token needs a name of 1 to 100 characters")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        name=name.strip(),
        token_hash=hash_token(secret),
        prefix=secret[:10],
        scope=scope,
        kind=kind,
        expires_at=expires_at,
        parent_id=parent_id,
    )
    session.add(row)
    await session.flush()
    return row, secret


async def list_tokens(session: AsyncSession) -> list[ApiToken]:
    return list((await session.scalars(select(ApiToken).order_by(ApiToken.created_at))).all())


async def revoke_token(session: AsyncSession, name_or_prefix: str) -> int:
    """Revoke by name, id or the shown prefix. Returns how many tokens were revoked."""
    query = update(ApiToken).where(ApiToken.revoked_at.is_(None))
    try:
        token_id = uuid.UUID(name_or_prefix)
        query = query.where(ApiToken.id == token_id)
    except ValueError:
        query = query.where((ApiToken.name == name_or_prefix) | (ApiToken.prefix == name_or_prefix))
    result = await session.execute(query.values(revoked_at=datetime.now(UTC)))
    count = int(result.rowcount or 0)  # type: ignore[attr-defined]
    _cache.clear()
    if count == 0:
        raise NotFound(f"no active token named {name_or_prefix!r}: see `aseagi token list`")
    return count


async def authenticate(session: AsyncSession, secret: str, *, fresh: bool = False) -> Principal | None:
    """The token's principal, or None when it is unknown or revoked. ``fresh`` skips the cache: an open
    WebSocket re-checks with it, so a revocation by another process closes it within its re-check time."""
    digest = hash_token(secret)
    cached = None if fresh else _cache.get(digest)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    parent = aliased(ApiToken)
    found = (
        await session.execute(
            select(ApiToken, parent)
            .outerjoin(parent, parent.id == ApiToken.parent_id)
            .where(ApiToken.token_hash == digest)
        )
    ).first()
    now = datetime.now(UTC)
    row, parent_row = found if found is not None else (None, None)
    if row is None or not _live(row, now) or (parent_row is not None and not _live(parent_row, now)):
        _cache.pop(digest, None)
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        row.last_used_at = now
    principal = Principal(
        token_id=row.id, name=row.name, scope=row.scope, kind=row.kind, expires_at=row.expires_at
    )
    if len(_cache) > 10_000:
        _cache.clear()
    trusted = (
        CACHE_SECONDS
        if row.expires_at is None
        else min(CACHE_SECONDS, (row.expires_at - now).total_seconds())
    )
    _cache[digest] = (time.monotonic() + trusted, principal)
    return principal


def _live(row: ApiToken, now: datetime) -> bool:
    return row.revoked_at is None and (row.expires_at is None or row.expires_at > now)
