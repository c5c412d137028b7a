"""/start and /help through the real library, a fake Bot API server and the real API on PostgreSQL."""

from __future__ import annotations

from tests.bot.chat import ask
from tests.bot.conftest import Harness


async def test_start_and_help(harness: Harness) -> None:
    reply = await ask(harness, "/start", "ASEAGI case assistant")
    assert reply["parse_mode"] == "HTML"
    assert "/search" in reply["text"]
    assert "all cases" in reply["text"]
    assert ("setMyCommands",) == tuple(c[0] for c in harness.fake.calls if c[0] == "setMyCommands")
