"""The chronology merges mentions into facts: one event per hearing, with every mention as its source."""

from __future__ import annotations

import datetime as dt
import itertools

from tests.analysis.builders import d, evidence

from aseagi.analysis.case_inputs import CaseEvent
from aseagi.analysis.case_rules import analyze_case
from aseagi.analysis.chronology import build_chronology
from aseagi.analysis.schemas import DocumentType, EventType

TODAY = d("2026-12-03")
DOCKET = "JV-2025-001234"
_ids = itertools.count(1)


def said(
    event_type: EventType,
    day: str,
    quote: str,
    *,
    paper: DocumentType = "minute_order",
    paper_date: str | None = None,
    title: str | None = None,
    docket: str | None = DOCKET,
) -> CaseEvent:
    number = next(_ids)
    return CaseEvent(
        id=f"m-{number}",
        event_date=d(day),
        event_type=event_type,
        title=title or event_type.replace("_", " ").capitalize(),
        source_document_id=f"doc-{number}",
        evidence=evidence(quote, f"doc-{number}"),
        docket=docket,
        source_type=paper,
        document_date=d(paper_date) if paper_date else None,
    )


def test_one_hearing_named_many_ways_is_one_event_with_every_mention_as_source() -> None:
    mentions = [
        said(
            "detention_hearing",
            "2025-03-04",
            "MINUTE ORDER - DETENTION HEARING",
            title="DETENTION HEARING",
            paper_date="2025-03-04",
        ),
        said(
            "hearing",
            "2025-03-04",
            "Hearing date: March 4, 2025",
            paper="social_worker_report",
            title="Hearing",
        ),
        said(
            "hearing",
            "2025-03-04",
            "see you at the hearings on 3/4",
            paper="email",
            title="Hearings",
            docket=None,
        ),
        said(
            "detention_hearing",
            "2025-03-04",
            "Detention hearing continued? no, held 3/4",
            paper="email",
            title="Detention hearing (continued)",
            docket=None,
        ),
    ]
    [event] = build_chronology(mentions, today=TODAY)
    assert event.event_type == "detention_hearing"
    assert event.event_date == d("2025-03-04")
    assert event.mentions == 4
    assert {s.document_id for s in event.sources} == {m.source_document_id for m in mentions}
    assert event.date_certainty == "exact"
    assert event.status == "held"
    assert not event.disputed
    assert event.title == "Detention hearing"


def test_two_hearings_of_different_kinds_on_one_day_stay_two_and_a_bare_hearing_joins_one() -> None:
    mentions = [
        said("jurisdiction_hearing", "2025-05-01", "JURISDICTION HEARING set for 5/1/25"),
        said("disposition_hearing", "2025-05-01", "DISPOSITION HEARING set for 5/1/25 at 1:30"),
        said("hearing", "2025-05-01", "the hearing on May 1", paper="email", docket=None),
    ]
    events = build_chronology(mentions, today=TODAY)
    assert sorted(e.event_type for e in events) == ["disposition_hearing", "jurisdiction_hearing"]
    assert sum(e.mentions for e in events) == 3


def test_same_kind_same_day_on_two_dockets_is_two_events() -> None:
    mentions = [
        said("detention_hearing", "2025-01-29", "DETENTION HEARING", docket="J24-00478"),
        said("detention_hearing", "2025-01-29", "DETENTION HEARING", docket="JV-2025-001234"),
    ]
    assert len(build_chronology(mentions, today=TODAY)) == 2


def test_a_hearing_set_continued_and_held_is_one_chain() -> None:
    mentions = [
        said(
            "disposition_hearing", "2025-01-08", "DISPOSITION HEARING set for 1/8/25", paper_date="2024-12-23"
        ),
        said(
            "disposition_hearing",
            "2025-01-08",
            "MINUTE ORDER - DISPOSITION HEARING (CONTINUED)",
            title="DISPOSITION HEARING (CONTINUED)",
            paper_date="2025-01-08",
        ),
        said(
            "disposition_hearing",
            "2025-01-16",
            "Disposition hearing continued to Jan. 16, 2025",
            title="Disposition hearing (continued)",
            paper_date="2025-01-08",
        ),
        said(
            "disposition_hearing", "2025-01-16", "MINUTE ORDER - DISPOSITION HEARING", paper_date="2025-01-16"
        ),
        said("366.26_hearing", "2027-02-01", "366.26 HEARING set for 2/1/27", paper_date="2025-01-16"),
    ]
    first, second, later = build_chronology(mentions, today=TODAY)
    assert (first.event_date, first.status, first.continued_to) == (d("2025-01-08"), "continued", second.key)
    assert (second.event_date, second.status, second.continued_to) == (d("2025-01-16"), "held", None)
    assert later.status == "scheduled"


