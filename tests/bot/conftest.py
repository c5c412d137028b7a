"""The bot under test: the real python-telegram-bot Application, talking to a fake Bot API server over HTTP
and to the real ASEAGI app (in-process, sharing the test's rolled-back session)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from telegram.ext import Application

from aseagi.api.deps import get_session
from aseagi.app import create_app
from aseagi.bot.app import build_application
from aseagi.bot.client import CaseApi
from aseagi.bot.config import BotConfig
from aseagi.config import Settings
from aseagi.kit.retry import RetryPolicy
from tests.bot.fake_telegram import BOT_TOKEN, FakeTelegram, serve

ALLOWED = 1001
STRANGER = 6666


class SerializedTransport(httpx.AsyncBaseTransport):
    """One request at a time into the app: its requests share one test session, which is not concurrent.

    ``down`` makes the next N requests fail as a refused connection would (the API-down tests)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, lock: asyncio.Lock) -> None:
        self.inner = inner
        self.lock = lock
        self.down = 0
        self.garbled = 0
        """The next N answers are 200 with a body that is not JSON (an unexpected failure in a handler)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            self.down -= 1
            raise httpx.ConnectError("connection refused", request=request)
        if self.garbled:
            self.garbled -= 1
            return httpx.Response(200, content=b"<html>proxy page</html>", request=request)
        async with self.lock:
            return await self.inner.handle_async_request(request)


@dataclass
class Harness:
    fake: FakeTelegram
    application: Application
    transport: SerializedTransport
    db_lock: asyncio.Lock
    """Hold it while the test changes rows the bot may be reading."""


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with serve(FakeTelegram()) as server:
        yield server


def bot_config(fake: FakeTelegram, **overrides: object) -> BotConfig:
    values: dict[str, object] = {
        "token": BOT_TOKEN,
        "allowed_users": frozenset({ALLOWED}),
        "api_url": "http://api.test",
        "telegram_api_url": fake.url,
        "report_at": None,
        "page_size": 2,
        "retry": RetryPolicy(attempts=2, first_delay=0.01),
        "api_timeout": 10.0,
        "background_retries": (0.05, 0.05),
        "upload_poll": (0.05, 0.2, 10.0),
    }
    return BotConfig(**(values | overrides))  # type: ignore[arg-type]


async def start_bot(application: Application) -> None:
    """What ``Application.run_polling`` does, without owning the event loop."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.02, timeout=0)


async def stop_bot(application: Application) -> None:
    assert application.updater is not None
    await application.updater.stop()
    await application.stop()
    if application.post_stop is not None:
        await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


@pytest.fixture
async def api_transport(
    engine: AsyncEngine, session: AsyncSession, settings: Settings
) -> SerializedTransport:
    app = create_app(settings, engine=engine)

    async def test_session() -> AsyncIterator[AsyncSession]:
        yield session
        await session.commit()

    app.dependency_overrides[get_session] = test_session
    return SerializedTransport(httpx.ASGITransport(app=app), asyncio.Lock())


@pytest.fixture
async def harness(
    fake: FakeTelegram, api_transport: SerializedTransport, write_headers: dict[str, str]
) -> AsyncIterator[Harness]:
    token = write_headers["Authorization"].removeprefix("Bearer ")
    config = bot_config(fake)
    api = CaseApi(
        config.api_url, token, retry=config.retry, timeout=config.api_timeout, transport=api_transport
    )
    application = build_application(config, api)
    await start_bot(application)
    try:
        yield Harness(fake=fake, application=application, transport=api_transport, db_lock=api_transport.lock)
    finally:
        await stop_bot(application)
        await api.close()
