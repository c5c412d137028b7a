"""People with their roles, from cue words; sentence fragments must not become people."""

from __future__ import annotations

import pytest

from aseagi.analysis.extractors.parties import distinct_parties, extract_parties
from aseagi.analysis.extractors.passages import Source


def _parties(text: str) -> list[tuple[str, str]]:
    found = extract_parties(text, 1, Source())
    for party in found:
        assert text[party.evidence.start : party.evidence.end] == party.evidence.quote
        assert party.name.split()[-1] in party.evidence.quote.title()
    return [(p.name, p.role) for p in distinct_parties(found)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hon. Maria Lopez presiding.", ("Maria Lopez", "judge")),
        ("Judicial Officer: Hon. Maria Lopez", ("Maria Lopez", "judge")),
        ("HON. ROBERT CHEN, JUDGE", ("Robert Chen", "judge")),
        ("Commissioner Rachel Green", ("Rachel Green", "judge")),
        ("Referee Paul Young heard the matter.", ("Paul Young", "judge")),
        ("Maria Lopez, Judge of the Superior Court", ("Maria Lopez", "judge")),
        ("CSW Anna Park interviewed the family.", ("Anna Park", "social_worker")),
        ("Social Worker Anna Park", ("Anna Park", "social_worker")),
        ("Tom Baker, CSW, called.", ("Tom Baker", "social_worker")),
        ("ER worker Tom Baker", ("Tom Baker", "social_worker")),
        ("Deputy County Counsel Brian Kelly", ("Brian Kelly", "county_counsel")),
        ("Brian Kelly, Deputy County Counsel", ("Brian Kelly", "county_counsel")),
        ("Sarah Wong, Attorney for Mother", ("Sarah Wong", "parent_attorney")),
        ("Attorney for Father: Luis Ortega", ("Luis Ortega", "parent_attorney")),
        ("Minor's counsel David Reyes", ("David Reyes", "child_attorney")),
        ("David Reyes, attorney for the minor", ("David Reyes", "child_attorney")),
        ("The mother, Jane Doe, appeared.", ("Jane Doe", "parent")),
        ("Mother, Jane Doe", ("Jane Doe", "parent")),
        ("Jane Doe, the mother, called.", ("Jane Doe", "parent")),
        ("The father John Doe did not appear.", ("John Doe", "parent")),
        ("The child, Emily Doe, is 4.", ("Emily Doe", "child")),
        ("the minor Emily Doe", ("Emily Doe", "child")),
        ("CASA Linda Moore was present.", ("Linda Moore", "casa")),
        ("Officer Mark Diaz #4521 responded.", ("Mark Diaz", "police")),
        ("Detective Sam O'Brien", ("Sam O'Brien", "police")),
        ("Deputy Kim Lee arrived.", ("Kim Lee", "police")),
    ],
)
def test_roles(text: str, expected: tuple[str, str]) -> None:
    assert _parties(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The Mother Reported That She Was Fine.",
        "Social Worker Report",
        "Deputy County Counsel appeared.",
        "The mother stated that the father left.",
        "Judge ordered the matter continued.",
        "Department of Children and Family Services",
        "The child was placed in foster care.",
        "Call 555-123-4567 on March 2, 2024.",
    ],
)
def test_no_fragments(text: str) -> None:
    assert _parties(text) == []


def test_surname_folds_into_full_name() -> None:
    assert _parties("Hon. Maria Lopez presiding. Judge Lopez ordered.") == [("Maria Lopez", "judge")]
