"""A chat with the bot under test: send a command as a user and wait for the answer."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tests.bot.conftest import ALLOWED, Harness
from tests.telegram.seed import SeededCase, seed


async def ask(harness: Harness, text: str, expect: str, *, user: int = ALLOWED) -> dict:
    after = len(harness.fake.sent)
    harness.fake.message(user, text)
    return await harness.fake.wait_text(expect, after=after)


async def follow_seeded_case(harness: Harness, session: AsyncSession) -> SeededCase:
    """Seed a case and make the allowed user's chat follow it."""
    async with harness.db_lock:
        seeded = await seed(session)
    await ask(harness, f"/case {seeded.case.docket_number}", "now follows case")
    return seeded
