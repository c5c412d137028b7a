"""The allow-list: runs before every handler; strangers get one polite refusal and an audit-log entry."""

from __future__ import annotations

import logging
import time

from telegram.ext import ApplicationHandlerStop

from aseagi.bot.client import ApiRefused, ApiUnavailable
from aseagi.bot.handlers.common import Context, api, config, remember
from telegram import Update

log = logging.getLogger("aseagi.bot.access")

REFUSAL = (
    "Sorry, this is a private assistant and I cannot help you. "
    "If you think you should have access, ask its owner."
)
AUDIT_EVERY_SECONDS = 600.0
"""One audit row per stranger per ten minutes: enough to see who tried, not a way to flood the log."""
REFUSED_AT = "refused_at"
"""``user_data`` key: wall-clock time of the last audited refusal. User data is persisted, so a restart
does not greet a stranger with a second refusal."""


async def gate(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is not None and user.id in config(context).allowed_users:
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    if user is not None and context.user_data is not None:
        last_audit: float | None = context.user_data.get(REFUSED_AT)
        audit_now = last_audit is None or abs(time.time() - last_audit) > AUDIT_EVERY_SECONDS
        if audit_now:
            context.user_data[REFUSED_AT] = time.time()  # before any await: updates run concurrently
        if last_audit is None and update.effective_message is not None:
            await update.effective_message.reply_text(REFUSAL)
        if audit_now:
            await remember(update, context)
            await _audit(update, context)
    raise ApplicationHandlerStop


async def _audit(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    message = update.effective_message
    command = (message.text or message.caption or "[file]")[:200] if message is not None else "[button]"
    log.warning("refused Telegram user %s (@%s)", user.id, user.username)
    try:
        await api(context).record_refusal(
            user_id=user.id,
            username=user.username,
            chat_id=update.effective_chat.id if update.effective_chat else None,
            command=command,
        )
    except (ApiUnavailable, ApiRefused) as exc:
        log.error("could not record the refusal of %s in the audit log: %s", user.id, exc)
