from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from aseagi.api.deps import get_session
from aseagi.app import create_app
from aseagi.config import Settings
from aseagi.kit import migrate
from aseagi.kit.db import create_engine, sqlalchemy_url
from aseagi.security.tokens import create_token
from tests.fixtures.database import temporary_database

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CORPUS_DIR") or ROOT.parent / "shared" / "corpus")


@pytest.fixture(autouse=True)
def _keep_main_module() -> Iterator[None]:
    """Streamlit's AppTest runs a page as ``__main__`` and leaves it there; every process a later test
    starts (forkserver, spawn) would then run that page again as its own ``__main__`` and die."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A migrated database for the whole run."""
    with temporary_database() as url:
        migrate.upgrade(url)
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlalchemy_url(database_url), pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session inside a transaction that is rolled back after the test: each test sees a clean database."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        session = AsyncSession(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield session
        finally:
            await session.close()
            await transaction.rollback()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(ASEAGI_DATA_DIR=tmp_path / "data")  # type: ignore[call-arg]


@pytest.fixture
async def client(
    engine: AsyncEngine, session: AsyncSession, settings: Settings
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app over ASGI, its requests sharing the test's rolled-back transaction."""
    app = create_app(settings, engine=engine)

    async def test_session() -> AsyncIterator[AsyncSession]:
        yield session
        await session.commit()

    app.dependency_overrides[get_session] = test_session
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def _token(session: AsyncSession, scope: str) -> dict[str, str]:
    _, secret = await create_token(session, name=f"test-{scope}", scope=scope)
    await session.flush()
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
async def read_headers(session: AsyncSession) -> dict[str, str]:
    return await _token(session, "read")


@pytest.fixture
async def write_headers(session: AsyncSession) -> dict[str, str]:
    return await _token(session, "write")


@pytest.fixture
async def admin_headers(session: AsyncSession) -> dict[str, str]:
    return await _token(session, "admin")
