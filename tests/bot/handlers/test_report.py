"""/status: the case server's health and a bulk job's progress."""

from __future__ import annotations

from tests.bot.chat import ask
from tests.bot.conftest import Harness


async def test_status(harness: Harness) -> None:
    reply = await ask(harness, "/status", "Case server")
    assert "Case server ok" in reply["text"]
    assert "No bulk job is running." in reply["text"]
    missing = await ask(harness, "/status job-that-does-not-exist", "⚠️")
    assert "job-that-does-not-exist" in missing["text"]
