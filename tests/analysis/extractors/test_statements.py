"""Checkable statements: contacts, notices, visit requests, ICWA inquiry; polarity and sworn."""

from __future__ import annotations

import datetime as dt

import pytest

from aseagi.analysis.extractors.dates import extract_dates
from aseagi.analysis.extractors.passages import PageSentences, Source
from aseagi.analysis.extractors.statements import extract_statements
from aseagi.analysis.schemas import Statement


def _statements(text: str, *, sworn: bool = False) -> list[Statement]:
    found = extract_statements(text, 1, extract_dates(text, 1), PageSentences.of(text), Source(), sworn=sworn)
    for statement in found:
        assert text[statement.evidence.start : statement.evidence.end] == statement.evidence.quote
    return found


@pytest.mark.parametrize(
    ("sentence", "kind", "polarity", "subject", "channel", "date"),
    [  # sentence, kind, polarity, subject, channel, date
        (
            "The mother was contacted by telephone on March 2, 2024.",
            "contact",
            "affirmed",
            "mother",
            "phone",
            dt.date(2024, 3, 2),
        ),
        ("CSW called the father on 3/2/24.", "contact", "affirmed", "father", "phone", dt.date(2024, 3, 2)),
        ("CSW left a voicemail for the mother.", "contact", "affirmed", "mother", "phone", None),
        (
            "The CSW emailed the mother on 3/5/2024.",
            "contact",
            "affirmed",
            "mother",
            "email",
            dt.date(2024, 3, 5),
        ),
        (
            "The mother was notified of the hearing by phone.",
            "notice_given",
            "affirmed",
            "mother",
            "phone",
            None,
        ),
        ("The father was not notified of the hearing.", "notice_given", "denied", "father", None, None),
        ("The mother has not requested visits.", "visit_request", "denied", "mother", None, None),
        ("The father never asked to visit the child.", "visit_request", "denied", "father", None, None),
        (
            "The mother has made no effort to contact the Department.",
            "contact",
            "denied",
            "mother",
            None,
            None,
        ),
        ("The father has not contacted the CSW since April.", "contact", "denied", "father", None, None),
        ("ICWA inquiry was not conducted.", "icwa_inquiry", "denied", None, None, None),
        (
            "The parents were not asked about Indian ancestry.",
            "icwa_inquiry",
            "denied",
            "parents",
            None,
            None,
        ),
        ("The ICWA-020 was not filed.", "icwa_inquiry", "denied", None, None, None),
        ("The mother denied Indian ancestry.", "icwa_inquiry", "affirmed", "mother", None, None),
        (
            "The father stated he does not have Native American ancestry.",
            "icwa_inquiry",
            "affirmed",
            "father",
            None,
            None,
        ),
    ],
)
def test_statements(
    sentence: str, kind: str, polarity: str, subject: str | None, channel: str | None, date: dt.date | None
) -> None:
    (statement,) = _statements(sentence)
    assert (statement.kind, statement.polarity, statement.subject, statement.channel, statement.date) == (
        kind,
        polarity,
        subject,
        channel,
        date,
    )
    assert statement.evidence.quote == sentence


def test_sworn_follows_the_document() -> None:
    (statement,) = _statements("The mother was contacted by telephone on March 2, 2024.", sworn=True)
    assert statement.sworn


@pytest.mark.parametrize(
    "text",
    [
        "The weather was fine on March 2, 2024.",
        "The hearing is set for April 15, 2024.",
        "Call 555-123-4567.",
        "The court contacted nobody.",
    ],
)
def test_no_statement(text: str) -> None:
    assert _statements(text) == []


def test_one_statement_per_sentence_in_reading_order() -> None:
    text = "The mother has not requested visits. CSW called the father on 3/2/24."
    assert [s.kind for s in _statements(text)] == ["visit_request", "contact"]
