"""/report (the daily summary) and /status (the server, and bulk jobs)."""

from __future__ import annotations

from telegram.ext import CommandHandler

from aseagi.bot import format
from aseagi.bot.handlers.common import Context, api, chat_case, fetch, send
from telegram import Update


async def on_report(update: Update, context: Context) -> None:
    body = await fetch(update, context, lambda: api(context).telegram("report", case=chat_case(context)))
    if body is not None:
        await send(update, format.report(body))


async def on_status(update: Update, context: Context) -> None:
    if context.args:
        job_id = context.args[0][:100]
        batch = await fetch(update, context, lambda: api(context).batch(job_id))
        if batch is not None:
            await send(update, format.batch(batch))
        return
    health = await fetch(update, context, lambda: api(context).health())
    if health is None:
        return
    batches = await fetch(update, context, lambda: api(context).batches())
    status, version = format.esc(health.get("status", "?")), format.esc(health.get("version", "?"))
    lines = [f"🟢 Case server {status}, version {version}"]
    running = [b for b in batches or [] if b.get("status") == "running"]
    lines += [format.batch(b) for b in running] or ["No bulk job is running."]
    await send(update, "\n\n".join(lines))


HANDLERS = [CommandHandler("report", on_report), CommandHandler("status", on_status)]
