"""The case-level entry point end to end, on streams, with a fictional case."""

from __future__ import annotations

import json

from tests.analysis.builders import court_event, d, document, event, mention, message, party, statement

from aseagi.analysis.case_rules import CaseAnalysis, analyze_case


def test_analyze_case_from_streams() -> None:
    detention = court_event(
        "detention_hearing",
        "2024-03-05",
        "Detention hearing",
        "On March 5, 2024 the court ordered the child detained.",
    )
    jurisdiction = court_event(
        "jurisdiction_hearing",
        "2024-04-02",
        "Jurisdiction hearing",
        "The jurisdiction hearing was held on April 2, 2024.",
    )
    minute_order = document("mo-1", "minute_order", "2024-04-02", court_events=[detention, jurisdiction])
    claim = statement(
        "contact",
        "affirmed",
        "The mother was contacted by telephone on March 2, 2024.",
        channel="phone",
        day="2024-03-02",
        sworn=True,
    )
    report = document(
        "sw-1",
        "social_worker_report",
        "2024-03-01",
        sworn=True,
        statements=[claim],
        parties=[party("Jane Roe", "parent", "Jane Roe (Mother)")],
        dates=[mention("2024-03-01", "March 1, 2024", "dated")],
        court_events=[
            court_event(
                "detention_hearing",
                "2024-03-05",
                "Detention hearing",
                "At the detention hearing the court ordered the child detained.",
            )
        ],
    )
    messages = [message("email", "Jane Roe", "2024-03-03T08:00", "Nobody called me on March 2.")]
    events = [event("petition_filed", "2024-03-04"), event("notice", "2024-03-04")]

    result = analyze_case(
        (x for x in [minute_order, report]), iter(events), iter(messages), today=d("2024-03-20")
    )

    assert isinstance(result, CaseAnalysis)
    jurisdiction_deadline = next(x for x in result.deadlines if x.rule_id == "wic-334-jurisdiction-detained")
    assert jurisdiction_deadline.due_date == d("2024-03-26")
    assert jurisdiction_deadline in result.upcoming_deadlines
    assert all(x.due_date >= d("2024-03-20") for x in result.upcoming_deadlines)
    assert "late_jurisdiction_hearing" in {v.violation_type for v in result.violations}
    assert [c.kind for c in result.contradictions] == ["contact_denied"]
    assert result.perjury_indicators["sw-1"][0].kind == "contradicted_sworn_statement"
    assert result.fraud_indicators["sw-1"][0].kind == "dated_before_event"
    assert "mo-1" not in result.fraud_indicators
    json.loads(result.model_dump_json())  # the API can return it as is
    again = analyze_case([minute_order, report], events, messages, today=d("2024-03-20"))
    assert again == result
