"""The app factory's own routes: ``/`` and ``/health`` answer without a token, and ``/health`` says when
the database is gone."""

from __future__ import annotations

import httpx
import pytest

from aseagi.app import create_app
from aseagi.config import Settings
from aseagi.kit.db import create_engine
from tests.fixtures.database import server_url, temporary_database


async def test_root_and_health_need_no_token(client: httpx.AsyncClient) -> None:
    root = await client.get("/")
    assert root.status_code == 200
    assert root.json()["service"] == "aseagi"
    health = await client.get("/health")
    assert health.status_code == 200
    assert health.json()["database"] == "ok"


async def test_health_is_503_with_a_reason_when_the_database_is_gone(settings: Settings) -> None:
    """Drop the database under a running app: /health must say so instead of hanging or crashing."""
    with temporary_database("aseagi_health") as url:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), pool_size=1)
        app = create_app(settings, engine=engine)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            assert (await client.get("/health")).status_code == 200
            await engine.dispose()
    # the database is dropped now
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "down"
    assert body["reason"]
    await engine.dispose()


@pytest.mark.parametrize("url", ["postgresql+psycopg://postgres@127.0.0.1:1/none"])
async def test_health_when_no_server_listens(settings: Settings, url: str) -> None:
    engine = create_engine(url, pool_size=1)
    app = create_app(settings, engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/health")
        root = await client.get("/")
    assert response.status_code == 503
    assert "connect" in response.json()["reason"].lower() or response.json()["reason"]
    assert root.status_code == 200
    await engine.dispose()
    assert server_url()
