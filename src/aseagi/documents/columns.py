"""The ``legal_documents`` columns that copy a document's analysis, computed in one place.

Ingestion fills them all when a document is analyzed; case analysis re-scores a document and rewrites
only the score columns. Both call these, so a score column added here is written by both.
"""

from __future__ import annotations

from typing import Any

from aseagi.analysis.schemas import DocumentAnalysis

__all__ = ["analysis_columns", "score_columns"]


def score_columns(analysis: DocumentAnalysis) -> dict[str, Any]:
    """The scores, the smoking-gun flag and the indicators: what re-scoring a document changes."""
    scores = analysis.scores
    return {
        "micro_score": scores.micro.value,
        "macro_score": scores.macro.value,
        "legal_score": scores.legal.value,
        "relevancy_score": scores.relevancy.value,
        "smoking_gun": analysis.smoking_gun,
        "fraud_indicators": [i.model_dump(mode="json") for i in analysis.fraud_indicators],
        "perjury_indicators": [i.model_dump(mode="json") for i in analysis.perjury_indicators],
    }


def analysis_columns(analysis: DocumentAnalysis) -> dict[str, Any]:
    """Every column an analysis fills: what the document is, then its scores."""
    return {
        "document_type": analysis.document_type,
        "docket_number": analysis.docket_numbers[0] if analysis.docket_numbers else None,
        "analysis_title": analysis.title,
        "analysis_date": analysis.document_date,
        **score_columns(analysis),
    }
