"""API tokens: stored as a hash only, with a known scope."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import ApiToken
from aseagi.security.tokens import create_token, hash_token


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
