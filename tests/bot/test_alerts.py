"""The daily report and deadline reminders go to the allowed chats, at the daily time."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.bot import alerts
from tests.bot.conftest import ALLOWED, Harness
from tests.telegram.seed import add_event, seed


def test_seconds_until_the_daily_time() -> None:
    morning = datetime(2030, 1, 1, 7, 30)
    assert alerts.seconds_until(morning, time(8, 0)) == 1800
    assert alerts.seconds_until(morning.replace(hour=8, minute=0), time(8, 0)) == 86400
    assert alerts.seconds_until(morning.replace(hour=23), time(8, 0)) == 8.5 * 3600


def test_reminders_only_7_3_1_days_before() -> None:
    deadlines = [{"title": str(n), "days_left": n} for n in (0, 1, 2, 3, 5, 7, 8)]
    assert [d["title"] for d in alerts.reminders_due(deadlines)] == ["1", "3", "7"]


async def test_daily_report_and_reminders_reach_allowed_chats(
    harness: Harness, session: AsyncSession
) -> None:
    async with harness.db_lock:
        seeded = await seed(session)
        for days in (1, 2, 7):
            await add_event(
                session,
                seeded.case,
                seeded.today + timedelta(days=days),
                "deadline",
                f"Due in {days}",
                source="rule",
                rule_id=f"r{days}",
                citation="CRC 8.450(e)",
            )
    harness.application.chat_data[ALLOWED]["case"] = seeded.case.docket_number
    after = len(harness.fake.sent)
    sent = await alerts.send_daily(
        harness.application, harness.application.bot_data["api"], harness.application.bot_data["config"]
    )
    messages = harness.fake.sent[after:]
    assert sent == len(messages) == 4
    assert {m["chat_id"] for m in messages} == {ALLOWED}
    assert "DAILY REPORT" in messages[0]["text"]
    reminders = [m["text"] for m in messages[1:]]
    assert any("REMINDER: Due in 1" in r and "(tomorrow)" in r for r in reminders)
    assert any("REMINDER: Notice of appeal due" in r and "(in 3 days)" in r for r in reminders)
    assert any("REMINDER: Due in 7" in r and "CRC 8.450(e)" in r for r in reminders)
    assert not any("Due in 2" in r for r in reminders)
