"""Enrich many stored documents at once, without holding a database connection while Claude thinks.

For a job wrapper (a chunk of ingested files, a batch): ids in, how many were enriched out. Each
document is checked in one short transaction, asked with no connection held, and stored in a second
short transaction; documents that are not allowed or already done cost one SELECT and nothing else.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aseagi.analysis.llm import enrich
from aseagi.analysis.llm.client import ClaudeClient
from aseagi.config import Settings, get_settings
from aseagi.kit.db import transaction


async def enrich_documents(
    sessions: async_sessionmaker[AsyncSession],
    document_ids: Iterable[uuid.UUID | str],
    *,
    settings: Settings | None = None,
    client: ClaudeClient | None = None,
) -> int:
    """``claude_enrich`` for each id, all in flight within the client's concurrency; the number that ran."""
    settings = settings or get_settings()
    if not settings.anthropic_api_key:
        return 0

    async def one(document_id: uuid.UUID) -> bool:
        async with transaction(sessions) as session:
            plan = await enrich.due(session, document_id, settings, client)
        if plan is None:
            return False
        row, chosen = plan
        result = await enrich.ask(row, chosen)
        async with transaction(sessions) as session:
            return await enrich.store(session, document_id, chosen.model, result)

    results = await asyncio.gather(*(one(uuid.UUID(str(d))) for d in document_ids))
    return sum(results)
