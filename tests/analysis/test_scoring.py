"""Scores: bounded, explained, ordered as the domain says, and re-scored with indicators."""

from __future__ import annotations

from aseagi.analysis import analyze_document, rescore
from aseagi.analysis.schemas import DocumentAnalysis, Evidence, Indicator

ORDER = ["Case No. J24-00478\nFINDINGS AND ORDERS AFTER HEARING\nThe court finds under WIC 319(b).\n"]
EMAIL = ["From: a@example.org\nTo: b@example.org\nSubject: hi\nDate: Mon, 4 Mar 2024 10:00\n\nSee you."]
SWORN = [
    "DECLARATION OF ANNA PARK\nCase No. J24-00478\nThe mother was contacted by telephone on March 2, 2024.\n"
    "I declare under penalty of perjury under the laws of the State of California that the foregoing is true "
    "and correct.\nExecuted on March 4, 2024."
]


def _indicator(analysis: DocumentAnalysis, confidence: float) -> Indicator:
    return Indicator(
        kind="contradicted_sworn_statement",
        description="phone log shows no call",
        confidence=confidence,
        evidence=[analysis.statements[0].evidence],
    )


def _check_sums(analysis: DocumentAnalysis) -> None:
    for score in (
        analysis.scores.micro,
        analysis.scores.macro,
        analysis.scores.legal,
        analysis.scores.relevancy,
    ):
        assert 0 <= score.value <= 999
        assert score.value == min(999, max(0, sum(c.points for c in score.breakdown)))


def test_legal_weight_order() -> None:
    order, email, sworn = (analyze_document(p) for p in (ORDER, EMAIL, SWORN))
    for analysis in (order, email, sworn):
        _check_sums(analysis)
    assert order.scores.legal.value > email.scores.legal.value
    assert sworn.scores.legal.value > email.scores.legal.value
    assert any(
        c.factor == "signed under penalty of perjury" and c.evidence for c in sworn.scores.legal.breakdown
    )


def test_micro_is_the_strongest_passage_with_evidence() -> None:
    analysis = analyze_document(SWORN)
    top = analysis.scores.micro.breakdown[0]
    assert top.evidence is not None
    assert "contacted by telephone" in top.evidence.quote
    assert analysis.scores.micro.value == 350 + 150 + 100 + 50


def test_rescore_with_indicator_makes_a_smoking_gun() -> None:
    analysis = analyze_document(SWORN)
    assert not analysis.smoking_gun
    strong = rescore(analysis, perjury=[_indicator(analysis, 0.95)], violations=2)
    _check_sums(strong)
    assert strong.perjury_indicators
    assert strong.scores.relevancy.value > analysis.scores.relevancy.value
    assert strong.scores.micro.breakdown[0].factor.startswith("indicator")
    assert strong.smoking_gun == (strong.scores.relevancy.value >= 900)
    weak = rescore(analysis, perjury=[_indicator(analysis, 0.5)])
    assert not weak.smoking_gun


def test_rescore_keeps_lists_not_passed_and_is_deterministic() -> None:
    analysis = analyze_document(SWORN)
    once = rescore(analysis, fraud=[_indicator(analysis, 0.9)])
    twice = rescore(once)
    assert twice.fraud_indicators == once.fraud_indicators
    assert twice.scores == once.scores


def test_smoking_gun_needs_relevancy_900() -> None:
    analysis = analyze_document(EMAIL)
    evidence = Evidence(page=1, start=0, end=4, quote=EMAIL[0][:4])
    indicator = Indicator(kind="dated_before_event", description="d", confidence=1.0, evidence=[evidence])
    boosted = rescore(analysis, fraud=[indicator])
    assert boosted.scores.relevancy.value < 900
    assert not boosted.smoking_gun
