"""``POST /telegram/webhook``: where Telegram pushes the bot's updates in webhook mode.

Webhook mode is on when ``TELEGRAM_WEBHOOK_URL`` and ``TELEGRAM_WEBHOOK_SECRET`` are both set; the API
then runs the bot (``aseagi.bot.webhook_mode``) from its lifespan, via ``start`` and ``stop`` below.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated

from fastapi import APIRouter, Header, Request

from aseagi.bot.webhook_mode import WebhookBot, webhook_bot
from aseagi.config import Settings
from aseagi.kit.errors import (
    BadRequest,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    Unauthorized,
)

log = logging.getLogger(__name__)

router = APIRouter(prefix="/telegram", tags=["telegram"])

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024
"""Telegram's updates are a few kilobytes (files are fetched separately); anything larger is not one."""


def _bot(request: Request) -> WebhookBot | None:
    bot: WebhookBot | None = getattr(request.app.state, "telegram_bot", None)
    return bot


@router.post("/webhook")
async def webhook(
    request: Request,
    secret: Annotated[str | None, Header(alias=SECRET_HEADER, include_in_schema=False)] = None,
) -> dict[str, bool]:
    """One update from Telegram, answered by the bot running in this process.

    The one endpoint besides ``/`` and ``/health`` that takes no bearer token: Telegram cannot send
    ours. It is authenticated instead by the secret Telegram repeats in ``X-Telegram-Bot-Api-Secret-Token``
    (``TELEGRAM_WEBHOOK_SECRET``, registered with setWebhook): missing → 401, wrong → 403, and the body is
    not read. The update is queued and answered 200 at once; a 503 (bot still starting) makes Telegram
    deliver it again later.
    """
    bot = _bot(request)
    if bot is None:
        raise NotFound("webhook mode is off: set TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET")
    if secret is None:
        log.warning("webhook call without the secret header from %s", _client(request))
        raise Unauthorized(f"missing {SECRET_HEADER}: only Telegram may call this endpoint")
    if not bot.secret_matches(secret):
        log.warning("webhook call with a wrong secret from %s", _client(request))
        raise Forbidden(f"wrong {SECRET_HEADER}: only Telegram may call this endpoint")
    if not bot.running:
        raise ServiceUnavailable("the Telegram bot is still starting; Telegram will deliver the update again")
    body = await _body(request)
    try:
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        await bot.feed(data)
    except ValueError as exc:
        raise BadRequest(f"the body is not a Telegram update ({exc})") from None
    return {"ok": True}


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_UPDATE_BYTES:
        raise PayloadTooLarge(f"an update is at most {MAX_UPDATE_BYTES} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_UPDATE_BYTES:
            raise PayloadTooLarge(f"an update is at most {MAX_UPDATE_BYTES} bytes")
    return bytes(body)


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


async def start(settings: Settings) -> WebhookBot | None:
    """Start the bot in the background when webhook mode is configured (for the API lifespan)."""
    bot = webhook_bot(settings)
    if bot is not None:
        bot.start()
    return bot


async def stop(bot: WebhookBot | None) -> None:
    if bot is not None:
        await bot.stop()
