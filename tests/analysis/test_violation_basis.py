"""Violations read the chronology: each states its events (quoted), the rule and the arithmetic.

One per fact, and only `possible` when a date it rests on is uncertain."""

from __future__ import annotations

import itertools

import pytest
from tests.analysis.builders import analysis, d, evidence

from aseagi.analysis.case_inputs import CaseDocument, CaseEvent
from aseagi.analysis.case_rules import CaseAnalysis, analyze_case
from aseagi.analysis.extractors.good_cause import extract_good_cause
from aseagi.analysis.extractors.passages import PageSentences, Source
from aseagi.analysis.schemas import CauseFinding, DocumentType, EventType

DOCKET = "JV-2025-001234"
_ids = itertools.count(1)


def said(
    event_type: EventType,
    day: str,
    quote: str,
    *,
    paper: DocumentType = "minute_order",
    paper_id: str | None = None,
    paper_date: str | None = None,
) -> CaseEvent:
    number = next(_ids)
    document_id = paper_id or f"paper-{number}"
    return CaseEvent(
        id=f"m-{number}",
        event_date=d(day),
        event_type=event_type,
        title=event_type.replace("_", " ").capitalize(),
        source_document_id=document_id,
        evidence=evidence(quote, document_id, start=number),
        docket=DOCKET,
        source_type=paper,
        document_date=d(paper_date) if paper_date else None,
    )


def minute_order(document_id: str, day: str, cause: str | None) -> CaseDocument:
    findings = []
    if cause is not None:
        findings.append(CauseFinding(found="No" not in cause, evidence=evidence(cause, document_id)))
    return CaseDocument(
        document_id=document_id,
        file_name=f"{document_id}.txt",
        document_type="minute_order",
        document_date=d(day),
        analysis=analysis(document_type="minute_order", document_date=d(day), good_cause=findings),
    )


def run(
    mentions: list[CaseEvent], documents: list[CaseDocument] = (), today: str = "2026-06-15"
) -> CaseAnalysis:  # type: ignore[assignment]
    return analyze_case(documents, mentions, [], today=d(today), include_document_events=False)


def detained_case_continued(cause: str | None) -> CaseAnalysis:
    mentions = [
        said("removal", "2025-03-04", "taken into protective custody on March 4, 2025", paper="petition"),
        said("petition_filed", "2025-03-06", "Petition filed 03/06/25", paper="petition"),
        said("detention_hearing", "2025-03-07", "HEARING: DETENTION DATE: 03/07/25", paper_date="2025-03-07"),
        said(
            "jurisdiction_hearing",
            "2025-03-26",
            "JURISDICTIONAL HEARING SET 03/26/25",
            paper_date="2025-03-07",
        ),
        said(
            "jurisdiction_hearing",
            "2025-03-26",
            "HEARING: JURISDICTIONAL DATE: 03/26/25",
            paper_id="mo-0326",
            paper_date="2025-03-26",
        ),
        said(
            "jurisdiction_hearing",
            "2025-04-16",
            "JURISDICTION HEARING CONTINUED TO 04/16/25",
            paper_id="mo-0326",
            paper_date="2025-03-26",
        ),
        said(
            "jurisdiction_hearing",
            "2025-04-16",
            "HEARING: JURISDICTION DATE: 04/16/25",
            paper_date="2025-04-16",
        ),
    ]
    return run(mentions, [minute_order("mo-0326", "2025-03-26", cause)])


def test_a_hearing_continued_without_good_cause_is_late_where_it_was_held_with_the_arithmetic() -> None:
    case = detained_case_continued("Motion granted. No finding of good cause is stated on the record.")
    [late] = [v for v in case.violations if v.violation_type == "late_jurisdiction_hearing"]
    assert late.date == d("2025-04-16")
    assert "27 court days > 15 allowed by WIC 334" in late.description
    assert "continued without a finding of good cause" in late.description
    assert "HEARING: JURISDICTION DATE: 04/16/25" in late.description
    assert any("No finding of good cause" in e.quote for e in late.evidence)
    assert late.confidence == "likely"
    assert set(late.events) <= {e.key for e in case.chronology}
    [deadline] = [x for x in case.deadlines if x.rule_id == "wic-334-jurisdiction-detained"]
    assert deadline.status == "late"


