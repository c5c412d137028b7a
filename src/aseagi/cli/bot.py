"""``aseagi bot``: the Telegram bot, long polling, as a client of the API."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated

import typer

from aseagi.cli.context import configure_logging, fail, settings


def _report_time(value: str) -> time | None:
    if value.strip().lower() in ("", "off", "none"):
        return None
    try:
        return time.fromisoformat(value.strip())
    except ValueError:
        fail(f"invalid report time {value!r}: use HH:MM (24-hour), or 'off'", 2)


def _api_token(configured: str | None, admin_token_file: Path) -> str | None:
    """``ASEAGI_API_TOKEN``, else the token ``aseagi up`` wrote (same machine)."""
    if configured:
        return configured
    if admin_token_file.exists():
        return admin_token_file.read_text().strip() or None
    return None


def bot(
    report_at: Annotated[
        str,
        typer.Option(
            envvar="TELEGRAM_REPORT_TIME",
            help="Local time of the daily report and deadline reminders (HH:MM), or 'off'.",
        ),
    ] = "08:00",
) -> None:
    """Run the Telegram bot (long polling). Needs TELEGRAM_BOT_TOKEN and TELEGRAM_ALLOWED_USERS."""
    from aseagi.bot.app import run_polling
    from aseagi.bot.config import BotConfig

    current = settings()
    configure_logging(current.log_level)
    if not current.telegram_bot_token:
        fail("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token there", 2)
    token = _api_token(current.api_token, current.admin_token_file)
    if token is None:
        fail("no API token: set ASEAGI_API_TOKEN (aseagi token create --name telegram-bot --scope write)", 2)
    run_polling(
        BotConfig(
            token=current.telegram_bot_token,
            allowed_users=frozenset(current.telegram_allowed_users),
            api_url=current.api_url,
            api_token=token,
            telegram_api_url=current.telegram_api_url,
            report_at=_report_time(report_at),
        )
    )
