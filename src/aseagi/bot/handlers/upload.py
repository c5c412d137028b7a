"""Documents and photos sent to the bot: "received" at once, uploaded to the API, the analysis when done."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import BadRequest, TelegramError
from telegram.ext import MessageHandler, filters

from aseagi.bot import format
from aseagi.bot.client import ApiRefused, ApiUnavailable, CaseApi
from aseagi.bot.handlers.common import Context, api, chat_case, config, fetch, send
from telegram import Update

log = logging.getLogger("aseagi.bot.upload")

WATCHERS = "upload_watchers"
"""``bot_data`` key of the running watch tasks (plain asyncio tasks: ``Application.stop`` would await
tasks made with ``Application.create_task``)."""
FINISHED = frozenset({"done", "failed", "unsupported"})
TOO_BIG = (
    "Telegram does not let bots download files this large. Upload it on the web page, or ask the "
    "administrator to set TELEGRAM_API_URL to a local Bot API server (no 20 MB limit)."
)


def _file_of(update: Update) -> tuple[str, str] | None:
    """(Telegram file id, file name) of the attachment; the largest size of a photo."""
    message = update.effective_message
    if message is None:
        return None
    if message.document is not None:
        return (
            message.document.file_id,
            message.document.file_name or f"document-{message.document.file_unique_id}",
        )
    if message.photo:
        largest = message.photo[-1]
        return largest.file_id, f"photo-{largest.file_unique_id}.jpg"
    return None


async def on_file(update: Update, context: Context) -> None:
    attachment = _file_of(update)
    if attachment is None:
        return
    file_id, name = attachment
    await send(update, f"📥 Received <b>{format.esc(name)}</b>. I will reply here with the analysis.")
    try:
        telegram_file = await context.bot.get_file(file_id)
        content = bytes(await telegram_file.download_as_bytearray())
    except BadRequest as exc:
        log.warning("could not download %s: %s", name, exc)
        await send(
            update,
            "⚠️ "
            + (TOO_BIG if "too big" in str(exc).lower() else "I could not download that file from Telegram."),
        )
        return
    accepted = await fetch(
        update, context, lambda: api(context).upload(name, content, case=chat_case(context))
    )
    if accepted is None:
        return
    if accepted.get("status") == "duplicate":
        await send(update, f"📎 <b>{format.esc(name)}</b> is already in the case file.")
    watchers: set[asyncio.Task[None]] = context.application.bot_data.setdefault(WATCHERS, set())
    task = asyncio.create_task(
        _report_when_done(update, api(context), str(accepted["document_id"]), config(context).upload_poll)
    )
    watchers.add(task)
    task.add_done_callback(watchers.discard)


async def stop_watching(bot_data: dict[str, Any]) -> None:
    """Cancel the uploads still being watched: stopping the bot must not wait up to half an hour."""
    watchers: set[asyncio.Task[None]] = bot_data.get(WATCHERS, set())
    for task in list(watchers):
        task.cancel()
    await asyncio.gather(*watchers, return_exceptions=True)


async def _report_when_done(
    update: Update, client: CaseApi, document_id: str, poll: tuple[float, float, float]
) -> None:
    try:
        await _watch(update, client, document_id, poll)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("watching upload %s failed", document_id)


async def _watch(update: Update, client: CaseApi, document_id: str, poll: tuple[float, float, float]) -> None:
    delay, longest, give_up = poll
    waited = 0.0
    while waited <= give_up:
        try:
            document: dict[str, Any] = await client.document(document_id)
        except (ApiUnavailable, ApiRefused) as exc:
            log.warning("watching %s: %s", document_id, exc)
        else:
            if document.get("status") in FINISHED:
                await send(update, format.analysis_summary(document))
                return
        await asyncio.sleep(delay)
        waited += delay
        delay = min(delay * 2, longest)
    try:
        await send(
            update, f"⏳ Still analyzing <code>{format.esc(document_id)}</code>; /status shows progress."
        )
    except TelegramError:
        log.warning("could not send the still-analyzing note", exc_info=True)


HANDLERS = [MessageHandler(filters.Document.ALL | filters.PHOTO, on_file)]
