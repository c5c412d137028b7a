"""claude_enrich on PostgreSQL: only with consent and a key, merged, accounted, idempotent."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from tests.analysis.llm.fake_messages_api import FakeMessagesAPI, server_error

from aseagi.analysis import analyze_document
from aseagi.analysis.llm import claude_enrich
from aseagi.analysis.llm.client import ClaudeClient
from aseagi.analysis.llm.repository import batch_cost
from aseagi.analysis.llm.tasks import enrich_documents
from aseagi.analysis.schemas import DocumentAnalysis
from aseagi.config import Settings
from aseagi.kit.db import session_factory, transaction
from aseagi.models import Case, DocumentOccurrence, LegalDocument, ProcessingBatch

PAGES = [
    "SOCIAL WORKER REPORT\nCase No. JV-2025-001234\nThe mother was called on March 2, 2025.\n",
    "This report was signed on February 27, 2025, before the visit of March 1, 2025 it describes.\n",
]
BACKDATED = "This report was signed on February 27, 2025, before the visit of March 1, 2025 it describes."


def analyst(pages: dict[int, str]) -> list[dict[str, Any]]:
    return [
        {
            "category": "fraud_indicator",
            "page": 2,
            "quote": BACKDATED,
            "description": "Signed before the visit it reports.",
            "confidence": 0.9,
            "kind": "dated_before_event",
        },
        {"category": "fraud_indicator", "page": 1, "quote": "The mother refused all services.",
         "description": "invented", "confidence": 0.9},
    ]  # fmt: skip


def settings_for(api: FakeMessagesAPI, tmp_path: Path, *, key: str | None = "test-key") -> Settings:
    return Settings(  # type: ignore[call-arg]
        ASEAGI_DATA_DIR=tmp_path,
        ANTHROPIC_API_KEY=key,
        ANTHROPIC_BASE_URL=api.base_url,
        ASEAGI_CLAUDE_MODEL="claude-sonnet-5-5",
    )


async def _document(session: AsyncSession, *, consent: bool) -> uuid.UUID:
    case = Case(docket_number=f"JV-2025-{uuid.uuid4().hex[:6]}", external_analysis=consent)
    session.add(case)
    await session.flush()
    analysis = analyze_document(PAGES, file_name="report.pdf")
    document = LegalDocument(
        case_id=case.id,
        file_name="report.pdf",
        sha256=uuid.uuid4().hex,
        status="done",
        text="\f".join(PAGES),
        analysis=analysis.model_dump(mode="json"),
        relevancy_score=analysis.scores.relevancy.value,
    )
    session.add(document)
    await session.flush()
    return document.id


async def _row(session: AsyncSession, document_id: uuid.UUID) -> LegalDocument:
    session.expire_all()
    row = await session.scalar(select(LegalDocument).where(LegalDocument.id == document_id))
    assert row is not None
    return row


async def test_enriches_with_consent_and_key(
    session: AsyncSession, fake_api: FakeMessagesAPI, tmp_path: Path
) -> None:
    fake_api.analyst = analyst
    settings = settings_for(fake_api, tmp_path)
    document_id = await _document(session, consent=True)
    before = (await _row(session, document_id)).relevancy_score

    assert await claude_enrich(session, document_id, settings=settings) is True

    row = await _row(session, document_id)
    analysis = DocumentAnalysis.model_validate(row.analysis)
    claude_indicators = [i for i in analysis.fraud_indicators if i.source == "claude:claude-sonnet-5-5"]
    assert len(claude_indicators) == 1
    evidence = claude_indicators[0].evidence[0]
    assert (evidence.page, evidence.quote, evidence.document_id) == (2, BACKDATED, str(document_id))
    assert PAGES[1][evidence.start : evidence.end] == BACKDATED
    assert row.fraud_indicators == [i.model_dump(mode="json") for i in analysis.fraud_indicators]
    assert row.relevancy_score == analysis.scores.relevancy.value > before
    record = row.metadata_["claude"]
    assert record["status"] == "done"
    assert record["model"] == "claude-sonnet-5-5"
    assert record["quotes_not_found"] == 1
    assert record["input_tokens"] > 0
    assert record["output_tokens"] > 0
    assert record["cost_usd"] > 0
    assert record["findings"] == [
        {"category": "fraud_indicator", "page": 2, "start": evidence.start, "end": evidence.end,
         "source": "claude:claude-sonnet-5-5"}
    ]  # fmt: skip
    # The request went out with the schema, only the document's text, and no forced tool for Sonnet 5.5.
    assert fake_api.requests[0]["tool_choice"] == {"type": "auto"}

    # Running it again sends nothing and changes nothing.
    assert await claude_enrich(session, document_id, settings=settings) is False
    assert len(fake_api.requests) == 1
    assert (await _row(session, document_id)).analysis == row.analysis


async def test_off_without_consent_or_key(
    session: AsyncSession, fake_api: FakeMessagesAPI, tmp_path: Path
) -> None:
    private = await _document(session, consent=False)
    assert await claude_enrich(session, private, settings=settings_for(fake_api, tmp_path)) is False
    allowed = await _document(session, consent=True)
    assert await claude_enrich(session, allowed, settings=settings_for(fake_api, tmp_path, key=None)) is False
    assert fake_api.requests == []
    assert "claude" not in (await _row(session, allowed)).metadata_


async def test_failure_is_recorded_not_raised(
    session: AsyncSession, fake_api: FakeMessagesAPI, tmp_path: Path
) -> None:
    fake_api.then(*[server_error()] * 10)
    client = ClaudeClient(api_key="k", model="claude-sonnet-5-5", base_url=fake_api.base_url)
    client.retry = type(client.retry)(attempts=2, first_delay=0.01)
    document_id = await _document(session, consent=True)
    before = (await _row(session, document_id)).analysis
    try:
        ran = await claude_enrich(
            session, document_id, settings=settings_for(fake_api, tmp_path), client=client
        )
    finally:
        await client.aclose()
    assert ran is False
    row = await _row(session, document_id)
    assert row.analysis == before
    assert row.metadata_["claude"]["status"] == "failed"
    assert "500" in row.metadata_["claude"]["error"]


async def test_batch_cost_sums_in_sql(
    session: AsyncSession, fake_api: FakeMessagesAPI, tmp_path: Path
) -> None:
    settings = settings_for(fake_api, tmp_path)
    ids = [await _document(session, consent=True) for _ in range(3)]
    batch = ProcessingBatch(job_id=f"job-{uuid.uuid4().hex[:8]}", source="/inbox", status="done")
    session.add(batch)
    await session.flush()
    batch_id = batch.id
    for document_id in ids[:2]:
        session.add(
            DocumentOccurrence(document_id=document_id, batch_id=batch_id, source=f"/inbox/{document_id}")
        )
    await session.flush()
    for document_id in ids:
        assert await claude_enrich(session, document_id, settings=settings) is True
    rows = [(await _row(session, d)).metadata_["claude"] for d in ids[:2]]
    total = await batch_cost(session, batch_id)
    assert total["documents"] == 2
    assert total["calls"] == 2
    assert total["input_tokens"] == sum(r["input_tokens"] for r in rows)
    assert total["cost_usd"] == round(sum(r["cost_usd"] for r in rows), 6)


async def test_enrich_documents_commits_each(
    engine: AsyncEngine, fake_api: FakeMessagesAPI, tmp_path: Path
) -> None:
    sessions = session_factory(engine)
    async with transaction(sessions) as session:
        ids = [await _document(session, consent=True) for _ in range(4)]
        private = await _document(session, consent=False)
        case_ids = list(
            await session.scalars(select(LegalDocument.case_id).where(LegalDocument.id.in_([*ids, private])))
        )
    try:
        ran = await enrich_documents(sessions, [*ids, private], settings=settings_for(fake_api, tmp_path))
        assert ran == 4
        assert len(fake_api.requests) == 4
        async with sessions() as session:
            analyzers = set(
                await session.scalars(
                    select(LegalDocument.analysis["analyzer"].as_string()).where(LegalDocument.id.in_(ids))
                )
            )
        assert analyzers == {"local+claude:claude-sonnet-5-5"}
        assert await enrich_documents(sessions, ids, settings=settings_for(fake_api, tmp_path)) == 0
    finally:
        async with transaction(sessions) as session:
            await session.execute(delete(Case).where(Case.id.in_(case_ids)))
