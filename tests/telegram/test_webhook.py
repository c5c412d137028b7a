"""Webhook mode end to end: the real API served over HTTP runs the real bot, Telegram is the fake server.

Telegram POSTs an update to /telegram/webhook; the bot inside the API answers it by calling the same API
over HTTP with its own token, and its reply reaches the fake Bot API server.
"""

from __future__ import annotations

import asyncio
import stat
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from aseagi.api.deps import get_session
from aseagi.app import create_app
from aseagi.bot.state import state_file
from aseagi.bot.webhook_mode import WebhookBot, own_api_url, webhook_bot
from aseagi.config import Settings, load_settings
from aseagi.telegram.webhook import SECRET_HEADER
from tests.bot.fake_telegram import BOT_TOKEN, FakeTelegram, free_port, http_server, serve

ALLOWED = 1001
SECRET = "webhook-secret_0123456789"
HOOK_URL = "https://bot.example.test/telegram/webhook"


@dataclass
class Deployment:
    fake: FakeTelegram
    http: httpx.AsyncClient
    """Talks to the API as Telegram would: no bearer token."""
    app: FastAPI
    settings: Settings


@pytest.fixture
async def deployment(
    engine: AsyncEngine,
    session: AsyncSession,
    write_headers: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Deployment]:
    monkeypatch.setenv("TELEGRAM_REPORT_TIME", "off")
    port = free_port()
    async with serve(FakeTelegram()) as fake:
        settings = Settings(
            ASEAGI_DATA_DIR=tmp_path / "data",
            ASEAGI_API_URL=f"http://127.0.0.1:{port}",
            ASEAGI_API_TOKEN=write_headers["Authorization"].removeprefix("Bearer "),
            TELEGRAM_BOT_TOKEN=BOT_TOKEN,
            TELEGRAM_ALLOWED_USERS=str(ALLOWED),
            TELEGRAM_API_URL=fake.url,
            TELEGRAM_WEBHOOK_URL=HOOK_URL,
            TELEGRAM_WEBHOOK_SECRET=SECRET,
        )
        app = create_app(settings, engine=engine)
        one_at_a_time = asyncio.Lock()  # the requests share the test's session, which is not concurrent

        async def test_session() -> AsyncIterator[AsyncSession]:
            async with one_at_a_time:
                yield session
                await session.commit()

        app.dependency_overrides[get_session] = test_session
        async with (
            http_server(app, port=port, lifespan="on") as url,
            httpx.AsyncClient(base_url=url, timeout=10) as http,
        ):
            bot: WebhookBot = app.state.telegram_bot
            for _ in range(500):
                if bot.running and any(method == "setWebhook" for method, _ in fake.calls):
                    break
                await asyncio.sleep(0.02)
            assert bot.running
            yield Deployment(fake=fake, http=http, app=app, settings=settings)


async def _post(
    deployment: Deployment, update: dict[str, object], secret: str | None = SECRET
) -> httpx.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    return await deployment.http.post("/telegram/webhook", json=update, headers=headers)


async def test_start_registers_the_webhook_with_its_secret(deployment: Deployment) -> None:
    registered = [params for method, params in deployment.fake.calls if method == "setWebhook"]
    assert len(registered) == 1
    assert registered[0]["url"] == HOOK_URL
    assert registered[0]["secret_token"] == SECRET
    assert "callback_query" in registered[0]["allowed_updates"]
    assert not any(method == "getUpdates" for method, _ in deployment.fake.calls)
    assert any(method == "setMyCommands" for method, _ in deployment.fake.calls)


async def test_an_update_with_the_secret_is_answered_through_the_api(deployment: Deployment) -> None:
    fake = deployment.fake
    response = await _post(deployment, fake.message_update(ALLOWED, "/report"))
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    reply = await fake.wait_text("DAILY REPORT")
    assert reply["chat_id"] == ALLOWED
    assert reply["parse_mode"] == "HTML"
    assert "<b>Documents:</b> 0" in reply["text"]  # the API answered: an empty database


async def test_missing_or_wrong_secret_is_refused_and_nothing_is_processed(deployment: Deployment) -> None:
    fake = deployment.fake
    missing = await _post(deployment, fake.message_update(ALLOWED, "/case"), secret=None)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthorized"
    assert SECRET_HEADER in missing.json()["error"]["message"]
    for wrong in ("", SECRET[:-1], SECRET + "x", SECRET.upper(), "Bearer " + SECRET):
        refused = await _post(deployment, fake.message_update(ALLOWED, "/case"), secret=wrong)
        assert refused.status_code == 403, wrong
        assert refused.json()["error"]["code"] == "forbidden"
    bearer = await deployment.http.post(
        "/telegram/webhook",
        json=fake.message_update(ALLOWED, "/case"),
        headers={"Authorization": f"Bearer {deployment.settings.api_token}"},
    )
    assert bearer.status_code == 401  # our own token is not the webhook's secret

    assert (await _post(deployment, fake.message_update(ALLOWED, "/help"))).status_code == 200
    await fake.wait_text("ASEAGI case assistant")
    await asyncio.sleep(0.2)
    assert len(fake.sent) == 1  # only /help was answered
    assert not any("This chat shows all cases. Choose" in s["text"] for s in fake.sent)
    assert deployment.app.state.telegram_bot.application.update_queue.empty()


