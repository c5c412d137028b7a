"""The child's privacy in every export: CRC 8.401 naming and redaction that removes the text.

A ``Redactor`` is built from the case's protected persons. It rewrites text before anything is drawn:
full names become the short form (first name and last initial, or initials when the name is unusual),
and dates of birth, addresses, phone numbers and other minors' case numbers become a bracketed label.
The log it returns says what kind of thing was replaced, whose, and with what, never the value itself.
``forbidden_terms`` are what verification searches the finished files for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

WIC_827_NOTICE = (
    "CONFIDENTIAL - Juvenile case file (Welf. & Inst. Code, § 827). Not to be disclosed, copied or "
    "disseminated except as the juvenile court authorizes."
)
WIC_827_SHORT = "CONFIDENTIAL - WIC 827"
DOB_LABEL = "[DOB redacted]"
ADDRESS_LABEL = "[address redacted]"
PHONE_LABEL = "[phone redacted]"
CASE_NUMBER_LABEL = "[case no. redacted]"
EMAIL_LABEL = "[e-mail redacted]"

_MONTHS = ("January February March April May June July August September October November December").split()
_DATE_TEXT = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})"
)
_DOB_CONTEXT = re.compile(
    r"(?P<label>\b(?:DOB|D\.O\.B\.|date\s+of\s+birth|born(?:\s+on)?)\s*[:,]?\s*)(?P<value>"
    + _DATE_TEXT
    + ")",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ProtectedPerson:
    """Someone an export must not identify: the child, a sibling, a relative, a caregiver's home."""

    full_name: str
    role: str = "child"
    """child, sibling, relative or caregiver: said in the redaction log instead of the name."""
    date_of_birth: date | None = None
    address: str | None = None
    phone: str | None = None
    case_numbers: tuple[str, ...] = ()
    """Case-file numbers of other minors (a sibling's own dependency case)."""
    unusual_name: bool = False
    """CRC 8.401(a)(2): initials instead of first name and last initial when the name is unusual."""

    @property
    def short_name(self) -> str:
        return short_name(self.full_name, unusual=self.unusual_name)


def short_name(full_name: str, *, unusual: bool = False) -> str:
    """CRC 8.401(a): first name and last initial, or initials when the name would identify the child."""
    parts = [part for part in re.split(r"\s+", full_name.strip()) if part]
    if not parts:
        return full_name
    if unusual or len(parts) == 1:
        return "".join(f"{part[0].upper()}." for part in parts)
    return f"{parts[0]} {parts[-1][0].upper()}."


@dataclass(frozen=True)
class Replacement:
    """One kind of replacement made in one place; the value replaced is never recorded."""

    kind: str
    """name, email, dob, address, phone or case_number."""
    role: str
    replacement: str
    count: int


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    kind: str
    role: str
    replacement: str


