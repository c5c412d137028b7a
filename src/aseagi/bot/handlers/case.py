"""/case: which case this chat follows (every other command filters by it)."""

from __future__ import annotations

from telegram.ext import CommandHandler

from aseagi.bot.format import esc
from aseagi.bot.handlers.common import Context, api, chat_case, fetch, remember, send
from telegram import Update


async def on_case(update: Update, context: Context) -> None:
    if context.chat_data is None:
        return
    if not context.args:
        current = chat_case(context)
        await send(
            update,
            f"This chat follows case <b>{esc(current)}</b>. /case all shows every case."
            if current
            else "This chat shows all cases. Choose one with /case <i>docket</i>, e.g. /case JV-2025-001234.",
        )
        return
    wanted = context.args[0].strip()[:64]
    if wanted.lower() in ("all", "*", "none"):
        context.chat_data.pop("case", None)
        await remember(update, context)
        await send(update, "This chat now shows all cases.")
        return
    found = await fetch(update, context, lambda: api(context).case(wanted))
    if found is None:
        return
    context.chat_data["case"] = found["docket_number"]
    await remember(update, context)
    name = f" — {esc(found['name'])}" if found.get("name") else ""
    await send(update, f"📁 This chat now follows case <b>{esc(found['docket_number'])}</b>{name}.")


HANDLERS = [CommandHandler("case", on_case)]
