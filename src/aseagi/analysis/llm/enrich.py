"""The one entry point the ingestion job calls: enrich a stored document with Claude, if allowed.

Off unless the case's ``external_analysis`` is true AND ``ANTHROPIC_API_KEY`` is set: these records
concern a minor and nothing leaves the machine otherwise. Idempotent: a document whose analysis already
names the model (``analyzer`` ends ``+claude:<model>``) is not sent again. The service only flushes;
the caller's transaction commits. No row lock is held while Claude is asked: the analysis is re-read
under lock afterwards and Claude's findings are merged into whatever it is by then. ``due``, ``ask``
and ``store`` are the three steps, so a job can run them in separate transactions.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
import weakref
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis.llm import repository
from aseagi.analysis.llm.analyzer import ClaudeFindings, ask_claude
from aseagi.analysis.llm.client import ClaudeCallError, ClaudeClient
from aseagi.analysis.llm.merge import MergeOutcome, merge_findings, source_label
from aseagi.config import Settings, get_settings

log = logging.getLogger(__name__)

_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[tuple[Any, ...], ClaudeClient]] = (
    weakref.WeakKeyDictionary()
)


def enabled(settings: Settings, external_analysis: bool) -> bool:
    return bool(external_analysis and settings.anthropic_api_key)


def shared_client(settings: Settings) -> ClaudeClient:
    """One client per event loop, so one semaphore bounds every document the worker enriches."""
    loop = asyncio.get_running_loop()
    key = (
        settings.anthropic_api_key,
        settings.anthropic_base_url,
        settings.claude_model,
        settings.claude_concurrency,
    )
    cached = _clients.get(loop)
    if cached is None or cached[0] != key:
        cached = (key, ClaudeClient.from_settings(settings))
        _clients[loop] = cached
    return cached[1]


def _record(found: ClaudeFindings, merged: MergeOutcome) -> dict[str, Any]:
    return {
        "status": "done",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **found.cost.as_json(),
        "added": merged.added,
        "duplicates": merged.duplicates,
        "unusable": merged.unusable,
        "quotes_not_found": found.quotes_not_found,
        "invalid_findings": found.invalid_findings,
        "malformed_answers": found.malformed_answers,
        "failed_parts": found.failed_parts,
        "findings": [
            {
                "category": f.proposal.category,
                "page": f.evidence.page,
                "start": f.evidence.start,
                "end": f.evidence.end,
                "source": source_label(found.model),
            }
            for f in merged.kept
        ],
    }


async def due(
    session: AsyncSession, document_id: uuid.UUID, settings: Settings, client: ClaudeClient | None
) -> tuple[repository.EnrichmentInput, ClaudeClient] | None:
    """The document and the client to ask, or ``None`` when it must not (or need not) be sent."""
    row = await repository.load_input(session, document_id)
    if row is None or not enabled(settings, row.external_analysis):
        return None
    client = client or shared_client(settings)
    if source_label(client.model) in row.analysis.analyzer:
        return None
    return row, client


async def ask(row: repository.EnrichmentInput, client: ClaudeClient) -> ClaudeFindings | ClaudeCallError:
    """Claude's findings, or the error that ended the attempt (never raised: it is recorded)."""
    try:
        return await ask_claude(client, row.pages, file_name=row.file_name, document_id=str(row.document_id))
    except ClaudeCallError as error:
        log.warning("Claude analyzer skipped document %s: %s", row.document_id, error)
        return error


async def store(
    session: AsyncSession, document_id: uuid.UUID, model: str, result: ClaudeFindings | ClaudeCallError
) -> bool:
    """Merge into the analysis as it is now (re-read under lock) and record the cost, or the failure."""
    if isinstance(result, ClaudeCallError):
        failure = {
            "status": "failed",
            "model": model,
            "error": str(result),
            "attempts": result.attempts,
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        await repository.store_enrichment(session, document_id, None, failure)
        await session.flush()
        return False
    current = await repository.lock_analysis(session, document_id)
    if current is None:
        return False
    violations = await repository.violations_in(session, document_id)
    merged = merge_findings(current, result.findings, model=model, violations=violations)
    await repository.store_enrichment(session, document_id, merged.analysis, _record(result, merged))
    await session.flush()
    return True


async def claude_enrich(
    session: AsyncSession,
    document_id: uuid.UUID | str,
    *,
    settings: Settings | None = None,
    client: ClaudeClient | None = None,
) -> bool:
    """Ask Claude about the document and merge its findings; ``True`` when the analysis was enriched.

    ``False`` when not allowed, already done, the row has no text or analysis, or the call failed for
    good (then ``metadata["claude"]`` says ``failed`` and why; the ingestion still succeeds). The
    session's connection stays open during the call; for many documents use ``tasks.enrich_documents``.
    """
    settings = settings or get_settings()
    document_id = uuid.UUID(str(document_id))
    plan = await due(session, document_id, settings, client)
    if plan is None:
        return False
    row, client = plan
    return await store(session, document_id, client.model, await ask(row, client))
