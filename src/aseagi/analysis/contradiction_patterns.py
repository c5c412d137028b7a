"""What a denial or a request looks like in a parent's own messages, and who a statement is about.

Kept apart from the contradiction logic so the wording can be extended (and tested) on its own.
Patterns are first-person on purpose: "nobody called me", "can I see my son"; a worker's "mother may
request a visit" must not count as the mother's request.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aseagi.analysis.case_inputs import CaseDocument

__all__ = [
    "CONTACT_DENIAL",
    "NOTICE_DENIAL",
    "PartyTally",
    "PersonDirectory",
    "matching_sentences",
    "mentions_day",
    "visit_request_sentences",
]

_I_NEG = (
    r"\bI\s+(?:have\s+|had\s+)?(?:never|not|didn'?t|did\s+not|haven'?t|hadn'?t|wasn'?t|was\s+not|was\s+never)"
)
_CONTACT_VERB = (
    r"(?:call(?:ed|s)?|phoned|contact(?:ed)?|reach(?:ed)?|spoke|spoken|talk(?:ed)?|heard|notif(?:y|ied)"
    r"|came(?:\s+by)?|visited|showed\s+up|stopped\s+by|knocked)"
)

CONTACT_DENIAL = re.compile(
    rf"\b(?:no\s*one|nobody|no\s+one)\b[^.?!\n]{{0,60}}\b{_CONTACT_VERB}\b"
    rf"|{_I_NEG}\s+(?:been\s+|even\s+)?(?:get|got|gotten|receive[d]?|had|have)?\s*(?:a\s+|any\s+)?{_CONTACT_VERB}"
    rf"|\bnever\s+(?:called|contacted|phoned|reached|notified|told|informed)\s+me\b"
    rf"|\b(?:no|never\s+(?:got|received|had)\s+(?:a|any))\s+(?:phone\s+)?(?:calls?|voice\s*mails?)\s+from\b"
    rf"|\bI\s+(?:did\s+not|didn'?t|never)\s+(?:get|receive|miss)\s+(?:a|any)\s+(?:phone\s+)?call",
    re.IGNORECASE,
)
"""A parent saying nobody called or contacted them."""

NOTICE_DENIAL = re.compile(
    rf"{_I_NEG}\s+(?:been\s+)?(?:notified|told|informed|served|given\s+(?:any\s+)?notice|advised)"
    r"|\b(?:never|not|didn'?t|did\s+not|haven'?t|have\s+not)\s+(?:been\s+)?(?:receive[d]?|get|got|gotten)\s+"
    r"(?:any\s+|a\s+|the\s+)?(?:notice|notification|letter|papers|paperwork)"
    r"|\b(?:no\s*one|nobody|no\s+one)\b[^.?!\n]{0,60}\b(?:told|notified|informed|served)\s+me\b"
    r"|\bno\s+(?:notice|notification)\s+(?:was\s+)?(?:ever\s+)?(?:given|sent|received|served)\b"
    r"|\bfound\s+out\s+about\s+the\s+hearing\b",
    re.IGNORECASE,
)
"""A parent saying they were never notified (of a hearing, a report, a change)."""

_VISIT = (
    r"(?:visit(?:s|ation|ing)?|see\s+(?:my|our)\s+(?:son|daughter|child|children|kids?|baby|boy|girl)"
    r"|see\s+(?:him|her|them)|see\s+(?-i:[A-Z][a-z]+)\b(?!\s+(?:County|Court|Agency)))"
)
_VISIT_REQUEST = re.compile(
    rf"\b(?:can|could|may)\s+(?:I|we)\s+(?:please\s+)?(?:have\s+|get\s+|set\s+up\s+|schedule\s+|arrange\s+)?"
    rf"(?:a\s+|more\s+|another\s+)?{_VISIT}"
    rf"|\b(?:I|we)\s*(?:would\s+like|'d\s+like|want(?:ed)?|am\s+asking|am\s+requesting|request(?:ed)?|"
    rf"ask(?:ed)?|need|really\s+want)\s+(?:to\s+|for\s+)?(?:(?:have|schedule|set\s+up|request|arrange|start|get)\s+)?"
    rf"(?:a\s+|more\s+|my\s+|another\s+|regular\s+)?{_VISIT}"
    rf"|\bwhen\s+(?:can|will)\s+I\s+(?:be\s+able\s+to\s+)?(?:see|visit)\b"
    rf"|\bplease\s+(?:let\s+me\s+(?:see|visit)|(?:schedule|set\s+up|arrange)\s+(?:a\s+|my\s+|more\s+)?visit)"
    rf"|\b(?:requesting|asking\s+for)\s+(?:a\s+|more\s+)?visit(?:s|ation)?\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"\b(?:I|I'm|I'd|me|my|we|our)\b|\bplease\b|^\s*(?:requesting|asking)\b", re.IGNORECASE
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_ROLE_WORDS = {
    "mother": ("mother", "mom", "mommy"),
    "father": ("father", "dad", "daddy"),
}
_PARENT_WORDS = frozenset({"mother", "father", "parent", "parents", "mom", "dad"})
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


def matching_sentences(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text`` in which ``pattern`` occurs (questions excluded)."""
    spans: list[tuple[int, int]] = []
    for sentence in _SENTENCE.finditer(text):
        chunk = sentence.group().strip()
        if not chunk or (chunk.endswith("?") and pattern is not _VISIT_REQUEST):
            continue
        if pattern.search(chunk):
            start = sentence.start() + sentence.group().index(chunk)
            spans.append((start, start + len(chunk)))
    return spans


