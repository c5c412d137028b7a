"""What the bot remembers across restarts: each chat's case and the users it refused (PicklePersistence)."""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import Application

from aseagi.bot.app import build_application
from aseagi.bot.client import CaseApi
from aseagi.bot.handlers.access import REFUSAL
from aseagi.bot.state import state_file
from aseagi.models import AuditEntry
from tests.bot.conftest import ALLOWED, STRANGER, SerializedTransport, bot_config, start_bot, stop_bot
from tests.bot.fake_telegram import FakeTelegram
from tests.telegram.seed import seed


@asynccontextmanager
async def running_bot(
    fake: FakeTelegram, transport: SerializedTransport, headers: dict[str, str], path: Path
) -> AsyncIterator[Application]:
    config = bot_config(fake, state_file=path)
    api = CaseApi(config.api_url, headers["Authorization"].removeprefix("Bearer "), transport=transport)
    application = build_application(config, api)
    await start_bot(application)
    try:
        yield application
    finally:
        await stop_bot(application)
        await api.close()


async def _ask(fake: FakeTelegram, text: str, expect: str, *, user: int = ALLOWED) -> dict:
    after = len(fake.sent)
    fake.message(user, text)
    return await fake.wait_text(expect, after=after)


async def _refusals(session: AsyncSession, transport: SerializedTransport) -> int:
    async with transport.lock:
        count = await session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "telegram.refused")
        )
    return int(count or 0)


async def test_a_restart_keeps_the_chosen_case_and_the_refused_users(
    fake: FakeTelegram,
    api_transport: SerializedTransport,
    write_headers: dict[str, str],
    session: AsyncSession,
    tmp_path: Path,
) -> None:
    async with api_transport.lock:
        seeded = await seed(session)
    docket = seeded.case.docket_number
    path = state_file(tmp_path / "data")
    async with running_bot(fake, api_transport, write_headers, path):
        await _ask(fake, f"/case {docket}", "now follows case")
        await _ask(fake, "/report", REFUSAL, user=STRANGER)
        assert path.exists()  # written at once, not at the next periodic save
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert await _refusals(session, api_transport) == 1

    async with running_bot(fake, api_transport, write_headers, path):
        current = await _ask(fake, "/case", "follows case")
        assert f"This chat follows case <b>{docket}</b>" in current["text"]
        report = await _ask(fake, "/report", "DAILY REPORT")
        assert "<b>Documents:</b> 5 " in report["text"]  # the seeded case's, not every case's
        before = len(fake.sent)
        fake.message(STRANGER, "/violations")
        await _ask(fake, "/help", "ASEAGI case assistant")
        assert [s for s in fake.sent[before:] if s["chat_id"] == STRANGER] == []
    assert await _refusals(session, api_transport) == 1  # within ten minutes: not audited again

    async with running_bot(fake, api_transport, write_headers, path):
        await _ask(fake, "/case all", "now shows all cases")
    async with running_bot(fake, api_transport, write_headers, path):
        assert "This chat shows all cases" in (await _ask(fake, "/case", "all cases"))["text"]


async def test_a_damaged_state_file_is_set_aside(
    fake: FakeTelegram, api_transport: SerializedTransport, write_headers: dict[str, str], tmp_path: Path
) -> None:
    path = state_file(tmp_path / "data")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle at all")
    async with running_bot(fake, api_transport, write_headers, path):
        reply = await _ask(fake, "/start", "ASEAGI case assistant")
        assert "all cases" in reply["text"]
    aside = list(path.parent.glob("bot.pickle.damaged-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == b"not a pickle at all"


async def test_without_a_state_file_nothing_is_written(
    fake: FakeTelegram, api_transport: SerializedTransport, write_headers: dict[str, str], tmp_path: Path
) -> None:
    config = bot_config(fake)
    assert config.state_file is None
    api = CaseApi(config.api_url, None, transport=api_transport)
    application = build_application(config, api)
    assert application.persistence is None
    await api.close()


async def test_the_state_is_private_even_under_a_permissive_umask(
    fake: FakeTelegram, api_transport: SerializedTransport, write_headers: dict[str, str], tmp_path: Path
) -> None:
    path = state_file(tmp_path / "home" / "data")
    old = os.umask(0)
    try:
        async with running_bot(fake, api_transport, write_headers, path):
            await _ask(fake, "/case all", "now shows all cases")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (path.parent, path.parent.parent, path.parent.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
