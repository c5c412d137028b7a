"""Court events from dated sentences: type, date, department, time and the sentence as evidence."""

from __future__ import annotations

import datetime as dt

import pytest

from aseagi.analysis.extractors.dates import extract_dates
from aseagi.analysis.extractors.event_mentions import distinct_events, extract_events, minute_order_event
from aseagi.analysis.extractors.passages import PageSentences, Source
from aseagi.analysis.schemas import HEARING_TYPES, CourtEventFinding


def _events(text: str) -> list[CourtEventFinding]:
    found = extract_events(text, 1, extract_dates(text, 1), PageSentences.of(text), Source())
    for event in found:
        assert text[event.evidence.start : event.evidence.end] == event.evidence.quote
    return found


@pytest.mark.parametrize(
    ("sentence", "event_type", "date"),
    [
        ("The jurisdiction hearing is set for April 15, 2024.", "jurisdiction_hearing", dt.date(2024, 4, 15)),
        ("Detention hearing held on March 5, 2024.", "detention_hearing", dt.date(2024, 3, 5)),
        ("The dispositional hearing was held on 5/6/2024.", "disposition_hearing", dt.date(2024, 5, 6)),
        ("A six-month review hearing is set for 10/1/2024.", "review_hearing", dt.date(2024, 10, 1)),
        ("The 12-month review hearing (366.21(f)) is on 1/6/2025.", "review_hearing", dt.date(2025, 1, 6)),
        ("The permanency hearing is set for 2/3/2025.", "permanency_hearing", dt.date(2025, 2, 3)),
        ("The .26 hearing is set for 9/9/2024.", "366.26_hearing", dt.date(2024, 9, 9)),
        (
            "A selection and implementation hearing is set for 9/9/2024.",
            "366.26_hearing",
            dt.date(2024, 9, 9),
        ),
        (
            "The permanency planning hearing under section 366.26 is set for December 2, 2024.",
            "366.26_hearing",
            dt.date(2024, 12, 2),
        ),
        ("Trial is set for June 3, 2024.", "trial", dt.date(2024, 6, 3)),
        ("A status conference is set for June 3, 2024.", "status_hearing", dt.date(2024, 6, 3)),
        ("Mediation is scheduled for June 3, 2024.", "mediation", dt.date(2024, 6, 3)),
        ("The matter is continued to May 1, 2024.", "continuance", dt.date(2024, 5, 1)),
        ("The petition was filed on March 1, 2024.", "petition_filed", dt.date(2024, 3, 1)),
        ("The child was removed on February 28, 2024.", "removal", dt.date(2024, 2, 28)),
        ("The minor was taken into protective custody on 2/28/2024.", "removal", dt.date(2024, 2, 28)),
        ("Notice of hearing was mailed on March 10, 2024.", "notice", dt.date(2024, 3, 10)),
        ("The mother was personally served on March 11, 2024.", "service", dt.date(2024, 3, 11)),
        ("The ORDER AFTER HEARING dated March 12, 2024 remains.", "order", dt.date(2024, 3, 12)),
        ("The motion was filed on March 13, 2024.", "filing", dt.date(2024, 3, 13)),
    ],
)
def test_event_types(sentence: str, event_type: str, date: dt.date) -> None:
    (event,) = _events(sentence)
    assert (event.event_type, event.event_date) == (event_type, date)
    assert event.evidence.quote == sentence


def test_department_and_time() -> None:
    (event,) = _events("The jurisdiction hearing is set for April 15, 2024 at 8:30 a.m. in Department 12.")
    assert (event.department, event.time, event.title) == ("12", "8:30 a.m.", "Jurisdiction hearing")


def test_named_hearing_continued() -> None:
    (event,) = _events("The disposition hearing is continued to May 20, 2024 at 9:00 a.m. in Dept. 3.")
    assert (event.event_type, event.title, event.department) == (
        "disposition_hearing",
        "Disposition hearing (continued)",
        "3",
    )


def test_two_events_in_one_sentence() -> None:
    text = "On March 1, 2024, the petition was filed and on March 4, 2024 the detention hearing was held."
    assert [(e.event_type, e.event_date.day) for e in _events(text)] == [
        ("petition_filed", 1),
        ("detention_hearing", 4),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The mother was born on 1/1/1990 and attended a hearing.",
        "The weather on March 2, 2024 was fine.",
        "The jurisdiction hearing will be set later.",
        "A trial home visit began on March 2, 2024.",
    ],
)
def test_no_event(text: str) -> None:
    assert _events(text) == []


def test_minute_order_own_hearing() -> None:
    page = "SUPERIOR COURT\nMINUTE ORDER - DETENTION HEARING\nDate: 03/05/2024 Time: 8:30 a.m. Dept. 4\n"
    event = minute_order_event("MINUTE ORDER - DETENTION HEARING", page, dt.date(2024, 3, 5), Source())
    assert event is not None
    assert (event.event_type, event.department, event.time) == ("detention_hearing", "4", "8:30 a.m.")
    assert event.evidence.quote == "MINUTE ORDER - DETENTION HEARING"