def visit_request_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences in which the writer asks to visit or see the child (questions included)."""
    return [
        (start, end)
        for start, end in matching_sentences(text, _VISIT_REQUEST)
        if _FIRST_PERSON.search(text[start:end])
    ]


def mentions_day(text: str, day: dt.date) -> bool:
    """The text names ``day`` ("March 2", "Mar. 2nd", "3/2", "03/02/2024")."""
    month = _MONTH_NAMES[day.month - 1]
    words = rf"\b(?:{month}|{month[:3]}\.?)\s+{day.day}(?:st|nd|rd|th)?\b"
    numeric = rf"(?<!\d)0?{day.month}[/-]0?{day.day}(?![\d])"
    return re.search(words, text, re.IGNORECASE) is not None or re.search(numeric, text) is not None


@dataclass(frozen=True)
class PersonDirectory:
    """Who is who, from the parties the document analyzer found: name tokens by role."""

    parents_by_role: dict[str, frozenset[str]]
    """``mother`` / ``father`` → lower-case name tokens (full name and surname)."""
    parent_tokens: frozenset[str]
    others: frozenset[str]
    """Tokens of social workers, counsel, judges… whose messages are never a parent's own words."""

    @classmethod
    def from_documents(cls, documents: Iterable[CaseDocument]) -> PersonDirectory:
        tally = PartyTally()
        for document in documents:
            tally.add(document)
        return tally.directory()

    @classmethod
    def from_names(cls, parent_names: dict[str, set[str]], other_names: set[str]) -> PersonDirectory:
        surnames = [name.split()[-1] for name in parent_names if name]
        by_role: dict[str, set[str]] = {"mother": set(), "father": set()}
        parents: set[str] = set()
        for name, roles in parent_names.items():
            tokens = _name_tokens(name, unique_surname=surnames.count(name.split()[-1] if name else "") == 1)
            parents |= tokens
            for role in roles:
                by_role[role] |= tokens
        others = {t for name in other_names for t in _name_tokens(name, unique_surname=True)} - parents
        return cls({r: frozenset(t) for r, t in by_role.items()}, frozenset(parents), frozenset(others))

    def tokens_for(self, subject: str | None) -> frozenset[str]:
        if not subject:
            return frozenset()
        word = subject.lower().strip()
        word = re.sub(r"^(?:the|a|an)\s+", "", word)
        if word in self.parents_by_role:
            return self.parents_by_role[word]
        return frozenset(_name_tokens(subject))

    def sender_matches(self, sender: str, subject: str | None) -> bool | None:
        """True: the sender is the subject; False: someone else we know; None: cannot tell."""
        text = sender.lower()
        tokens = self.tokens_for(subject)
        if tokens and _mentions_any(text, tokens):
            return True
        if _mentions_any(text, self.others):
            return False
        if tokens and _mentions_any(text, self.parent_tokens - tokens):
            return False
        return None

    def refers_to_parent(self, subject: str | None) -> bool:
        if not subject:
            return False
        word = re.sub(r"^(?:the|a|an)\s+", "", subject.lower().strip())
        return word in _PARENT_WORDS or bool(_name_tokens(subject) & self.parent_tokens)

    def subjects_compatible(self, claimed: str | None, other: str | None) -> bool:
        """A denial by "I"/unnamed writer, or one naming the same person, answers the claim."""
        if not claimed or not other or other.lower() in ("i", "me", "myself"):
            return True
        if claimed.lower().strip() == other.lower().strip():
            return True
        return bool(self.tokens_for(claimed) & self.tokens_for(other))


@dataclass
class PartyTally:
    """The parties of a case's documents, read one document at a time: each name once, with its roles."""

    parent_names: dict[str, set[str]] = field(default_factory=dict)
    other_names: set[str] = field(default_factory=set)

    def add(self, document: CaseDocument) -> None:
        for party in document.analysis.parties if document.analysis else ():
            if party.role == "parent":
                roles = self.parent_names.setdefault(_clean_name(party.name), set())
                around = party.evidence.quote.lower()
                roles |= {
                    r
                    for r, words in _ROLE_WORDS.items()
                    if any(re.search(rf"\b{w}\b", around) for w in words)
                }
            elif party.role != "child":
                self.other_names.add(_clean_name(party.name))

    def directory(self) -> PersonDirectory:
        return PersonDirectory.from_names(self.parent_names, self.other_names)


def _clean_name(name: str) -> str:
    cleaned = re.sub(r"\b(?:mr|mrs|ms|miss|dr|hon|judge|sw|csw)\.?\s+", "", name.lower())
    return " ".join(p for p in re.split(r"[\s,]+", cleaned) if p)


def _name_tokens(name: str, *, unique_surname: bool = True) -> set[str]:
    """Full name, first name and (when no other parent shares it) surname; initials are too ambiguous."""
    cleaned = _clean_name(name)
    parts = [p for p in cleaned.split() if len(p) >= 3 and "." not in p]
    tokens = {cleaned} if len(cleaned) >= 3 else set()
    if len(parts) >= 2:
        tokens.add(parts[0])
        if unique_surname:
            tokens.add(parts[-1])
    elif parts:
        tokens.add(parts[0])
    return tokens


def _mentions_any(text: str, tokens: frozenset[str] | set[str]) -> bool:
    return any(re.search(rf"(?<![a-z]){re.escape(token)}(?![a-z])", text) for token in tokens)
