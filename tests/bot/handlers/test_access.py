"""A stranger gets one refusal, audited; the allowed user still gets answers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from tests.bot.chat import ask
from tests.bot.conftest import STRANGER, Harness

from aseagi.bot.handlers.access import REFUSAL
from aseagi.models import AuditEntry


async def test_stranger_gets_one_refusal_and_is_audited(harness: Harness, session: AsyncSession) -> None:
    await ask(harness, "/report", REFUSAL, user=STRANGER)
    before = len(harness.fake.sent)
    harness.fake.message(STRANGER, "/violations")
    await ask(harness, "/help", "ASEAGI case assistant")  # the allowed user still gets answers
    strangers = [s for s in harness.fake.sent[before:] if s["chat_id"] == STRANGER]
    assert strangers == []
    async with harness.db_lock:
        entries = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "telegram.refused"))
        ).all()
    assert [e.resource_id for e in entries] == [str(STRANGER)]
    assert entries[0].detail["command"] == "/report"
    assert all(s["text"] == REFUSAL for s in harness.fake.sent if s["chat_id"] == STRANGER)
