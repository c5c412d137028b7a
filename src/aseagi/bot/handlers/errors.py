"""The last line of defence: log the traceback, tell the user one plain line, keep the bot running."""

from __future__ import annotations

import logging

from telegram.error import NetworkError, TelegramError

from aseagi.bot.handlers.common import Context
from telegram import Update

log = logging.getLogger("aseagi.bot.errors")

SORRY = "Sorry, that did not work. Please try again; if it keeps failing, the server log has the details."


async def on_error(update: object, context: Context) -> None:
    error = context.error
    if isinstance(error, NetworkError):
        log.warning("Telegram network error: %s", error)
        return
    log.error("command failed", exc_info=error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await update.effective_message.reply_text(SORRY)
        except TelegramError:
            log.warning("could not tell the user about the failure", exc_info=True)
