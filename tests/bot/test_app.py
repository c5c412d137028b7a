"""A self-hosted Bot API server: its URL for every call, and PTB's local mode for files (no 20 MB limit)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.bot.app import build_application
from aseagi.bot.config import BotConfig
from aseagi.models import LegalDocument
from tests.bot.conftest import ALLOWED, Harness
from tests.bot.fake_telegram import BOT_TOKEN


async def test_a_self_hosted_server_is_used_in_local_mode() -> None:
    config = BotConfig(token=BOT_TOKEN, allowed_users=frozenset({1}), telegram_api_url="http://bot-api:8081/")
    application = build_application(config)
    assert application.bot.local_mode is True
    assert application.bot.base_url == f"http://bot-api:8081/bot{BOT_TOKEN}"
    assert application.bot.base_file_url == f"http://bot-api:8081/file/bot{BOT_TOKEN}"
    assert application.updater is not None
    await application.bot_data["api"].close()


async def test_the_cloud_api_by_default_and_no_updater_for_webhooks() -> None:
    config = BotConfig(token=BOT_TOKEN, allowed_users=frozenset({1}))
    application = build_application(config, polling=False)
    assert application.bot.local_mode is False
    assert application.bot.base_url == f"https://api.telegram.org/bot{BOT_TOKEN}"
    assert application.bot.base_file_url == f"https://api.telegram.org/file/bot{BOT_TOKEN}"
    assert application.updater is None
    await application.bot_data["api"].close()


async def test_a_large_file_is_read_from_the_local_server_disk(
    harness: Harness, session: AsyncSession, tmp_path: Path
) -> None:
    """The local server answers getFile with a path on its disk; the bot reads it there (over 20 MB)."""
    harness.fake.local_dir = tmp_path / "telegram-bot-api"
    content = b"%PDF-1.4 fictional scanned report " + uuid.uuid4().bytes + b"\0" * (21 * 1024 * 1024)
    after = len(harness.fake.sent)
    harness.fake.document(ALLOWED, "scanned report.pdf", content, file_id="big-1")
    await harness.fake.wait_text("Received", after=after)
    for _ in range(500):
        async with harness.db_lock:
            row = await session.scalar(
                select(LegalDocument).where(LegalDocument.file_name == "scanned report.pdf")
            )
        if row is not None:
            break
        await asyncio.sleep(0.02)
    assert row is not None
    assert row.size_bytes == len(content)
    assert harness.fake.downloads == []  # nothing fetched over HTTP