def test_distinct_events_keeps_first_per_date_and_type() -> None:
    text = "The jurisdiction hearing is set for April 15, 2024. Again: the jurisdiction hearing is 4/15/2024."
    assert len(distinct_events(_events(text))) == 1


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "I served the Notice of Hearing on Selection of a Permanent Plan on 09/30/2025 by mail.",
            {(dt.date(2025, 9, 30), "service")},
        ),
        (
            "On 10/14/2025 I served the Notice of Hearing on Selection of a Permanent Plan for the "
            "hearing of 11/13/2025 on the mother.",
            {(dt.date(2025, 10, 14), "service"), (dt.date(2025, 11, 13), "366.26_hearing")},
        ),
        (
            "I served the notice of the 366.26 hearing of 11/13/2025 on the mother on 10/14/2025 by mail.",
            {(dt.date(2025, 10, 14), "service"), (dt.date(2025, 11, 13), "366.26_hearing")},
        ),
        ("Date served: 09/30/2025", {(dt.date(2025, 9, 30), "service")}),
        (
            "Notice of the jurisdiction hearing was mailed to the father on 2/3/2025.",
            {(dt.date(2025, 2, 3), "notice")},
        ),
    ],
)
def test_a_date_given_to_serving_is_a_service_date_not_a_hearing(
    sentence: str, expected: set[object]
) -> None:
    assert {(e.event_date, e.event_type) for e in _events(sentence)} == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The mother was informed of the date and place of the detention hearing in person on 3/6/25.",
            {(dt.date(2025, 3, 6), "notice")},
        ),
        (
            "On 3/6/25 the worker left a voicemail giving the date, time and place of the hearing.",
            {(dt.date(2025, 3, 6), "notice")},
        ),
        ("The mother was advised that the jurisdiction hearing is set for 4/2/2025.", set()),
        ("The court advised the mother of her rights at the detention hearing on 3/5/24.", set()),
        (
            "HEARING UNDER WIC 366.26 SET FOR 03/04/26 AT 8:30 AM IN DEPT 07.",
            {(dt.date(2026, 3, 4), "366.26_hearing")},
        ),
        (
            "HEARING: SELECTION & IMPLEMENTATION (WIC 366.26)   DATE: 03/04/26",
            {(dt.date(2026, 3, 4), "366.26_hearing")},
        ),
    ],
)
def test_the_day_someone_was_told_of_a_hearing_is_not_the_hearing(
    sentence: str, expected: set[object]
) -> None:
    found = {(e.event_date, e.event_type) for e in _events(sentence)}
    assert expected <= found
    assert not {pair for pair in found if pair[1] == "notice"} - expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "On 2025-01-10 I served the Addendum Report and the minute order of 2025-01-08 by e-mail.",
            {(dt.date(2025, 1, 10), "service")},
        ),
        ("Filed: 12/04/2025", {(dt.date(2025, 12, 4), "filing")}),
    ],
)
def test_service_and_filing_stamps(sentence: str, expected: set[object]) -> None:
    assert {(e.event_date, e.event_type) for e in _events(sentence)} == expected


def test_a_paper_a_party_files_is_its_own_filing() -> None:
    from aseagi.analysis import analyze_document

    page = (
        "SUPERIOR COURT OF CALIFORNIA\nNOTICE OF APPEAL (JUVENILE)\nCase No. JV-2024-001234\n"
        "Dated: March 27, 2025"
    )
    analysis = analyze_document([page], file_name="appeal.docx")
    filed = [e for e in analysis.court_events if e.event_type == "filing"]
    assert [(e.event_date, e.evidence.quote) for e in filed] == [
        (dt.date(2025, 3, 27), "NOTICE OF APPEAL (JUVENILE)")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "This report is submitted for the jurisdiction hearing; it was prepared on March 1, 2025.",
        "For the hearing the social worker interviewed the mother on March 2, 2025.",
        "Before the detention hearing, the child was examined at the hospital on 3/3/2025.",
        "At the hearing, the court received the report dated February 20, 2025 into evidence.",
    ],
)
def test_a_date_near_the_word_hearing_is_not_a_hearing_date_unless_the_sentence_says_so(
    sentence: str,
) -> None:
    assert not [e for e in _events(sentence) if e.event_type in HEARING_TYPES]


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        (
            "SIX-MONTH REVIEW HEARING (WIC 366.21(e)) SET 10/22/25 AT 8:30 AM IN DEPT 07.",
            dt.date(2025, 10, 22),
        ),
        (
            "A JURISDICTION HEARING will be held on Monday, December 23, 2024 at 8:30 a.m.",
            dt.date(2024, 12, 23),
        ),
        ("The detention hearing was held in Department 4 on March 5, 2024.", dt.date(2024, 3, 5)),
        ("for the hearing set on **March 4, 2026** at 8:30 a.m.", dt.date(2026, 3, 4)),
        (
            "The jurisdiction hearing, originally set for April 2, 2025 and continued at the request of "
            "county counsel, was held on April 16, 2025.",
            dt.date(2025, 4, 16),
        ),
    ],
)
def test_the_sentence_gives_the_hearing_its_date(sentence: str, day: dt.date) -> None:
    assert day in {e.event_date for e in _events(sentence) if e.event_type in HEARING_TYPES}
