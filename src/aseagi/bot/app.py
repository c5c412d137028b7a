"""The Telegram bot: an API client with an allow-list, built with python-telegram-bot's ``Application``.

``build_application`` wires everything; ``run_polling`` is what ``aseagi bot`` runs. Tests build the same
application against a fake Bot API server (``telegram_api_url``) and the real app in-process (``api``).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults, TypeHandler

from aseagi.bot import alerts
from aseagi.bot.client import CaseApi
from aseagi.bot.config import BotConfig
from aseagi.bot.handlers import access, case, errors, queries, report, start, upload
from aseagi.bot.state import state_file, state_persistence
from telegram import BotCommand, Update

log = logging.getLogger(__name__)

COMMANDS = (
    ("search", "Search documents and messages"),
    ("timeline", "Hearings, filings and deadlines around today"),
    ("violations", "Detected violations, most severe first"),
    ("actions", "What needs you now"),
    ("report", "Today's summary"),
    ("deadline", "Upcoming deadlines"),
    ("case", "Choose the case for this chat"),
    ("status", "Server and processing status"),
    ("help", "What I can do"),
)
WEBHOOK_MODE_ON = (
    "error: TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET are set, so the API runs the bot "
    "(webhook mode); unset them to use long polling"
)


def bot_api_urls(telegram_api_url: str | None) -> tuple[str, str]:
    """``base_url`` and ``base_file_url`` for python-telegram-bot (which appends the bot token)."""
    root = (telegram_api_url or "https://api.telegram.org").rstrip("/")
    return f"{root}/bot", f"{root}/file/bot"


def build_application(config: BotConfig, api: CaseApi | None = None, *, polling: bool = True) -> Application:
    """The bot, ready to start. ``polling=False`` builds it without an updater: in webhook mode the API
    feeds it updates. A self-hosted Bot API server (``telegram_api_url``) turns on PTB's local mode: the
    server hands out files by their path on its disk, read directly instead of downloaded (the cloud API
    refuses files over 20 MB; evidence scans are often larger). The server must run with ``--local`` and
    share its working directory with the bot."""
    base_url, base_file_url = bot_api_urls(config.telegram_api_url)
    client = api or CaseApi(config.api_url, config.api_token, retry=config.retry, timeout=config.api_timeout)

    async def post_init(application: Application) -> None:
        await application.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
        if config.report_at is not None:
            alerts.start(application, client, config)

    async def post_stop(application: Application) -> None:
        await upload.stop_watching(application.bot_data)
        await alerts.stop(application)

    async def post_shutdown(application: Application) -> None:
        if api is None:
            await client.close()

    builder = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .local_mode(config.telegram_api_url is not None)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=None))
        .concurrent_updates(8)
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
    )
    if not polling:
        builder = builder.updater(None)
    if config.state_file is not None:
        builder = builder.persistence(state_persistence(config.state_file))
    application = builder.build()
    application.bot_data["api"] = client
    application.bot_data["config"] = config
    application.add_handler(TypeHandler(Update, access.gate), group=-1)
    for handlers in (start.HANDLERS, queries.HANDLERS, report.HANDLERS, case.HANDLERS, upload.HANDLERS):
        for handler in handlers:
            application.add_handler(handler)
    application.add_error_handler(errors.on_error)
    return application


def run_polling(config: BotConfig) -> None:
    """Long polling until Ctrl-C or SIGTERM (``aseagi up`` stops its children with SIGTERM).

    Without a ``state_file`` the default one in the data directory is used. Refuses to start in webhook
    mode: polling would delete the webhook the API registered, and both would answer every command."""
    from aseagi.config import get_settings

    settings = get_settings()
    if settings.telegram_webhook_url and settings.telegram_webhook_secret:
        raise SystemExit(WEBHOOK_MODE_ON)
    if config.state_file is None:
        config = replace(config, state_file=state_file(settings.data_dir))
    if not config.allowed_users:
        log.warning("TELEGRAM_ALLOWED_USERS is empty: the bot will refuse everyone")
    application = build_application(config)
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
