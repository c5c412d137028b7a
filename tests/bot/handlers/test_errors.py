"""An unexpected failure: the chat gets one apology without internals."""

from __future__ import annotations

from tests.bot.chat import ask
from tests.bot.conftest import Harness

from aseagi.bot.handlers.errors import SORRY


async def test_unexpected_failure_says_sorry_without_internals(harness: Harness) -> None:
    harness.transport.garbled = 1
    reply = await ask(harness, "/report", "Sorry")
    assert reply["text"] == SORRY
    await ask(harness, "/report", "DAILY REPORT")