def _words(text: str) -> str:
    """A phrase matched whatever the whitespace, line breaks and case between its words."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _name_variants(full_name: str) -> list[str]:
    parts = full_name.split()
    if len(parts) < 2:
        return [_words(full_name)]
    first, last, middle = parts[0], parts[-1], parts[1:-1]
    variants = [_words(full_name), _words(f"{first} {last}"), re.escape(last) + r",\s*" + _words(first)]
    if middle:
        variants.append(_words(f"{first} {middle[0][0]}.") + r"\s+" + re.escape(last))
        variants.append(re.escape(last) + r",\s*" + _words(" ".join([first, *middle])))
    return sorted(set(variants), key=len, reverse=True)


def date_texts(day: date) -> list[str]:
    """The ways a date of birth is written in these files."""
    month = _MONTHS[day.month - 1]
    return [
        f"{day.month}/{day.day}/{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year}",
        f"{day.month}/{day.day}/{day.year % 100:02d}",
        f"{day.month:02d}/{day.day:02d}/{day.year % 100:02d}",
        f"{day.month}-{day.day}-{day.year}",
        day.isoformat(),
        f"{month} {day.day}, {day.year}",
        f"{month[:3]}. {day.day}, {day.year}",
        f"{month[:3]} {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
    ]


def phone_pattern(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        return None
    area, exchange, line = digits[:3], digits[3:6], digits[6:]
    return rf"(?:\+?1[\s.-]?)?\(?{area}\)?[\s.-]?{exchange}[\s.-]?{line}(?!\d)"


@dataclass(frozen=True)
class Redactor:
    """Rewrites text for an export. ``enabled=False`` (admin, under seal) changes nothing."""

    persons: tuple[ProtectedPerson, ...] = ()
    enabled: bool = True
    rules: tuple[_Rule, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", tuple(_rules(self.persons)) if self.enabled else ())

    def apply(self, text: str) -> tuple[str, list[Replacement]]:
        if not self.rules or not text:
            return text, []
        log: list[Replacement] = []
        for rule in self.rules:
            text, count = rule.pattern.subn(rule.replacement, text)
            if count:
                log.append(Replacement(rule.kind, rule.role, rule.replacement, count))
        text, count = _DOB_CONTEXT.subn(lambda m: m.group("label") + DOB_LABEL, text)
        if count:
            log.append(Replacement("dob", "anyone", DOB_LABEL, count))
        return text, log

    def clean(self, text: str) -> str:
        return self.apply(text)[0]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where in ``text`` something would be replaced: for drawing boxes over a page image."""
        if not self.rules:
            return []
        found = [m.span() for rule in self.rules for m in rule.pattern.finditer(text)]
        found += [m.span("value") for m in _DOB_CONTEXT.finditer(text)]
        return sorted(found)

    def forbidden_terms(self) -> list[str]:
        """Strings that must appear nowhere in a redacted export (compared whitespace- and case-blind)."""
        if not self.enabled:
            return []
        terms: list[str] = []
        for person in self.persons:
            parts = person.full_name.split()
            terms.append(person.full_name)
            if len(parts) >= 2:
                terms.append(f"{parts[0]}.{parts[-1]}@")
            if len(parts) > 2:
                terms.append(f"{parts[0]} {parts[-1]}")
            if person.date_of_birth:
                terms += date_texts(person.date_of_birth)
            if person.address:
                terms.append(person.address)
            if person.phone:
                terms.append(re.sub(r"\D", "", person.phone)[-10:])
            terms += list(person.case_numbers)
        return [term for term in terms if len(term.strip()) >= 4]


def _rules(persons: Iterable[ProtectedPerson]) -> list[_Rule]:
    rules: list[_Rule] = []
    for person in persons:
        parts = person.full_name.split()
        if len(parts) >= 2:  # dana.whitfield@…, maya_whitfield2@…: the address names the person
            first, last = re.escape(parts[0]), re.escape(parts[-1])
            pattern = re.compile(rf"[\w.+-]*{first}[._-]?{last}[\w.+-]*@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
            rules.append(_Rule(pattern, "email", person.role, EMAIL_LABEL))
        for variant in _name_variants(person.full_name):
            pattern = re.compile(rf"(?<!\w){variant}(?!\w)", re.IGNORECASE)
            rules.append(_Rule(pattern, "name", person.role, person.short_name))
        if person.date_of_birth:
            alternatives = "|".join(_words(text) for text in date_texts(person.date_of_birth))
            rules.append(
                _Rule(re.compile(rf"(?<![\w/])(?:{alternatives})(?![\w/])"), "dob", person.role, DOB_LABEL)
            )
        if person.address:
            pattern = re.compile(rf"(?<!\w){_words(person.address)}(?!\w)", re.IGNORECASE)
            rules.append(_Rule(pattern, "address", person.role, ADDRESS_LABEL))
        phone = phone_pattern(person.phone) if person.phone else None
        if phone:
            rules.append(_Rule(re.compile(rf"(?<!\d){phone}"), "phone", person.role, PHONE_LABEL))
        for number in person.case_numbers:
            pattern = re.compile(rf"(?<!\w){_words(number)}(?!\w)", re.IGNORECASE)
            rules.append(_Rule(pattern, "case_number", person.role, CASE_NUMBER_LABEL))
    return rules


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def leaks(text: str, terms: Iterable[str]) -> list[str]:
    """Which forbidden terms ``text`` still contains (phones compared digit by digit)."""
    flat = normalized(text)
    digits = re.sub(r"\D", "", text)
    found = []
    for term in terms:
        if term.isdigit():
            if term in digits:
                found.append(term)
        elif normalized(term) in flat:
            found.append(term)
    return found
