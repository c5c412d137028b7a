"""The evaluation's matching: precision and recall computed right on hand-made predictions."""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from aseagi.demo import generate_case
from aseagi.demo.evaluate import evaluate, format_table, score_case
from aseagi.demo.field_scoring import (
    FieldScore,
    PredictedContradiction,
    PredictedViolation,
    citation_key,
    count_sets,
    docket_key,
    judged,
    match_contradictions,
    match_violations,
)
from aseagi.demo.truth import ContradictionTruth, GroundTruth, ViolationTruth

D = dt.date


def test_count_sets_counts_and_ignores() -> None:
    tp, fp, fn, misses = count_sets({1, 2, 3}, {2, 3, 4, 9}, ignored={9})
    assert (tp, fp, fn) == (2, 1, 1)
    assert misses == ["-1", "+4"]
    # an ignored item that is also expected still counts as found
    assert count_sets({9}, {9}, ignored={9})[:3] == (1, 0, 0)


def test_keys_ignore_typography_only() -> None:
    assert docket_key("j24-00478") == docket_key("J2400478")
    assert docket_key("3:25-cv-01234-ABC") == "325CV01234ABC"
    assert citation_key("25 U.S.C. § 1912") == citation_key("25 USC 1912")
    assert citation_key("6 Cal. 4th 68") == citation_key("6 Cal.4th 68")
    assert citation_key("WIC 319(b)") != citation_key("WIC 319")


def test_precision_and_recall() -> None:
    score = FieldScore(field="dates", tp=9, fp=1, fn=3)
    assert score.precision == pytest.approx(0.9)
    assert score.recall == pytest.approx(0.75)
    assert FieldScore(field="dates").precision is None


def test_targets_decide_pass_and_fail() -> None:
    assert judged(FieldScore(field="dockets", tp=99, fp=1, fn=1)).passed is True
    assert judged(FieldScore(field="dockets", tp=90, fp=0, fn=10)).passed is False
    assert judged(FieldScore(field="ms_per_page", value=300.0)).passed is False
    assert judged(FieldScore(field="false_alarms_per_10_docs", value=0.5)).passed is True
    assert judged(FieldScore(field="deadlines", available=False)).passed is None


PLANTED = [
    ViolationTruth(
        legal_basis="WIC 294(c)(1)", date=D(2025, 10, 14), acceptable_dates=[D(2025, 11, 13)],
        description="late notice", documents=["a.pdf"],
    ),
    ViolationTruth(
        legal_basis="WIC 334", date=D(2024, 12, 23), description="late hearing", documents=["b.pdf"],
    ),
]  # fmt: skip


def test_violations_match_on_section_and_an_acceptable_date() -> None:
    predicted = [
        PredictedViolation("WIC 294(c)", D(2025, 11, 13)),  # acceptable date, looser subdivision
        PredictedViolation("WIC 294(c)(1)", D(2025, 10, 14)),  # a repeat: not a false alarm
        PredictedViolation("WIC 334", D(2024, 12, 24)),  # wrong date
        PredictedViolation("WIC 358(a)", D(2025, 1, 8)),  # nothing planted
    ]
    tp, fp, fn, misses = match_violations(PLANTED, predicted)
    assert (tp, fp, fn) == (1, 2, 1)
    assert "-WIC 334 2024-12-23" in misses


def test_violation_with_several_bases_matches_any() -> None:
    planted = [ViolationTruth(legal_basis="WIC 224.2", date=D(2024, 12, 18), description="", documents=[])]
    assert match_violations(planted, [PredictedViolation("WIC 224.2; 25 U.S.C. § 1912", None)])[:3] == (
        1,
        0,
        0,
    )


def test_contradictions_need_the_sworn_file_and_one_contradicting_file() -> None:
    planted = [
        ContradictionTruth(description="", sworn_document="r.pdf", contradicting_documents=["log", "mail"])
    ]
    right = PredictedContradiction("r.pdf", frozenset({"mail"}))
    wrong_source = PredictedContradiction("r.pdf", frozenset({"notes.txt"}))
    wrong_statement = PredictedContradiction("other.pdf", frozenset({"log"}))
    assert match_contradictions(planted, [right])[:3] == (1, 0, 0)
    assert match_contradictions(planted, [wrong_source, wrong_statement])[:3] == (0, 2, 1)


@dataclass
class HandDeadline:
    citation: str
    due_date: dt.date


@dataclass
class HandViolation:
    legal_basis: str
    date: dt.date | None


@dataclass
class HandEvidence:
    document_id: str | None


@dataclass
class HandContradiction:
    statement_document_id: str
    contradicting: list[HandEvidence]


@dataclass
class HandCase:
    deadlines: list[HandDeadline] = field(default_factory=list)
    violations: list[HandViolation] = field(default_factory=list)
    contradictions: list[HandContradiction] = field(default_factory=list)
    fraud_indicators: dict[str, list[str]] = field(default_factory=dict)
    perjury_indicators: dict[str, list[str]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo-eval")
    generate_case(out)
    return out


def test_score_case_on_a_perfect_and_a_noisy_prediction(case_dir: Path) -> None:
    truth = GroundTruth.model_validate_json((case_dir / "ground_truth.json").read_text())
    perfect = HandCase(
        deadlines=[HandDeadline(d.rule, d.due_date) for d in truth.deadlines if d.required],
        violations=[HandViolation(v.legal_basis, v.date) for v in truth.violations],
        contradictions=[
            HandContradiction(c.sworn_document, [HandEvidence(f"{c.contradicting_documents[0]}::0:x")])
            for c in truth.contradictions
        ],
        fraud_indicators={f.document: ["x"] for f in truth.fraud},
        perjury_indicators={c.sworn_document: ["x"] for c in truth.contradictions},
    )
    scores = {s.field: s for s in score_case(truth, perfect, file_count=48)}
    for name in ("deadlines", "violations", "contradictions", "perjury_indicators", "fraud"):
        assert (scores[name].fp, scores[name].fn) == (0, 0), name
    assert scores["false_alarms_per_10_docs"].value == 0

    noisy = HandCase(
        deadlines=[HandDeadline("WIC 334", D(2024, 12, 13)), HandDeadline("WIC 366.21(f)", D(2025, 12, 23))],
        violations=[HandViolation("WIC 358(a)", D(2025, 1, 16))],  # the good-cause continuance: a false alarm
        fraud_indicators={"2025-01-08_minute_order_continuance.pdf": ["x"]},
    )
    scores = {s.field: s for s in score_case(truth, noisy, file_count=48)}
    # the optional 366.21(f) deadline is neither credited nor penalized; the off-by-one 334 date is wrong
    assert (scores["deadlines"].tp, scores["deadlines"].fp) == (0, 1)
    assert scores["violations"].fp == 1
    assert scores["fraud"].fp == 1
    assert scores["false_alarms_per_10_docs"].value == pytest.approx(2 * 10 / 48, abs=0.01)


@pytest.mark.slow
def test_end_to_end_evaluation_runs_and_reports_every_field(case_dir: Path) -> None:
    if importlib.util.find_spec("aseagi.analysis.case_rules") is None:
        pytest.skip("case analysis not written yet")
    report = evaluate(case_dir)
    names = [score.field for score in report.fields]
    assert names[:3] == ["dockets", "citations", "dates"]
    assert {"ms_per_page", "false_alarms_per_10_docs"} <= set(names)
    assert report.files == 48
    assert report.documents >= 48
    dockets = report.field("dockets")
    assert dockets.available
    assert (dockets.recall or 0) > 0.5
    table = format_table(report)
    assert "precision" in table
