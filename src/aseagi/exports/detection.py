"""Finding the protected persons of a case in its petitions and reports.

Captions name the child ("In re Maya Whitfield, a Person Coming Under…", "In the Matter of …"), petitions
list them ("Child: Maya Whitfield   DOB: 06/14/2022"), reports describe them ("the child, Jordan Michael
Martinez, age 6"). A parent or relative who shares the child's surname is protected too: their full name
would identify the child (CRC 8.401(a)). What is found is a suggestion the user can edit through the API.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

_NAME = r"(?P<name>[A-Z][a-z'’-]+(?:[ \t]+[A-Z](?:[a-z'’-]+|\.))?(?:[ \t]+[A-Z][a-z'’-]+){1,2})"
_CHILD_PATTERNS = (
    re.compile(r"\b(?i:In\s+re\s+(?:the\s+Matter\s+of\s+)?)" + _NAME),
    re.compile(r"\b(?i:In\s+the\s+Matter\s+of)\s+" + _NAME),
    re.compile(r"\b(?i:(?:the\s+)?(?:minor|child)(?:ren)?)\s*[:,]\s*" + _NAME),
    re.compile(r"\b(?i:(?:the\s+)?(?:minor|child))\s*,\s*" + _NAME + r"\s*,\s*(?i:age|born|DOB)"),
)
_SIBLING_PATTERNS = (re.compile(r"\b(?i:(?:half-)?(?:sibling|brother|sister))\s*[:,]?\s*" + _NAME),)
_RELATIVE_PATTERNS = (
    re.compile(r"\b(?i:mother|father|grandmother|grandfather|aunt|uncle)\s*[:,]\s*" + _NAME),
    re.compile(r"\b(?i:(?:the\s+)?(?:mother|father)),\s+" + _NAME),
    re.compile(_NAME + r"\s*\((?:maternal|paternal)\s+(?:grand)?(?:mother|father|aunt|uncle)\)"),
)
_DOB_AFTER = re.compile(
    r"^[\s,]*(?:\(|,)?\s*(?:DOB|D\.O\.B\.|born(?:\s+on)?)\s*[:,]?\s*(?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})"
)
_ADDRESS_AFTER = re.compile(
    r"^[^\n]{0,60}?(?:,|\bat|\bresides?)\s*(?P<address>\d{1,6}\s+[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,3}\s+"
    r"(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Dr\.|Lane|Ln\.|Court|Ct\.|Way|Boulevard|Blvd\.))"
)
_CASE_AFTER = re.compile(
    r"^[^\n]{0,80}?(?:\n[^\n]{0,80}?)?\b(?:Case\s+No\.?|case)\s*:?\s*(?P<number>(?=[A-Z0-9-]*\d)[A-Z0-9]{1,4}-?[0-9A-Z-]{4,})",
    re.IGNORECASE,
)
_NOT_NAMES = {
    "the",
    "a",
    "person",
    "coming",
    "under",
    "juvenile",
    "court",
    "law",
    "case",
    "mother",
    "father",
    "dob",
    "age",
    "born",
    "minor",
    "child",
}


@dataclass(frozen=True)
class FoundPerson:
    """A person found in a document, with where: the user confirms or corrects it."""

    full_name: str
    role: str
    date_of_birth: date | None
    address: str | None
    found_in: str
    """The file name of the document it was found in."""
    case_numbers: tuple[str, ...] = ()
    """Case numbers named right after them ("In re Eli W., … Case No. J24-00478", "(case J24-00478)"):
    another minor's, redacted in exports; the case's own main child keeps theirs (see ``main_child``)."""


def _clean_name(raw: str) -> str | None:
    words = raw.split()
    while words and words[-1].lower() in _NOT_NAMES:
        words.pop()
    if len(words) < 2 or any(word.lower() in _NOT_NAMES for word in words):
        return None
    return " ".join(words)


def _date(text: str) -> date | None:
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _found(text: str, patterns: Iterable[re.Pattern[str]], role: str, source: str) -> list[FoundPerson]:
    people = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            name = _clean_name(match.group("name"))
            if name is None:
                continue
            after = text[match.end("name") : match.end("name") + 120]
            dob = _DOB_AFTER.search(after)
            address = _ADDRESS_AFTER.search(after)
            number = _CASE_AFTER.search(text[match.end("name") : match.end("name") + 200])
            people.append(
                FoundPerson(
                    full_name=name,
                    role=role,
                    date_of_birth=_date(dob.group("date")) if dob else None,
                    address=address.group("address") if address else None,
                    found_in=source,
                    case_numbers=(number.group("number").upper(),) if number else (),
                )
            )
    return people


def find_protected_persons(documents: Iterable[tuple[str, str]]) -> list[FoundPerson]:
    """The children and siblings named in ``(file_name, text)`` pairs, and relatives sharing their surname.

    One entry per name (the first with a date of birth or an address wins over one without)."""
    children: dict[str, FoundPerson] = {}
    others: list[FoundPerson] = []
    counts: dict[str, int] = {}
    for file_name, text in documents:
        for person in _found(text, _CHILD_PATTERNS, "child", file_name):
            _keep(children, person)
            counts[person.full_name] = counts.get(person.full_name, 0) + 1
        others += _found(text, _SIBLING_PATTERNS, "sibling", file_name)
        others += _found(text, _RELATIVE_PATTERNS, "relative", file_name)
    surnames = {name.split()[-1].lower() for name in children}
    result = dict(children)
    for person in others:
        if person.full_name in children:
            continue
        if person.role == "sibling" or person.full_name.split()[-1].lower() in surnames:
            _keep(result, person)
    main = main_child(list(children.values()), counts)
    return sorted(
        (
            p
            if p.full_name != main
            else FoundPerson(p.full_name, p.role, p.date_of_birth, p.address, p.found_in)
            for p in result.values()
        ),
        key=lambda p: (p.role != "child", p.full_name),
    )


def main_child(children: list[FoundPerson], counts: dict[str, int]) -> str | None:
    """The child the case is about: named in a petition, else named most often. Their own case number is
    the case's, so it is not redacted."""
    if not children:
        return None
    return max(
        children, key=lambda p: ("petition" in p.found_in.lower(), counts.get(p.full_name, 0))
    ).full_name


def _keep(found: dict[str, FoundPerson], person: FoundPerson) -> None:
    known = found.get(person.full_name)
    if known is None:
        found[person.full_name] = person
        return
    found[person.full_name] = FoundPerson(
        full_name=known.full_name,
        role=known.role,
        date_of_birth=known.date_of_birth or person.date_of_birth,
        address=known.address or person.address,
        found_in=known.found_in,
        case_numbers=tuple(dict.fromkeys((*known.case_numbers, *person.case_numbers))),
    )
