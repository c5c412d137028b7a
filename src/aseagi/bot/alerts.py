"""Proactive messages: the daily report and deadline reminders 7, 3 and 1 days before, to allowed chats.

A plain asyncio task sleeps until the configured local time each day (no scheduler dependency). The
dates come from the API (``days_left`` is computed there from the server's today); nothing here is dated.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from telegram.error import TelegramError
from telegram.ext import Application

from aseagi.bot import format
from aseagi.bot.client import ApiRefused, ApiUnavailable, CaseApi

if TYPE_CHECKING:
    from aseagi.bot.config import BotConfig

log = logging.getLogger("aseagi.bot.alerts")

REMINDER_DAYS = (7, 3, 1)
TASK_KEY = "alerts_task"


def seconds_until(now: datetime, at: time) -> float:
    """Seconds from ``now`` to the next ``at`` (today if still ahead, else tomorrow)."""
    target = now.replace(hour=at.hour, minute=at.minute, second=at.second, microsecond=0)
    if target <= now:
        target += timedelta(days=1)
    return (target - now).total_seconds()


def reminders_due(
    deadlines: Iterable[dict[str, Any]], days: Iterable[int] = REMINDER_DAYS
) -> list[dict[str, Any]]:
    wanted = set(days)
    return [d for d in deadlines if d.get("days_left") in wanted]


async def upcoming_deadlines(
    client: CaseApi, case: str | None, horizon: int = max(REMINDER_DAYS)
) -> list[dict[str, Any]]:
    """Deadlines from today up to ``horizon`` days ahead, page by page (they come in date order)."""
    found: list[dict[str, Any]] = []
    offset = 0
    while True:
        body = await client.telegram("deadline", case=case, limit=100, offset=offset)
        page: list[dict[str, Any]] = body.get("deadlines", [])
        found += [d for d in page if 0 <= int(d.get("days_left", -1)) <= horizon]
        if (
            not page
            or int(page[-1].get("days_left", 0)) > horizon
            or offset + len(page) >= body.get("count", 0)
        ):
            return found
        offset += len(page)


async def send_daily(application: Application, client: CaseApi, config: BotConfig) -> int:
    """The report and the reminders due today to every allowed user's chat; returns messages sent."""
    sent = 0
    for chat_id in sorted(config.allowed_users):
        case = (application.chat_data.get(chat_id) or {}).get("case")
        try:
            messages = [format.report(await client.telegram("report", case=case))]
            messages += [
                format.reminder(d, int(d["days_left"]))
                for d in reminders_due(await upcoming_deadlines(client, case))
            ]
        except (ApiUnavailable, ApiRefused) as exc:
            log.error("daily report for chat %s: %s", chat_id, exc)
            continue
        for text in messages:
            for chunk in format.split_message(text):
                try:
                    await application.bot.send_message(chat_id, chunk)
                    sent += 1
                except TelegramError as exc:
                    log.warning("could not send the daily report to %s: %s", chat_id, exc)
    return sent


async def _daily_loop(application: Application, client: CaseApi, config: BotConfig) -> None:
    assert config.report_at is not None
    while True:
        await asyncio.sleep(seconds_until(datetime.now(), config.report_at))
        try:
            await send_daily(application, client, config)
        except Exception:
            log.exception("the daily report failed; trying again tomorrow")
        await asyncio.sleep(1)


def start(application: Application, client: CaseApi, config: BotConfig) -> None:
    application.bot_data[TASK_KEY] = asyncio.get_running_loop().create_task(
        _daily_loop(application, client, config), name="aseagi-daily-report"
    )


async def stop(application: Application) -> None:
    task: asyncio.Task[None] | None = application.bot_data.pop(TASK_KEY, None)
    if task is not None:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
