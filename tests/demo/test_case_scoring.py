"""Case-level scoring on small hand-built cases: what lowers precision or recall, what is a false alarm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from aseagi.analysis.rules import load_rules
from aseagi.cli.main import app
from aseagi.demo.case_scoring import (
    PredictedDeadline,
    PredictedFlag,
    TimelineEvent,
    match_events,
    score_case_level,
    score_deadlines,
)
from aseagi.demo.case_truth import (
    CaseDeadlineTruth,
    CaseTruth,
    EventTruth,
    second_case_truth,
    write_second_case,
)
from aseagi.demo.field_scoring import PredictedContradiction, PredictedViolation
from aseagi.demo.truth import ContradictionTruth, ViolationTruth

D = dt.date


def truth_events() -> list[EventTruth]:
    return [
        EventTruth(key="removal", date=D(2025, 3, 4), type="removal"),
        EventTruth(
            key="juris-set",
            date=D(2025, 3, 26),
            type="jurisdiction_hearing",
            status="continued",
            continued_to="juris",
        ),
        EventTruth(key="juris", date=D(2025, 4, 16), type="jurisdiction_hearing", status="held"),
        EventTruth(key="report", date=D(2025, 4, 9), type="filing", required=False),
    ]


def event(key: str, day: dt.date, kind: str, status: str = "unknown", to: str | None = None) -> TimelineEvent:
    return TimelineEvent(key=key, event_date=day, event_type=kind, status=status, continued_to=to)


def perfect_timeline() -> list[TimelineEvent]:
    return [
        event("a", D(2025, 3, 4), "removal", "held"),
        event("b", D(2025, 3, 26), "jurisdiction_hearing", "continued", to="c"),
        event("c", D(2025, 4, 16), "jurisdiction_hearing", "held"),
    ]


def case_truth(**changes: object) -> CaseTruth:
    fields: dict[str, object] = {
        "case": "TEST",
        "today": D(2026, 1, 1),
        "events": truth_events(),
        "deadlines": [
            CaseDeadlineTruth(rule="wic-334-jurisdiction-detained", due_date=D(2025, 3, 28)),
            CaseDeadlineTruth(rule="WIC 366.21(f)", due_date=D(2026, 4, 16), required=False),
        ],
        "violations": [
            ViolationTruth(
                legal_basis="WIC 334",
                date=D(2025, 4, 16),
                acceptable_dates=[D(2025, 3, 28)],
                description="late jurisdiction",
                documents=["minutes.txt"],
            )
        ],
        "contradictions": [
            ContradictionTruth(
                description="report vs texts", sworn_document="report.md", contradicting_documents=["sms.xml"]
            )
        ],
    }
    fields.update(changes)
    return CaseTruth.model_validate(fields)


def test_a_perfect_timeline_finds_every_required_event_once_with_its_status_chain() -> None:
    result = match_events(truth_events(), perfect_timeline())
    assert (result.found, result.duplicates, result.extras, result.missed) == (3, 0, 0, 0)
    assert result.true_events == 3
    assert (result.status_right, result.status_judged) == (2, 2)


def test_a_duplicate_event_lowers_precision_not_recall() -> None:
    again = event("d", D(2025, 4, 16), "hearing", "held")
    scores = score_case_level(case_truth(), [*perfect_timeline(), again], [], [], [])
    events = scores[0]
    assert (events.tp, events.fp, events.fn) == (3, 1, 0)
    assert events.precision == pytest.approx(0.75)
    assert events.recall == 1.0
    assert "1 duplicates" in events.note
    per_true = scores[1]
    assert per_true.value == pytest.approx(4 / 3, abs=0.01)
    assert per_true.passed is False


def test_a_missed_event_lowers_recall_and_a_wrong_date_is_an_extra() -> None:
    timeline = [
        event("a", D(2025, 3, 4), "removal"),
        event("c", D(2025, 4, 18), "jurisdiction_hearing", "held"),  # an e-mail's wrong date
    ]
    result = match_events(truth_events(), timeline)
    assert (result.found, result.extras, result.missed) == (1, 1, 2)
    assert "-2025-04-16 jurisdiction_hearing juris" in result.examples


def test_a_continued_hearing_shown_as_held_or_chained_to_the_wrong_hearing_has_the_wrong_status() -> None:
    held = [
        *perfect_timeline()[:1],
        event("b", D(2025, 3, 26), "jurisdiction_hearing", "held"),
        perfect_timeline()[2],
    ]
    assert match_events(truth_events(), held).status_right == 1
    unchained = [
        *perfect_timeline()[:1],
        event("b", D(2025, 3, 26), "jurisdiction_hearing", "continued", to="a"),
    ]
    assert match_events(truth_events(), [*unchained, perfect_timeline()[2]]).status_right == 1


def test_optional_facts_and_orders_made_at_a_held_hearing_count_neither_way() -> None:
    timeline = [
        *perfect_timeline(),
        event("r", D(2025, 4, 9), "filing"),
        event("o", D(2025, 4, 16), "order"),
    ]
    result = match_events(truth_events(), timeline)
    assert (result.found, result.duplicates, result.extras, result.ignored) == (3, 0, 0, 2)
    assert result.scored_events == 3


def test_deadlines_must_be_exact_and_a_moot_one_is_not_judged() -> None:
    truth = case_truth()
    right = score_deadlines(truth, [PredictedDeadline("WIC 334", D(2025, 3, 28))])
    assert (right.tp, right.fp, right.fn, right.passed) == (1, 0, 0, True)
    moot_too = score_deadlines(
        truth,
        [PredictedDeadline("WIC 334", D(2025, 3, 28)), PredictedDeadline("WIC 366.21(f)", D(2026, 4, 16))],
    )
    assert (moot_too.fp, moot_too.passed) == (0, True)
    off_by_a_day = score_deadlines(truth, [PredictedDeadline("WIC 334", D(2025, 3, 27))])
    assert (off_by_a_day.tp, off_by_a_day.fp, off_by_a_day.fn, off_by_a_day.passed) == (0, 1, 1, False)


def test_false_alarms_are_counted_across_violations_contradictions_and_fraud() -> None:
    scores = {
        s.field: s
        for s in score_case_level(
            case_truth(),
            perfect_timeline(),
            [],
            [PredictedViolation("WIC 334", D(2025, 3, 28)), PredictedViolation("WIC 358(a)", D(2025, 4, 30))],
            [PredictedContradiction("report.md", frozenset({"email.eml"}))],
            [PredictedFlag("proof_of_service.md", "service_before_document")],
        )
    }
    assert (scores["violations"].tp, scores["violations"].fp, scores["violations"].fn) == (1, 1, 0)
    assert (scores["contradictions"].tp, scores["contradictions"].fp, scores["contradictions"].fn) == (
        0,
        1,
        1,
    )
    alarms = scores["false_alarms"]
    assert alarms.value == 3
    assert alarms.passed is False
    assert "+WIC 358(a) 2025-04-30" in alarms.misses
    assert "+fraud service_before_document proof_of_service.md" in alarms.misses


def test_the_second_case_truth_is_consistent_with_its_documents_and_the_rules(tmp_path: Path) -> None:
    truth = second_case_truth()
    names = set(write_second_case(tmp_path))
    assert 15 <= len(names) <= 25
    assert sum(name.endswith(".pdf") for name in names) >= 2
    assert (tmp_path / "2025-03-07_minute_order_detention.pdf").read_bytes().startswith(b"%PDF")
    keys = {e.key for e in truth.events}
    assert len(keys) == len(truth.events)
    for fact in truth.events:
        assert set(fact.sources) <= names, fact.key
        assert fact.continued_to is None or fact.continued_to in keys
        assert (fact.status == "continued") == (fact.continued_to is not None)
    rule_ids = {rule.id for rule in load_rules()}
    assert {d.rule for d in truth.deadlines} <= rule_ids
    planted = [*truth.violations, *truth.negatives]
    assert all(set(item.documents) <= names for item in planted)
    for contradiction in truth.contradictions:
        assert {contradiction.sworn_document, *contradiction.contradicting_documents} <= names
    raw = yaml.safe_load((Path(__file__).parents[2] / "src/aseagi/demo/second_case/truth.yaml").read_text())
    assert raw["docket"] == "JV073418"


def test_eval_prints_the_case_level_tables_of_both_fictional_cases() -> None:
    result = CliRunner().invoke(app, ["eval", "--set", "cases"])
    assert result.exit_code == 0, result.output
    assert "DEMO as the user reads it (case level)" in result.output
    assert "Second case, In re Noah V. (case level, hand-written)" in result.output
    for row in ("events ", "events_per_true_event", "deadlines_exact", "violations", "false_alarms"):
        assert result.output.count(row) >= 2, row