async def test_a_body_that_is_not_an_update_is_a_bad_request(deployment: Deployment) -> None:
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    for body in (b"{not json", b"[1, 2]", b'{"message": {"text": "no update id"}}'):
        response = await deployment.http.post("/telegram/webhook", content=body, headers=headers)
        assert response.status_code == 400, body
        assert response.json()["error"]["code"] == "bad_request"
    huge = b'{"update_id": 1, "pad": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    too_big = await deployment.http.post("/telegram/webhook", content=huge, headers=headers)
    assert too_big.status_code == 413


async def test_the_state_file_is_private(deployment: Deployment) -> None:
    fake = deployment.fake
    await _post(deployment, fake.message_update(ALLOWED, "/case all"))
    await fake.wait_text("now shows all cases")
    path = state_file(deployment.settings.data_dir)
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


async def test_webhook_mode_off_answers_404(client: httpx.AsyncClient) -> None:
    response = await client.post("/telegram/webhook", json={"update_id": 1}, headers={SECRET_HEADER: SECRET})
    assert response.status_code == 404
    assert "TELEGRAM_WEBHOOK_SECRET" in response.json()["error"]["message"]


async def test_telegram_down_does_not_delay_the_api(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot starts in the background; until it runs, updates get 503 and Telegram delivers them later."""
    monkeypatch.setenv("TELEGRAM_REPORT_TIME", "off")
    settings = Settings(
        ASEAGI_DATA_DIR=tmp_path / "data",
        ASEAGI_API_TOKEN="asg_unused",
        TELEGRAM_BOT_TOKEN=BOT_TOKEN,
        TELEGRAM_API_URL=f"http://127.0.0.1:{free_port()}",  # nothing listens there
        TELEGRAM_WEBHOOK_URL=HOOK_URL,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
    )
    app = create_app(settings, engine=engine)
    async with (
        http_server(app, lifespan="on") as url,
        httpx.AsyncClient(base_url=url, timeout=10) as http,
    ):
        assert (await http.get("/health")).status_code == 200
        update = {
            "update_id": 1,
            "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}},
        }
        starting = await http.post("/telegram/webhook", json=update, headers={SECRET_HEADER: SECRET})
        assert starting.status_code == 503
        assert (
            await http.post("/telegram/webhook", json=update, headers={SECRET_HEADER: "x"})
        ).status_code == 403
        assert not app.state.telegram_bot.running


def test_webhook_mode_needs_both_settings_and_a_bot_token(tmp_path: Path) -> None:
    base = {"ASEAGI_DATA_DIR": tmp_path, "ASEAGI_API_TOKEN": "asg_x", "TELEGRAM_BOT_TOKEN": BOT_TOKEN}
    assert webhook_bot(load_settings(**base, TELEGRAM_WEBHOOK_URL=HOOK_URL)) is None
    assert webhook_bot(load_settings(**base, TELEGRAM_WEBHOOK_SECRET=SECRET)) is None
    no_token = {**base, "TELEGRAM_BOT_TOKEN": None}
    assert (
        webhook_bot(load_settings(**no_token, TELEGRAM_WEBHOOK_URL=HOOK_URL, TELEGRAM_WEBHOOK_SECRET=SECRET))
        is None
    )
    bot = webhook_bot(load_settings(**base, TELEGRAM_WEBHOOK_URL=HOOK_URL, TELEGRAM_WEBHOOK_SECRET=SECRET))
    assert bot is not None
    assert bot.application.updater is None
    assert bot.application.persistence is not None
    assert bot.application.bot_data["config"].state_file == tmp_path / "telegram" / "bot.pickle"
    assert bot.application.bot_data["config"].api_url == "http://127.0.0.1:8000"


def test_the_bot_calls_this_api_on_its_own_port_unless_told_otherwise(tmp_path: Path) -> None:
    assert own_api_url(Settings(ASEAGI_DATA_DIR=tmp_path, ASEAGI_API_PORT=9123)) == "http://127.0.0.1:9123"
    moved = Settings(ASEAGI_DATA_DIR=tmp_path).model_copy(update={"api_host": "0.0.0.0", "api_port": 9124})
    assert own_api_url(moved) == "http://127.0.0.1:9124"
    told = Settings(ASEAGI_DATA_DIR=tmp_path, ASEAGI_API_URL="http://api:8000", ASEAGI_API_PORT=9125)
    assert own_api_url(told) == "http://api:8000"
