"""The SQL the Claude analyzer needs: load a document for enrichment, store the merge, sum costs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis.schemas import DocumentAnalysis
from aseagi.documents.status import DocumentStatus
from aseagi.models import Case, DocumentOccurrence, LegalDocument, LegalViolation
from aseagi.models.document import PAGE_BREAK
from aseagi.models.violation import ReviewStatus


@dataclass(frozen=True)
class EnrichmentInput:
    document_id: uuid.UUID
    file_name: str
    pages: list[str]
    analysis: DocumentAnalysis
    external_analysis: bool
    """The case's consent to send its documents to Claude."""


async def load_input(session: AsyncSession, document_id: uuid.UUID) -> EnrichmentInput | None:
    """The document's pages and analysis with its case's consent; ``None`` without text or analysis."""
    row = (
        await session.execute(
            select(
                LegalDocument.file_name,
                LegalDocument.text,
                LegalDocument.analysis,
                func.coalesce(Case.external_analysis, False),
            )
            .outerjoin(Case, Case.id == LegalDocument.case_id)
            .where(LegalDocument.id == document_id, LegalDocument.status == DocumentStatus.DONE)
        )
    ).one_or_none()
    if row is None or row[1] is None or row[2] is None:
        return None
    file_name, text, analysis, consent = row
    return EnrichmentInput(
        document_id=document_id,
        file_name=file_name,
        pages=text.split(PAGE_BREAK),
        analysis=DocumentAnalysis.model_validate(analysis),
        external_analysis=bool(consent),
    )


async def lock_analysis(session: AsyncSession, document_id: uuid.UUID) -> DocumentAnalysis | None:
    """The current analysis, row locked: case analysis may have re-scored it while Claude was asked."""
    value = await session.scalar(
        select(LegalDocument.analysis).where(LegalDocument.id == document_id).with_for_update()
    )
    return DocumentAnalysis.model_validate(value) if value is not None else None


async def violations_in(session: AsyncSession, document_id: uuid.UUID) -> int:
    """Violations whose evidence lies in the document and that nobody dismissed (as scoring counts them)."""
    count = await session.scalar(
        select(func.count())
        .select_from(LegalViolation)
        .where(
            LegalViolation.document_id == document_id,
            LegalViolation.review_status != ReviewStatus.DISMISSED,
        )
    )
    return int(count or 0)


async def store_enrichment(
    session: AsyncSession,
    document_id: uuid.UUID,
    analysis: DocumentAnalysis | None,
    claude: dict[str, Any],
) -> None:
    """The merged analysis and its columns (when given), and ``metadata["claude"]`` (always)."""
    values: dict[str, Any] = {
        "metadata_": LegalDocument.metadata_.op("||")(literal({"claude": claude}, type_=JSONB)),
    }
    if analysis is not None:
        values |= {
            "analysis": analysis.model_dump(mode="json"),
            "micro_score": analysis.scores.micro.value,
            "macro_score": analysis.scores.macro.value,
            "legal_score": analysis.scores.legal.value,
            "relevancy_score": analysis.scores.relevancy.value,
            "smoking_gun": analysis.smoking_gun,
            "fraud_indicators": [i.model_dump(mode="json") for i in analysis.fraud_indicators],
            "perjury_indicators": [i.model_dump(mode="json") for i in analysis.perjury_indicators],
        }
    await session.execute(update(LegalDocument).where(LegalDocument.id == document_id).values(**values))


async def batch_cost(session: AsyncSession, batch_id: uuid.UUID) -> dict[str, Any]:
    """Claude's tokens and dollars over the documents a processing batch saw, summed in SQL."""
    claude = LegalDocument.metadata_["claude"]
    in_batch = select(DocumentOccurrence.document_id).where(DocumentOccurrence.batch_id == batch_id)
    row = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(claude["calls"].as_integer()), 0),
                func.coalesce(func.sum(claude["attempts"].as_integer()), 0),
                func.coalesce(func.sum(claude["input_tokens"].as_integer()), 0),
                func.coalesce(func.sum(claude["output_tokens"].as_integer()), 0),
                func.coalesce(func.sum(claude["cost_usd"].as_float()), 0.0),
            ).where(LegalDocument.id.in_(in_batch), claude.isnot(None))
        )
    ).one()
    documents, calls, attempts, input_tokens, output_tokens, cost = row
    return {
        "documents": int(documents),
        "calls": int(calls),
        "attempts": int(attempts),
        "input_tokens": int(input_tokens),
        "output_tokens": int(output_tokens),
        "cost_usd": round(float(cost), 6),
    }
