"""The bot's own API token revoked while it runs: every command answers one polite line, the bot lives on."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.bot.handlers.access import REFUSAL
from aseagi.security.tokens import revoke_token
from tests.bot.conftest import ALLOWED, STRANGER, Harness
from tests.telegram.seed import seed

REVOKED = "no longer accepts the bot's token"


async def ask(harness: Harness, text: str, expect: str, *, user: int = ALLOWED) -> list[dict]:
    """Send ``text``; wait for ``expect``; every message the bot sent back meanwhile."""
    after = len(harness.fake.sent)
    harness.fake.message(user, text)
    await harness.fake.wait_text(expect, after=after)
    return harness.fake.sent[after:]


@pytest.mark.parametrize(
    "command",
    ["/report", "/violations", "/timeline", "/actions", "/deadline", "/search hearing", "/case JV-2025-1"],
)
async def test_each_command_answers_one_polite_line_after_revocation(
    harness: Harness, session: AsyncSession, command: str
) -> None:
    async with harness.db_lock:
        await seed(session)
    await ask(harness, "/report", "DAILY REPORT")
    async with harness.db_lock:
        await revoke_token(session, "test-write")  # what `aseagi token revoke test-write` runs
    replies = await ask(harness, command, REVOKED)
    assert len(replies) == 1, [r.get("text") for r in replies]
    text = replies[0]["text"]
    assert "\n" not in text.strip()
    assert "ASEAGI_API_TOKEN" in text
    assert "Traceback" not in text and "401" not in text
    # still running: the next command is answered, and so is a stranger
    assert harness.application.running
    await ask(harness, "/help", "ASEAGI case assistant")
    await ask(harness, "/report", REVOKED)
    await ask(harness, "/start", REFUSAL, user=STRANGER)