@pytest.mark.parametrize("cause", ["The court finds good cause to continue the hearing.", None])
def test_a_continuance_for_good_cause_or_silent_on_it_excuses_the_later_hearing(cause: str | None) -> None:
    case = detained_case_continued(cause)
    assert not [v for v in case.violations if v.violation_type == "late_jurisdiction_hearing"]


def notice_case(*services: CaseEvent) -> CaseAnalysis:
    mentions = [
        said(
            "366.26_hearing",
            "2026-03-04",
            "HEARING UNDER WIC 366.26 SET FOR 03/04/26",
            paper_date="2025-11-05",
        ),
        said(
            "366.26_hearing", "2026-03-04", "HEARING: SELECTION AND IMPLEMENTATION", paper_date="2026-03-04"
        ),
        *services,
    ]
    return run(mentions)


def test_the_parent_served_late_is_the_violation_not_the_one_served_in_time() -> None:
    father = said("service", "2026-01-09", "FA personally served 01/09/26 with notice of the 366.26 hearing")
    mother = said(
        "service",
        "2026-02-06",
        "notice of the 366.26 hearing to MOT mailed 02/06/26",
        paper="proof_of_service",
    )
    again = said(
        "notice", "2026-02-06", "MOT was mailed notice of the 366.26 hearing on 02/06/26", paper="email"
    )
    [late] = [v for v in notice_case(father, mother, again).violations]
    assert late.person == "mother"
    assert "26 calendar days < 45 required by WIC 294(c)(1)" in late.description
    assert late.severity == "CRITICAL"
    assert not notice_case(father, said("service", "2026-01-10", "MOT personally served 01/10/26")).violations


def test_a_violation_resting_on_a_date_only_an_email_gives_is_possible_never_critical() -> None:
    hearing = said("366.26_hearing", "2026-03-04", "the .26 hearing is March 4", paper="email")
    served = said(
        "service",
        "2026-02-06",
        "I served the notice of the 366.26 hearing on the mother",
        paper="proof_of_service",
    )
    [late] = run([hearing, served]).violations
    assert late.confidence == "possible"
    assert late.severity != "CRITICAL"
    assert "only recounted in correspondence" in late.description


def test_a_service_date_read_as_a_hearing_on_the_same_paper_is_not_a_zero_day_notice() -> None:
    hearing = said(
        "366.26_hearing", "2026-03-04", "HEARING UNDER WIC 366.26 SET FOR 03/04/26", paper_date="2025-11-05"
    )
    misread = said(
        "366.26_hearing",
        "2025-12-01",
        "served the notice of the 366.26 hearing 12/01/25",
        paper="proof_of_service",
        paper_id="pos-1",
    )
    served = said(
        "service",
        "2025-12-01",
        "served the notice of the 366.26 hearing 12/01/25",
        paper="proof_of_service",
        paper_id="pos-1",
    )
    case = run([hearing, misread, served])
    assert not [v for v in case.violations if "0 days" in v.description]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Motion granted. No finding of good cause is stated on the record.", False),
        ("No finding of good cause under WIC 352 is made.", False),
        ("The court finds good cause to continue the hearing.", True),
        ("For good cause, the court continues the hearing so that notice may be given.", True),
        ("Mother waives time.", True),
        ("MOT does not waive time.", None),
        ("The hearing is continued to 4/16/25.", None),
    ],
)
def test_what_a_minute_order_says_of_good_cause(text: str, found: bool | None) -> None:
    findings = extract_good_cause(text, 1, PageSentences.of(text), Source())
    assert [f.found for f in findings] == ([] if found is None else [found])
    for finding in findings:
        assert text[finding.evidence.start : finding.evidence.end] == finding.evidence.quote


def test_an_icwa_inquiry_two_papers_report_missing_is_one_finding_citing_both() -> None:
    from tests.analysis.builders import document, statement

    said_twice = [
        document(
            name,
            "social_worker_report",
            day,
            statements=[
                statement(
                    "icwa_inquiry", "denied", "The paternal relatives were not asked.", subject="father"
                )
            ],
        )
        for name, day in (("attachment", "2024-11-21"), ("report", "2024-12-18"))
    ]
    case = analyze_case(said_twice, [], [], today=d("2025-06-01"))
    [finding] = [v for v in case.violations if v.violation_type == "icwa_inquiry_not_done"]
    assert {e.document_id for e in finding.evidence} == {"attachment", "report"}
    assert finding.date == d("2024-11-21")
    assert finding.person == "father"