def test_a_continuance_written_in_another_paper_links_the_earlier_setting() -> None:
    mentions = [
        said("366.26_hearing", "2025-11-13", "366.26 HEARING set for Nov. 13, 2025", paper_date="2025-07-14"),
        said(
            "366.26_hearing",
            "2026-01-15",
            "366.26 hearing continued to 01/15/2026",
            title="366.26 hearing (continued)",
            paper_date="2025-11-13",
        ),
    ]
    first, second = build_chronology(mentions, today=d("2025-12-01"))
    assert first.continued_to == second.key
    assert first.status == "continued"
    assert second.status == "scheduled"


def test_only_correspondence_makes_a_date_approximate() -> None:
    [event] = build_chronology(
        [said("jurisdiction_hearing", "2025-04-02", "the jurisdiction hearing is 4/2", paper="email")],
        today=TODAY,
    )
    assert event.date_certainty == "approximate"
    assert not event.disputed


def test_court_papers_giving_two_dates_for_one_hearing_conflict() -> None:
    mentions = [
        said("jurisdiction_hearing", "2025-04-02", "JURISDICTION HEARING set for 4/2/25", paper="notice"),
        said("jurisdiction_hearing", "2025-04-04", "jurisdiction hearing on April 4, 2025", paper="petition"),
    ]
    [event] = build_chronology(mentions, today=TODAY)
    assert event.date_certainty == "conflicting"
    assert event.disputed
    assert event.mentions == 2


def test_an_email_misdating_a_hearing_is_disputed_but_the_court_date_stands() -> None:
    mentions = [
        said(
            "jurisdiction_hearing",
            "2025-04-02",
            "MINUTE ORDER - JURISDICTION HEARING",
            paper_date="2025-04-02",
        ),
        said("jurisdiction_hearing", "2025-04-03", "the jurisdiction hearing on 4/3", paper="email"),
    ]
    [event] = build_chronology(mentions, today=TODAY)
    assert event.event_date == d("2025-04-02")
    assert event.date_certainty == "exact"
    assert event.disputed


def test_hearings_held_on_their_own_minute_orders_days_apart_are_two() -> None:
    mentions = [
        said(
            "jurisdiction_hearing",
            "2025-04-02",
            "MINUTE ORDER - JURISDICTION HEARING",
            paper_date="2025-04-02",
        ),
        said(
            "jurisdiction_hearing",
            "2025-04-07",
            "MINUTE ORDER - JURISDICTION HEARING",
            paper_date="2025-04-07",
        ),
    ]
    assert len(build_chronology(mentions, today=TODAY)) == 2


def test_a_vacated_hearing_says_so() -> None:
    mentions = [
        said("review_hearing", "2025-09-01", "REVIEW HEARING set for 9/1/25", paper_date="2025-03-01"),
        said(
            "review_hearing",
            "2025-09-01",
            "The review hearing of 9/1/25 is vacated.",
            paper_date="2025-08-01",
        ),
    ]
    [event] = build_chronology(mentions, today=TODAY)
    assert event.status == "vacated"


def test_keys_are_stable_and_the_same_facts_give_the_same_events() -> None:
    def mentions() -> list[CaseEvent]:
        return [
            said("petition_filed", "2025-01-28", "Petition filed 2025-01-28"),
            said("removal", "2025-01-27", "child removed 2025-01-27"),
            said("hearing", "2025-02-20", "Hearing: February 20, 2025"),
        ]

    first = build_chronology(mentions(), today=TODAY)
    second = build_chronology(list(reversed(mentions())), today=TODAY)
    assert [e.key for e in first] == [e.key for e in second]
    assert [e.event_date for e in first] == sorted(e.event_date for e in first)


def test_analyze_case_returns_the_chronology_and_one_deadline_per_fact() -> None:
    mentions = [
        said("removal", "2025-03-01", "The child was removed on March 1, 2025.", paper="petition"),
        said("petition_filed", "2025-03-04", "Petition filed 3/4/25", paper="petition"),
        said("detention_hearing", "2025-03-05", "MINUTE ORDER - DETENTION HEARING", paper_date="2025-03-05"),
        said("detention_hearing", "2025-03-05", "detention hearing on 3/5", paper="email", docket=None),
        said("hearing", "2025-03-05", "Hearing: March 5, 2025", paper="social_worker_report"),
    ]
    case = analyze_case([], mentions, [], today=TODAY, include_document_events=False)
    assert [e.event_type for e in case.chronology] == ["removal", "petition_filed", "detention_hearing"]
    detention_deadlines = [d for d in case.deadlines if d.trigger_event_type == "detention_hearing"]
    assert len({(x.rule_id, x.trigger_event_id) for x in detention_deadlines}) == len(detention_deadlines)
    assert all(x.trigger_event_id in {e.key for e in case.chronology} for x in case.deadlines)
    assert isinstance(case.chronology[0].event_date, dt.date)


