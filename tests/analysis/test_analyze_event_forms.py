"""Hearing kinds and dates as papers write them: headings, form fields, lists, messages, clauses."""

from __future__ import annotations

import datetime as dt

import pytest

from aseagi.analysis import analyze_document
from aseagi.analysis.extractors.passages import PageSentences


def events(*pages: str, mime: str | None = None) -> set[tuple[dt.date, str]]:
    analysis = analyze_document(list(pages), mime_type=mime)
    for event in analysis.court_events:
        page = pages[event.evidence.page - 1]
        assert page[event.evidence.start : event.evidence.end] == event.evidence.quote
    return {(e.event_date, e.event_type) for e in analysis.court_events}


D = dt.date


def test_heading_and_field_lines_are_passages_of_their_own() -> None:
    text = (
        "DETENTION REPORT\nHearing date: May 6, 2024 Social worker: Ann Lee\nCIRCUMSTANCES\n"
        "On May 1, 2024 the"
    )
    spans = [text[a:b] for a, b in PageSentences.of(text).spans()]
    assert spans[:3] == [
        "DETENTION REPORT",
        "Hearing date: May 6, 2024 Social worker: Ann Lee",
        "CIRCUMSTANCES",
    ]


def test_report_title_names_the_hearing_of_its_date_field() -> None:
    found = events(
        "Case No. JV-2024-000111\nDETENTION REPORT\nHearing date: May 6, 2024 Social worker: Ann Lee\n"
        "Reason for hearing: petition under WIC 300(b)\nCIRCUMSTANCES OF REMOVAL\n"
        "On May 3, 2024 the police placed the child in protective custody after a call.\n"
    )
    assert (D(2024, 5, 6), "detention_hearing") in found
    assert (D(2024, 5, 3), "removal") in found
    assert not any(kind == "hearing" for _, kind in found)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hearing: Jurisdiction, 6/3/24, Dept. 4", (D(2024, 6, 3), "jurisdiction_hearing")),
        ("- 2024-06-03 jurisdiction trial", (D(2024, 6, 3), "jurisdiction_hearing")),
        ("- 2024-07-01 disposition (was set for the 24th, moved)", (D(2024, 7, 1), "disposition_hearing")),
        (
            "I served the Notice of Hearing on Selection of a Permanent Plan for the hearing of 11/13/2025.",
            (D(2025, 11, 13), "366.26_hearing"),
        ),
        ("Please send me the report for the January 8, 2025 hearing.", (D(2025, 1, 8), "hearing")),
        ("Petition filed 2025-01-28; child removed 2025-01-27.", (D(2025, 1, 27), "removal")),
    ],
)
def test_written_forms(line: str, expected: tuple[dt.date, str]) -> None:
    assert expected in events(line)


def test_chat_timestamps_are_not_hearing_dates() -> None:
    found = events(
        "2025-01-16 13:05  Dana: Judge said six month review in July. I have to do classes\n"
        "2025-07-14 15:20  Dana: They want to take her. Hearing Nov. 13, 2025\n"
        "2025-07-14 15:24  Rosa: I will come with you.\n"
    )
    assert found == {(D(2025, 11, 13), "hearing")}


def test_informed_of_a_hearing_is_not_the_hearing() -> None:
    found = events(
        "The mother was contacted by telephone on May 2, 2024 and informed of the detention hearing."
    )
    assert not any(kind.endswith("hearing") for _, kind in found)


def test_minute_order_generic_duplicate_dropped_and_dismissal_recorded() -> None:
    analysis = analyze_document(
        [
            "Case No. J24-00478\nMINUTE ORDER - JURISDICTION HEARING\n\nDate: February 20, 2025   Dept. 4\n"
            "The hearing is held within the time required.\nThe petition is dismissed.\n"
        ]
    )
    kinds = {(e.event_date, e.event_type, e.title) for e in analysis.court_events}
    assert (D(2025, 2, 20), "jurisdiction_hearing", "Jurisdiction hearing") in {
        (a, b, c.capitalize()) for a, b, c in kinds
    }
    assert (D(2025, 2, 20), "order", "Petition dismissed") in kinds
    assert not any(kind == "hearing" for _, kind, _ in kinds)


def test_notice_field_gives_one_statement_per_parent() -> None:
    page = (
        "NOTICE: Mother - given. Father - not given; no proof of notice is in the file.\nFather not noticed."
    )
    statements = analyze_document([page]).statements
    found = {(s.subject, s.polarity) for s in statements if s.kind == "notice_given"}
    assert found == {("mother", "affirmed"), ("father", "denied")}
    for statement in statements:
        assert page[statement.evidence.start : statement.evidence.end] == statement.evidence.quote


def test_label_after_a_name_is_not_part_of_it() -> None:
    parties = analyze_document(
        ["Judicial Officer: Hon. Teresa Lindqvist Clerk: M. Oyelaran Reporter: none"]
    ).parties
    assert [(p.name, p.role) for p in parties] == [("Teresa Lindqvist", "judge")]
