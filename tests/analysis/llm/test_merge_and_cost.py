"""Merging Claude's findings into the local analysis, and what they cost."""

from __future__ import annotations

import datetime as dt

import pytest

from aseagi.analysis import analyze_document
from aseagi.analysis.llm.accounting import BatchCost, DocumentCost, Usage, cost_usd, price_of
from aseagi.analysis.llm.merge import LocatedFinding, merge_findings
from aseagi.analysis.llm.prompt import ProposedFinding
from aseagi.analysis.llm.quotes import locate_quote

PAGES = [
    "DECLARATION OF ANNA PARK\nCase No. J24-00478\n"
    "The mother was contacted by telephone on March 2, 2024.\n"
    "The jurisdiction hearing was held on March 20, 2024 in Department 3.\n"
    "The report was signed on February 28, 2024, before the visit it describes.\n"
    "I declare under penalty of perjury under the laws of the State of California that the foregoing is true "
    "and correct.\nExecuted on March 4, 2024."
]
MODEL = "claude-sonnet-5-5"


def located(quote: str, category: str, **fields: object) -> LocatedFinding:
    evidence = locate_quote(PAGES, quote)
    assert evidence is not None
    proposal = ProposedFinding.model_validate(
        {"category": category, "page": 1, "quote": quote, "description": "d", "confidence": 0.95, **fields}
    )
    return LocatedFinding(proposal=proposal, evidence=evidence)


def test_new_findings_are_added_marked_and_scored() -> None:
    local = analyze_document(PAGES)
    fraud = located(
        "The report was signed on February 28, 2024", "fraud_indicator", kind="Dated before event"
    )
    merged = merge_findings(local, [fraud], model=MODEL)
    indicator = merged.analysis.fraud_indicators[-1]
    assert indicator.source == "claude:claude-sonnet-5-5"
    assert indicator.kind == "dated_before_event"
    assert indicator.evidence == [fraud.evidence]
    assert merged.added == {"fraud_indicator": 1}
    assert merged.analysis.analyzer == "local+claude:claude-sonnet-5-5"
    # The scores are the documented formula's over the merged findings: an indicator at 0.95 adds 190.
    gain = merged.analysis.scores.relevancy.value - local.scores.relevancy.value
    assert gain >= 190
    assert any(c.factor == "indicator: dated_before_event" for c in merged.analysis.scores.micro.breakdown)


def test_duplicates_of_local_findings_are_dropped() -> None:
    local = analyze_document(PAGES)
    assert local.statements, "the local analyzer should find the telephone statement"
    assert any(e.event_type == "jurisdiction_hearing" for e in local.court_events)
    same_statement = located(
        "contacted by telephone on March 2, 2024", "statement", kind="contact", polarity="affirmed"
    )
    same_event = located(
        "The jurisdiction hearing was held on March 20, 2024",
        "court_event",
        event_type="jurisdiction_hearing",
        event_date="2024-03-20",
    )
    merged = merge_findings(local, [same_statement, same_event, same_statement], model=MODEL)
    assert merged.duplicates == 3
    assert merged.added == {}
    assert merged.analysis.statements == local.statements
    assert merged.analysis.court_events == local.court_events


def test_findings_missing_what_they_need_are_unusable() -> None:
    local = analyze_document(PAGES)
    undated = located("The jurisdiction hearing was held", "court_event", event_type="jurisdiction_hearing")
    no_polarity = located("The report was signed on February 28", "statement", kind="other")
    merged = merge_findings(local, [undated, no_polarity], model=MODEL)
    assert merged.unusable == 2
    assert merged.analysis.court_events == local.court_events


def test_new_event_and_statement_are_added() -> None:
    local = analyze_document(PAGES)
    event = located(
        "Executed on March 4, 2024",
        "court_event",
        event_type="filing",
        event_date="2024-03-04",
        title="Signed",
    )
    statement = located(
        "The report was signed on February 28, 2024", "statement", polarity="affirmed", kind="notice_given"
    )
    merged = merge_findings(local, [event, statement], model=MODEL)
    assert merged.added == {"court_event": 1, "statement": 1}
    added_event = merged.analysis.court_events[-1]
    assert (added_event.event_date, added_event.event_type) == (dt.date(2024, 3, 4), "filing")
    assert merged.analysis.statements[-1].sworn is True  # the document is sworn
    assert len(merged.kept) == 2


def test_prices_are_data() -> None:
    usage = Usage(input_tokens=1_000_000, output_tokens=100_000)
    assert cost_usd("claude-sonnet-5-5", usage) == pytest.approx(2.0 + 1.0)
    assert cost_usd("claude-sonnet-4-5-20250929", usage) == pytest.approx(3.0 + 1.5)
    assert price_of("claude-sonnet-5") is not None
    assert cost_usd("claude-unknown-9", usage) is None
    cached = Usage(cache_read_input_tokens=1_000_000, cache_creation_input_tokens=1_000_000)
    assert cost_usd("claude-haiku-4-5", cached) == pytest.approx(0.1 + 1.25)


def test_batch_totals() -> None:
    priced = DocumentCost(
        "claude-sonnet-5-5", 1, 2, Usage(1000, 200), cost_usd("claude-sonnet-5-5", Usage(1000, 200))
    )
    unpriced = DocumentCost("claude-unknown-9", 2, 2, Usage(500, 100), None)
    total = BatchCost.of([priced, priced, unpriced])
    assert (total.documents, total.calls, total.attempts) == (3, 4, 6)
    assert total.usage == Usage(2500, 500)
    assert total.cost_usd == pytest.approx(2 * (1000 * 2 + 200 * 10) / 1_000_000)
    assert total.unpriced_documents == 1
