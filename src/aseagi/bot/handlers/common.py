"""What every handler needs: the API client, the chat's case, sending HTML safely, retrying politely."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from telegram.ext import ContextTypes

from aseagi.bot import format
from aseagi.bot.client import ApiRefused, ApiUnavailable, CaseApi
from telegram import InlineKeyboardMarkup, Message, Update

if TYPE_CHECKING:
    from aseagi.bot.config import BotConfig

T = TypeVar("T")
Context = ContextTypes.DEFAULT_TYPE
log = logging.getLogger("aseagi.bot")

UNREACHABLE = "The case server is not reachable; I will retry."
GAVE_UP = "The case server is still not reachable. Please try again in a few minutes."


def api(context: Context) -> CaseApi:
    client: CaseApi = context.application.bot_data["api"]
    return client


def config(context: Context) -> BotConfig:
    value: BotConfig = context.application.bot_data["config"]
    return value


def chat_case(context: Context) -> str | None:
    """The docket chosen with /case in this chat; ``None`` means all cases."""
    data: dict[str, Any] | None = context.chat_data
    return None if data is None else data.get("case")


async def remember(update: Update, context: Context) -> None:
    """Write this chat's and user's data to the state file now, not at the next periodic save: a
    chosen case or a refusal must survive a crash right after it."""
    context.application.mark_data_for_update_persistence(
        chat_ids=update.effective_chat.id if update.effective_chat else None,
        user_ids=update.effective_user.id if update.effective_user else None,
    )
    await context.application.update_persistence()


async def send(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> Message | None:
    """Reply in as many messages as the text needs; the keyboard goes under the last one."""
    message = update.effective_message
    if message is None:
        return None
    chunks = format.split_message(text)
    sent: Message | None = None
    for index, chunk in enumerate(chunks):
        sent = await message.reply_html(chunk, reply_markup=keyboard if index == len(chunks) - 1 else None)
    return sent


async def fetch(update: Update, context: Context, call: Callable[[], Awaitable[T]]) -> T | None:
    """Run one API call. Unreachable: say so at once, keep trying with backoff, give up politely.
    A refusal (4xx) is shown as the API's one-line message. ``None`` when there is nothing to show."""
    delays = config(context).background_retries
    told = False
    for attempt in range(len(delays) + 1):
        try:
            return await call()
        except ApiRefused as exc:
            await send(update, "⚠️ " + format.esc(exc.message))
            return None
        except ApiUnavailable as exc:
            log.warning("API unavailable: %s", exc)
            if not told:
                await send(update, "🔌 " + UNREACHABLE)
                told = True
            if attempt < len(delays):
                await asyncio.sleep(delays[attempt])
    await send(update, "🔌 " + GAVE_UP)
    return None
