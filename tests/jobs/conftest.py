"""A committed, migrated database for the job machinery's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tests.fixtures.database import temporary_database

from aseagi.kit import migrate
from aseagi.kit.db import create_engine, session_factory, sqlalchemy_url


@pytest.fixture
async def sessions() -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    with temporary_database("aseagi_jobs") as url:
        migrate.upgrade(url)
        engine = create_engine(sqlalchemy_url(url), pool_size=2)
        yield session_factory(engine)
        await engine.dispose()
