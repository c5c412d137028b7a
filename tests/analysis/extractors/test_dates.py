"""Dates in every common written form, their context, and what must not be read as a date."""

from __future__ import annotations

import datetime as dt

import pytest

from aseagi.analysis.extractors.dates import choose_document_date, extract_dates, two_digit_year

MARCH_2 = dt.date(2024, 3, 2)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("March 2, 2024", MARCH_2),
        ("Mar. 2, 2024", MARCH_2),
        ("Mar 2 2024", MARCH_2),
        ("2 March 2024", MARCH_2),
        ("March 2nd, 2024", MARCH_2),
        ("MARCH 2, 2024", MARCH_2),
        ("03/02/2024", MARCH_2),
        ("3/2/24", MARCH_2),
        ("2024-03-02", MARCH_2),
        ("2024/03/02", MARCH_2),
        ("03-02-2024", MARCH_2),
        ("3.2.2024", MARCH_2),
        ("the 2nd day of March, 2024", MARCH_2),
        ("Monday, March 4, 2024", dt.date(2024, 3, 4)),
        ("Sept. 30, 2023", dt.date(2023, 9, 30)),
        ("February 29, 2024", dt.date(2024, 2, 29)),
        ("12/31/99", dt.date(1999, 12, 31)),
    ],
)
def test_written_forms(written: str, expected: dt.date) -> None:
    text = f"It happened on {written} at the office."
    found = extract_dates(text, 1)
    assert [d.date for d in found] == [expected]
    assert found[0].text == written
    assert text[found[0].start : found[0].end] == written


def test_timestamp_date_is_found() -> None:
    text = "Sent: 2024-03-02 14:05 and 2024-03-03T09:00:00"
    assert [d.date for d in extract_dates(text, 1)] == [MARCH_2, dt.date(2024, 3, 3)]


@pytest.mark.parametrize(
    "text",
    [
        "Call me at 555-123-4567 or (510) 555-1234.",
        "Oakland, CA 94612-1234",
        "Page 3 of 10",
        "The hearing starts at 8:30 a.m.",
        "The fee is $1,234.56 and 12.5%.",
        "Cal. Rules of Court, rule 5.690 and WIC 366.21.",
        "February 30, 2024 and 13/01/2024 and 02/30/2024",
        "Bates DCFS000123 and version 1.2.3",
        "In March 2024 the mother moved.",
        "Docket 24-JV-00123",
    ],
)
def test_not_dates(text: str) -> None:
    assert extract_dates(text, 1) == []


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("The jurisdiction hearing is set for April 15, 2024.", "hearing"),
        ("Hearing Date: 04/15/2024", "hearing"),
        ("The matter was continued to May 1, 2024.", "continued"),
        ("The petition was filed on 3/1/2024.", "filed"),
        ("Executed on May 1, 2024 at Oakland, California.", "signed"),
        ("Dated: May 1, 2024", "dated"),
        ("The notice was served on 3/4/2024.", "served"),
        ("The notice was mailed on 3/4/2024.", "mailed"),
        ("The child was detained on 2/28/2024.", "detained"),
        ("DOB: 01/05/2019", "birth"),
        ("On March 1, 2024, the petition was filed.", "filed"),
        ("The weather on March 1, 2024 was fine.", None),
    ],
)
def test_context(text: str, context: str | None) -> None:
    (mention,) = extract_dates(text, 1)
    assert mention.context == context


def test_two_digit_year_pivot() -> None:
    today = dt.date(2025, 6, 1)
    assert two_digit_year(26, today) == 2026
    assert two_digit_year(27, today) == 1927
    assert two_digit_year(5, today) == 2005


def test_page_and_offsets_on_multiline_text() -> None:
    text = "Line one\nFiled: 03/01/2024\nSigned March 5, 2024"
    found = extract_dates(text, 4)
    assert [(d.page, text[d.start : d.end]) for d in found] == [(4, "03/01/2024"), (4, "March 5, 2024")]


def test_document_date_of_a_declaration_is_the_signature() -> None:
    pages = [
        "DECLARATION OF JANE DOE\nOn March 2, 2024 the worker called.\nExecuted on March 9, 2024 at Oakland."
    ]
    dates = extract_dates(pages[0], 1)
    chosen = choose_document_date(dates, document_type="declaration", first_page_text=pages[0])
    assert chosen is not None
    assert chosen.date == dt.date(2024, 3, 9)


def test_document_date_of_an_email_is_its_header() -> None:
    page = (
        "From: a@example.org\nDate: Mon, 4 Mar 2024 10:00\nSubject: visit\n\nOn Date: March 1, 2024 you wrote"
    )
    dates = extract_dates(page, 1)
    chosen = choose_document_date(dates, document_type="email", first_page_text=page)
    assert chosen is not None
    assert chosen.date == dt.date(2024, 3, 4)


def test_no_document_date_without_a_stated_one() -> None:
    page = "The mother moved on March 2, 2024."
    assert choose_document_date(extract_dates(page, 1), document_type="other", first_page_text=page) is None


def test_a_date_without_its_year_takes_the_year_of_the_paragraph() -> None:
    text = (
        "The hearing commenced on June 8, 1999, and concluded on June 11, with the detention of the minors."
    )
    assert [m.date for m in extract_dates(text, 1)] == [dt.date(1999, 6, 8), dt.date(1999, 6, 11)]


def test_a_year_less_date_across_new_year_takes_the_next_year() -> None:
    text = "Filed December 30, 2023; the clerk mailed it on January 2 and it was received."
    assert [m.date for m in extract_dates(text, 1)] == [dt.date(2023, 12, 30), dt.date(2024, 1, 2)]


@pytest.mark.parametrize(
    "text",
    [
        "She called on June 11 about the visit.",  # no dated sentence before it
        "On March 2, 2024 the mother called.\n\nOn May 5 she wrote.",  # another paragraph
    ],
)
def test_year_less_dates_stay_unread_without_a_dated_neighbour(text: str) -> None:
    assert all(m.date.month != 6 and m.date.month != 5 for m in extract_dates(text, 1))
