"""documents.columns: an analysis turned into the legal_documents columns it fills, and written by SQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.analysis.schemas import DocumentAnalysis, Evidence, Indicator, Score, Scores
from aseagi.documents.columns import (
    AnalysisValues,
    DocumentColumns,
    ScoreColumns,
    ScoreValues,
    analysis_columns,
    score_columns,
)
from aseagi.documents.schemas import LegalDocument as LegalDocumentSchema
from aseagi.models import LegalDocument


def indicator(kind: str, quote: str) -> Indicator:
    return Indicator(
        kind=kind,
        description=f"{kind} in the fictional report",
        confidence=0.75,
        evidence=[Evidence(document_id="doc-1", page=2, start=5, end=5 + len(quote), quote=quote)],
    )


FRAUD = indicator("dated_before_event", "signed March 1, 2024")
PERJURY = indicator("contradicted_sworn_statement", "mother never called")


def scored(**fields: object) -> DocumentAnalysis:
    scores = Scores(
        micro=Score(value=120), macro=Score(value=340), legal=Score(value=560), relevancy=Score(value=780)
    )
    return DocumentAnalysis(scores=scores, **fields)  # type: ignore[arg-type]


def test_score_columns_copy_the_scores_flag_and_indicators() -> None:
    columns = score_columns(scored(smoking_gun=True, fraud_indicators=[FRAUD], perjury_indicators=[PERJURY]))
    assert columns == ScoreColumns(
        micro_score=120,
        macro_score=340,
        legal_score=560,
        relevancy_score=780,
        smoking_gun=True,
        fraud_indicators=(FRAUD,),
        perjury_indicators=(PERJURY,),
    )
    values = columns.values()
    assert set(values) == set(ScoreValues.__required_keys__)
    assert values["fraud_indicators"] == [
        {
            "kind": "dated_before_event",
            "description": "dated_before_event in the fictional report",
            "confidence": 0.75,
            "evidence": [
                {
                    "document_id": "doc-1",
                    "file_name": None,
                    "page": 2,
                    "start": 5,
                    "end": 25,
                    "quote": "signed March 1, 2024",
                }
            ],
            "source": "local",
        }
    ]
    assert values["perjury_indicators"][0]["kind"] == "contradicted_sworn_statement"


def test_an_analysis_without_findings_gives_empty_indicators_and_no_docket() -> None:
    columns = analysis_columns(scored())
    assert columns.document_type == "other"
    assert (columns.docket_number, columns.title, columns.document_date) == (None, None, None)
    values = columns.values()
    assert values["smoking_gun"] is False
    assert values["fraud_indicators"] == [] and values["perjury_indicators"] == []


def test_analysis_columns_take_the_first_docket_and_keep_title_and_date_as_fallbacks() -> None:
    analysis = scored(
        document_type="minute_order",
        docket_numbers=["JV-2025-001234", "24FL001927"],
        title="Minute Order",
        document_date=dt.date(2025, 3, 5),
        smoking_gun=True,
    )
    columns = analysis_columns(analysis)
    assert isinstance(columns, DocumentColumns)
    assert columns.docket_number == "JV-2025-001234"
    assert (columns.title, columns.document_date) == ("Minute Order", dt.date(2025, 3, 5))
    assert columns.scores == score_columns(analysis)
    values = columns.values()
    assert "title" not in values and "document_date" not in values  # fallbacks only, never overwritten
    assert set(values) == set(AnalysisValues.__required_keys__)
    assert values["document_type"] == "minute_order"
    assert values["docket_number"] == "JV-2025-001234"
    assert values["relevancy_score"] == 780


def test_columns_are_frozen() -> None:
    columns = analysis_columns(scored())
    with pytest.raises(dataclasses.FrozenInstanceError):
        columns.docket_number = "JV-2025-000001"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        columns.scores.relevancy_score = 0  # type: ignore[misc]


async def test_the_values_are_written_as_they_are_and_read_back_by_the_api(session: AsyncSession) -> None:
    case = await add_case(session)
    doc = await add_document(session, case, title="Parser title", relevancy_score=0)
    analysis = scored(
        document_type="declaration",
        docket_numbers=["JV-2025-001234"],
        title="Declaration of the social worker",
        smoking_gun=True,
        fraud_indicators=[FRAUD],
        perjury_indicators=[PERJURY],
    )
    await session.execute(
        update(LegalDocument).where(LegalDocument.id == doc.id).values(**analysis_columns(analysis).values())
    )
    await session.refresh(doc)
    assert (doc.document_type, doc.docket_number, doc.title) == (
        "declaration",
        "JV-2025-001234",
        "Parser title",
    )
    assert (doc.micro_score, doc.macro_score, doc.legal_score, doc.relevancy_score) == (120, 340, 560, 780)
    assert doc.smoking_gun is True
    shown = LegalDocumentSchema.model_validate(doc)
    assert [Indicator.model_validate(i) for i in shown.fraud_indicators] == [FRAUD]
    assert [Indicator.model_validate(i) for i in shown.perjury_indicators] == [PERJURY]

    rescored = score_columns(scored()).values()
    await session.execute(update(LegalDocument).where(LegalDocument.id == doc.id).values(**rescored))
    await session.refresh(doc)
    assert (doc.smoking_gun, doc.fraud_indicators, doc.perjury_indicators) == (False, [], [])
    assert doc.document_type == "declaration"  # re-scoring leaves what the document is alone
