"""The API down for a while, or for good: the chat is told, and the bot lives on."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from tests.bot.chat import ask, follow_seeded_case
from tests.bot.conftest import ALLOWED, Harness

from aseagi.bot.handlers.common import GAVE_UP, UNREACHABLE


async def test_api_down_then_back(harness: Harness, session: AsyncSession) -> None:
    await follow_seeded_case(harness, session)
    harness.transport.down = 3
    after = len(harness.fake.sent)
    harness.fake.message(ALLOWED, "/report")
    told = await harness.fake.wait_text(UNREACHABLE, after=after)
    assert told["chat_id"] == ALLOWED
    await harness.fake.wait_text("DAILY REPORT", after=after)


async def test_api_down_for_good_and_the_bot_lives_on(harness: Harness) -> None:
    harness.transport.down = 100
    after = len(harness.fake.sent)
    harness.fake.message(ALLOWED, "/violations")
    await harness.fake.wait_text(UNREACHABLE, after=after)
    await harness.fake.wait_text(GAVE_UP, after=after)
    harness.transport.down = 0
    await ask(harness, "/violations", "DETECTED VIOLATIONS")
