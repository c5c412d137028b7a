"""The ``legal_documents`` columns that copy a document's analysis, computed in one place.

Ingestion fills them all when a document is analyzed; case analysis re-scores a document and rewrites
only the score columns. Both call these, so a score column added here is written by both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict

from aseagi.analysis.schemas import DocumentAnalysis, Indicator

__all__ = [
    "AnalysisValues",
    "DocumentColumns",
    "ScoreColumns",
    "ScoreValues",
    "analysis_columns",
    "score_columns",
]


class ScoreValues(TypedDict):
    """``ScoreColumns`` by column name: what SQL takes."""

    micro_score: int
    macro_score: int
    legal_score: int
    relevancy_score: int
    smoking_gun: bool
    fraud_indicators: list[dict[str, Any]]
    """JSON: each indicator with its evidence."""
    perjury_indicators: list[dict[str, Any]]


class AnalysisValues(ScoreValues):
    """``DocumentColumns`` by column name: what SQL takes."""

    document_type: str
    docket_number: str | None


@dataclass(frozen=True)
class ScoreColumns:
    """What re-scoring a document changes: its scores, its smoking-gun flag and its indicators."""

    micro_score: int
    macro_score: int
    legal_score: int
    relevancy_score: int
    smoking_gun: bool
    fraud_indicators: tuple[Indicator, ...]
    """Stored as a JSON array of indicators, each with its evidence."""
    perjury_indicators: tuple[Indicator, ...]

    def values(self) -> ScoreValues:
        """The columns by name, as SQL takes them (the only place they become a mapping)."""
        return {
            "micro_score": self.micro_score,
            "macro_score": self.macro_score,
            "legal_score": self.legal_score,
            "relevancy_score": self.relevancy_score,
            "smoking_gun": self.smoking_gun,
            "fraud_indicators": [i.model_dump(mode="json") for i in self.fraud_indicators],
            "perjury_indicators": [i.model_dump(mode="json") for i in self.perjury_indicators],
        }


@dataclass(frozen=True)
class DocumentColumns:
    """Every column an analysis fills: what the document is, then its scores."""

    document_type: str
    docket_number: str | None
    """The first docket the analysis found (the caption's, when it has one)."""
    title: str | None
    """The analysis's title: the document's ``title`` when its parser found none."""
    document_date: dt.date | None
    """The date the document states: its ``document_date`` when its parser found none."""
    scores: ScoreColumns

    def values(self) -> AnalysisValues:
        """The columns the analysis owns outright (``title`` and ``document_date`` are fallbacks only)."""
        return {
            "document_type": self.document_type,
            "docket_number": self.docket_number,
            **self.scores.values(),
        }


def score_columns(analysis: DocumentAnalysis) -> ScoreColumns:
    scores = analysis.scores
    return ScoreColumns(
        micro_score=scores.micro.value,
        macro_score=scores.macro.value,
        legal_score=scores.legal.value,
        relevancy_score=scores.relevancy.value,
        smoking_gun=analysis.smoking_gun,
        fraud_indicators=tuple(analysis.fraud_indicators),
        perjury_indicators=tuple(analysis.perjury_indicators),
    )


def analysis_columns(analysis: DocumentAnalysis) -> DocumentColumns:
    return DocumentColumns(
        document_type=analysis.document_type,
        docket_number=analysis.docket_numbers[0] if analysis.docket_numbers else None,
        title=analysis.title,
        document_date=analysis.document_date,
        scores=score_columns(analysis),
    )
