"""/case: the chat follows one case or all of them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from tests.bot.chat import ask, follow_seeded_case
from tests.bot.conftest import Harness


async def test_case_command(harness: Harness, session: AsyncSession) -> None:
    seeded = await follow_seeded_case(harness, session)
    current = await ask(harness, "/case", "follows case")
    assert seeded.case.docket_number in current["text"]
    missing = await ask(harness, "/case J99-00000", "no case")
    assert "⚠️" in missing["text"]
    everything = await ask(harness, "/case all", "all cases")
    assert everything["text"] == "This chat now shows all cases."
    report = await ask(harness, "/report", "DAILY REPORT")
    assert "<b>Documents:</b> 6" in report["text"]
