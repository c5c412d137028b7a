"""/start and /help."""

from __future__ import annotations

from telegram.ext import CommandHandler

from aseagi.bot.format import esc
from aseagi.bot.handlers.common import Context, chat_case, send
from telegram import Update

HELP = """⚖️ <b>ASEAGI case assistant</b>
/search <i>words</i> — documents and messages ("quoted phrase", OR, -exclude)
/timeline [days] — hearings, filings and deadlines around today (default 30)
/violations — detected violations, most severe first
/actions — what needs you now
/report — today's summary
/deadline — upcoming deadlines with their rules
/case <i>docket</i> — choose the case for this chat
/status [job] — server and processing status
Send a document or photo and I will add it to the case and tell you what it shows."""


async def on_start(update: Update, context: Context) -> None:
    case = chat_case(context)
    where = (
        f"\n\nThis chat follows case <b>{esc(case)}</b>."
        if case
        else "\n\nThis chat shows all cases; pick one with /case."
    )
    await send(update, HELP + where)


HANDLERS = [CommandHandler("start", on_start), CommandHandler("help", on_start)]
