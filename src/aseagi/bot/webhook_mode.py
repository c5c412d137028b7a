"""Webhook mode: the bot runs inside the API process and Telegram pushes updates to it.

``POST /telegram/webhook`` checks Telegram's secret header and hands each update to ``WebhookBot.feed``.
The bot stays an API client even here: it calls the API over HTTP with its own token, like the polling
bot, so the allow-list, scopes and audit log work the same way. Telegram being slow or down never
delays the API's start: the bot starts in the background and retries with backoff.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any

from telegram.ext import Application

from aseagi.bot.app import build_application
from aseagi.bot.config import BotConfig
from aseagi.bot.state import state_file
from aseagi.config import Settings
from telegram import Update

log = logging.getLogger(__name__)

START_RETRY_SECONDS = (5.0, 15.0, 45.0, 120.0, 300.0)
"""Waits between attempts to start (the last one repeats): getMe, setMyCommands and setWebhook."""
DEFAULT_REPORT_TIME = time(8, 0)


@dataclass(frozen=True)
class Webhook:
    url: str
    """Where Telegram posts updates: the public address of ``POST /telegram/webhook``."""
    secret: str
    """Sent back by Telegram in ``X-Telegram-Bot-Api-Secret-Token`` with every update."""


class WebhookBot:
    def __init__(
        self,
        application: Application,
        webhook: Webhook,
        *,
        retry_seconds: Sequence[float] = START_RETRY_SECONDS,
    ) -> None:
        self.application = application
        self.webhook = webhook
        self.retry_seconds = tuple(retry_seconds)
        self._starting: asyncio.Task[None] | None = None
        self._post_init_done = False

    def secret_matches(self, candidate: str | None) -> bool:
        """Constant-time comparison: the secret is the only thing that authenticates Telegram."""
        return candidate is not None and hmac.compare_digest(
            candidate.encode("utf-8", "surrogateescape"), self.webhook.secret.encode()
        )

    @property
    def running(self) -> bool:
        return self.application.running

    def start(self) -> None:
        self._starting = asyncio.get_running_loop().create_task(self._start(), name="aseagi-telegram-webhook")

    async def _start(self) -> None:
        attempt = 0
        while True:
            try:
                await self._start_once()
            except Exception as exc:
                delay = self.retry_seconds[min(attempt, len(self.retry_seconds) - 1)]
                attempt += 1
                log.error(
                    "the Telegram bot could not start (%s: %s); trying again in %.0f s",
                    type(exc).__name__,
                    exc,
                    delay,
                )
                await asyncio.sleep(delay)
            else:
                log.info("Telegram bot running in webhook mode at %s", self.webhook.url)
                return

    async def _start_once(self) -> None:
        """What ``Application.run_webhook`` does, minus its web server (the API is the web server).
        Every step is safe to repeat after a failure."""
        application = self.application
        await application.initialize()
        if not self._post_init_done:
            if application.post_init is not None:
                await application.post_init(application)
            self._post_init_done = True
        if not application.running:
            await application.start()
        await application.bot.set_webhook(
            url=self.webhook.url, secret_token=self.webhook.secret, allowed_updates=Update.ALL_TYPES
        )

    async def feed(self, data: dict[str, Any]) -> None:
        """Queue one update (raises ``ValueError`` when it is not one); the application answers it."""
        try:
            update = Update.de_json(data, self.application.bot)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a Telegram update: {type(exc).__name__}") from None
        await self.application.update_queue.put(update)

    async def stop(self) -> None:
        """Stop answering. The webhook stays registered: Telegram keeps updates until the API is back."""
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
            await asyncio.gather(self._starting, return_exceptions=True)
        application = self.application
        if application.running:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


def webhook_of(settings: Settings) -> Webhook | None:
    """Webhook mode is on when both its URL and its secret are set."""
    if settings.telegram_webhook_url and settings.telegram_webhook_secret:
        return Webhook(url=settings.telegram_webhook_url, secret=settings.telegram_webhook_secret)
    return None


def own_api_url(settings: Settings) -> str:
    """``ASEAGI_API_URL`` when set, else this API's own address (``aseagi api --port`` included)."""
    if "api_url" in settings.model_fields_set:
        return settings.api_url
    host = "127.0.0.1" if settings.api_host in ("0.0.0.0", "::", "") else settings.api_host
    return f"http://{host}:{settings.api_port}"


def bot_api_token(settings: Settings) -> str | None:
    """``ASEAGI_API_TOKEN``, else the admin token ``aseagi up`` wrote (same machine)."""
    if settings.api_token:
        return settings.api_token
    if settings.admin_token_file.exists():
        return settings.admin_token_file.read_text().strip() or None
    return None


def report_time() -> time | None:
    """``TELEGRAM_REPORT_TIME`` (HH:MM or ``off``), the variable ``aseagi bot --report-at`` reads too."""
    value = os.environ.get("TELEGRAM_REPORT_TIME", "").strip()
    if not value:
        return DEFAULT_REPORT_TIME
    if value.lower() in ("off", "none"):
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        log.error("TELEGRAM_REPORT_TIME=%r is not HH:MM: the daily report is off", value)
        return None


def webhook_bot(settings: Settings) -> WebhookBot | None:
    """The bot for webhook mode, or ``None`` when webhook mode is off or cannot work (logged: the API
    itself still starts, the webhook endpoint then answers 404)."""
    webhook = webhook_of(settings)
    if webhook is None:
        return None
    if not settings.telegram_bot_token:
        log.error("TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not: the Telegram bot is off")
        return None
    token = bot_api_token(settings)
    if token is None:
        log.error("webhook mode needs an API token for the bot: set ASEAGI_API_TOKEN; the bot is off")
        return None
    config = BotConfig(
        token=settings.telegram_bot_token,
        allowed_users=frozenset(settings.telegram_allowed_users),
        api_url=own_api_url(settings),
        api_token=token,
        telegram_api_url=settings.telegram_api_url,
        report_at=report_time(),
        state_file=state_file(settings.data_dir),
    )
    if not config.allowed_users:
        log.warning("TELEGRAM_ALLOWED_USERS is empty: the bot will refuse everyone")
    return WebhookBot(build_application(config, polling=False), webhook)
