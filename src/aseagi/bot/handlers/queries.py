"""The list commands (/search, /timeline, /violations, /actions, /deadline) and their page buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from aseagi.bot import format
from aseagi.bot.handlers.common import Context, api, chat_case, config, fetch, send
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

LIST_KEYS = {
    "search": "results",
    "timeline": "events",
    "violations": "violations",
    "actions": "actions",
    "deadline": "deadlines",
}
RENDER: dict[str, Callable[[dict[str, Any], int], str]] = {
    "search": format.search,
    "timeline": format.timeline,
    "violations": format.violations,
    "actions": format.actions,
    "deadline": format.deadlines,
}
MAX_TIMELINE_DAYS = 3650


def pager(command: str, offset: int, shown: int, total: int, size: int) -> InlineKeyboardMarkup | None:
    """◀ / ▶ buttons; the callback data (≤ 64 bytes) names the command and the offset only."""
    buttons = []
    if offset > 0:
        buttons.append(
            InlineKeyboardButton("◀ Previous", callback_data=f"page:{command}:{max(0, offset - size)}")
        )
    if offset + shown < total:
        buttons.append(InlineKeyboardButton("Next ▶", callback_data=f"page:{command}:{offset + size}"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


def _params(command: str, context: Context) -> dict[str, Any]:
    """What a page of ``command`` needs besides the offset, remembered per chat (the query, the days)."""
    data = context.chat_data if context.chat_data is not None else {}
    if command == "search":
        return {"query": data.get("search_query", "")}
    if command == "timeline":
        return {"days": data.get("timeline_days", 30)}
    return {}


async def _page(
    update: Update, context: Context, command: str, offset: int
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    size = config(context).page_size
    params = _params(command, context)
    body = await fetch(
        update,
        context,
        lambda: api(context).telegram(command, case=chat_case(context), limit=size, offset=offset, **params),
    )
    if body is None:
        return None
    shown = len(body.get(LIST_KEYS[command], []))
    keyboard = pager(command, offset, shown, int(body.get("count", 0)), size)
    return RENDER[command](body, offset), keyboard


async def _show(update: Update, context: Context, command: str) -> None:
    page = await _page(update, context, command, 0)
    if page is not None:
        await send(update, *page)


async def on_search(update: Update, context: Context) -> None:
    words = " ".join(context.args or []).strip()
    if not words:
        await send(update, 'Usage: /search <i>words</i> — e.g. /search "notice of hearing" OR icwa')
        return
    if context.chat_data is not None:
        context.chat_data["search_query"] = words[:500]
    await _show(update, context, "search")


async def on_timeline(update: Update, context: Context) -> None:
    days = 30
    if context.args:
        try:
            days = int(context.args[0])
        except ValueError:
            await send(update, "Usage: /timeline [days] — e.g. /timeline 60")
            return
        if not 1 <= days <= MAX_TIMELINE_DAYS:
            await send(update, f"Choose between 1 and {MAX_TIMELINE_DAYS} days.")
            return
    if context.chat_data is not None:
        context.chat_data["timeline_days"] = days
    await _show(update, context, "timeline")


async def on_list(update: Update, context: Context) -> None:
    message = update.effective_message
    command = (message.text or "").split()[0].lstrip("/").split("@")[0].lower() if message else ""
    await _show(update, context, {"deadlines": "deadline"}.get(command, command))


async def on_page(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    _, command, raw_offset = (query.data or "page::0").split(":", 2)
    if command not in RENDER or not raw_offset.isdigit():
        return
    page = await _page(update, context, command, int(raw_offset))
    if page is None:
        return
    text, keyboard = page
    chunks = format.split_message(text)
    try:
        await query.edit_message_text(chunks[0], reply_markup=keyboard if len(chunks) == 1 else None)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
    for index, chunk in enumerate(chunks[1:], start=2):
        await send(update, chunk, keyboard if index == len(chunks) else None)


HANDLERS = [
    CommandHandler("search", on_search),
    CommandHandler("timeline", on_timeline),
    CommandHandler(["violations", "actions", "deadline", "deadlines"], on_list),
    CallbackQueryHandler(on_page, pattern=r"^page:"),
]