def test_a_minute_order_continued_from_an_earlier_setting_records_its_own_hearing_and_the_chain() -> None:
    mentions = [
        said("jurisdiction_hearing", "2025-03-26", "HEARING SET 03/26/25", paper_date="2025-03-07"),
        said(
            "hearing",
            "2025-04-16",
            "HEARING CONTINUED TO 04/16/25 FOR JURISDICTION/DISPOSITION.",
            paper_date="2025-03-26",
        ),
        said(
            "jurisdiction_hearing",
            "2025-03-26",
            "HEARING: JURISDICTION/DISPOSITION (CONT'D FROM 03/26/25)",
            title="Jurisdiction (continued)",
            paper_date="2025-04-16",
        ),
    ]
    first, second = build_chronology(mentions, today=TODAY)
    assert (first.event_date, first.status, first.continued_to) == (d("2025-03-26"), "continued", second.key)
    assert (second.event_date, second.event_type, second.status) == (
        d("2025-04-16"),
        "jurisdiction_hearing",
        "held",
    )


def test_notice_and_its_service_on_one_day_are_one_fact() -> None:
    mentions = [
        said("notice", "2026-02-06", "notice to MOT mailed 02/06/26"),
        said(
            "service",
            "2026-02-06",
            "On February 6, 2026, I served the foregoing NOTICE",
            paper="proof_of_service",
        ),
    ]
    [event] = build_chronology(mentions, today=TODAY)
    assert (event.event_type, event.mentions, event.title) == ("service", 2, "Service")


def test_a_file_stamp_on_the_petitions_day_is_the_petitions_filing() -> None:
    mentions = [
        said("petition_filed", "2025-03-06", "Petition filed 03/06/25", paper="petition"),
        said("filing", "2025-03-06", "Filed: 03/06/2025", paper="petition"),
    ]
    [event] = build_chronology(mentions, today=TODAY)
    assert (event.event_type, event.mentions) == ("petition_filed", 2)


def test_a_listing_recounting_a_filing_of_the_day_is_that_filing_whatever_its_docket() -> None:
    mentions = [
        said("filing", "2025-03-27", "NOTICE OF APPEAL (JUVENILE)", paper="notice"),
        said("filing", "2025-03-27", "03/27/2025 Notice of appeal filed", paper="other", docket="A171234"),
    ]
    [event] = build_chronology(mentions, today=TODAY)
    assert (event.mentions, event.docket, event.date_certainty) == (2, "JV2025001234", "exact")


def test_a_text_misdating_a_continued_hearing_by_a_day_is_that_hearing() -> None:
    mentions = [
        said(
            "review_hearing",
            "2025-10-22",
            "6 MONTH REVIEW DATE: 10/22/25 ... CONTINUED",
            paper_date="2025-10-22",
            title="Review hearing (continued)",
        ),
        said(
            "review_hearing", "2025-11-05", "SIX-MONTH REVIEW CONTINUED TO 11/05/25", paper_date="2025-10-22"
        ),
        said(
            "review_hearing", "2025-10-23", "see you at the review hearing on the 23rd", paper="text_messages"
        ),
    ]
    first, second = build_chronology(mentions, today=TODAY)
    assert (first.event_date, first.mentions, first.disputed) == (d("2025-10-22"), 2, True)
    assert first.continued_to == second.key


def test_the_order_at_a_held_366_26_hearing_starts_an_appeal_clock_a_future_setting_does_not() -> None:
    held = said(
        "366.26_hearing", "2026-05-13", "HEARING: SELECTION AND IMPLEMENTATION", paper_date="2026-05-13"
    )
    ahead = said("366.26_hearing", "2027-01-13", "366.26 HEARING SET FOR 01/13/27", paper_date="2026-05-13")
    case = analyze_case([], [held, ahead], [], today=TODAY, include_document_events=False)
    appeals = [x for x in case.deadlines if x.rule_id == "crc-8-406a-appeal-366-26-order"]
    assert [(x.trigger_date, x.due_date) for x in appeals] == [(d("2026-05-13"), d("2026-07-13"))]
