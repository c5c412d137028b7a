"""Checkable factual assertions: contacts, notices, visit requests and ICWA inquiry.

These are what another record (a phone log, an e-mail, a later report) can confirm or contradict,
so each keeps who it is about, the channel, the date and whether the paper is sworn. One statement
per kind per sentence. ICWA polarity is about the inquiry, not the answer: "the mother denied
Indian ancestry" affirms that she was asked; "the parents were not asked" denies the inquiry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from aseagi.analysis.extractors.passages import PageSentences, Source
from aseagi.analysis.schemas import DateMention, Statement

StatementKind = Literal["contact", "visit_request", "notice_given", "icwa_inquiry", "other"]

_SUBJECT = re.compile(
    r"\b(?:the\s+)?(?P<who>(?:maternal|paternal)\s+(?:grand)?(?:mother|father|aunt|uncle)|mother"
    r"|father|parents?"
    r"|caregivers?|foster\s+parents?|relatives?|minors?|child(?:ren)?)\b|\b(?P<named>(?:Mr|Mrs"
    r"|Ms)\.\s+[A-Z][a-z]+)",
    re.IGNORECASE,
)
_PREFILTER = re.compile(
    r"contact|call|phone|voice\s*mail|message|spoke|visit|notif|inform|advis|notice|served|icwa"
    r"|indian|native|interview|met\s+with"
    r"|tribe|tribal|reach|text|e-?mail",
    re.IGNORECASE,
)
_VISIT_DENIED = re.compile(
    r"\b(?:has|have|had|did)\s+not\s+(?:\w+\s+)?(?:requested|request|asked)\b[^.;]{0,30}\bvisit"
    r"|\bnever\s+(?:requested|asked)\b[^.;]{0,30}\bvisit|\bno\s+(?:requests?|efforts?)\s+(?:for|to)\s+visit"
    r"|\b(?:has|have)\s+made\s+no\s+(?:effort|attempt)s?\s+to\s+visit|\bfailed\s+to\s+(?:request"
    r"|ask\s+for)\s+visit",
    re.IGNORECASE,
)
_VISIT_AFFIRMED = re.compile(r"\b(?:requested|asked\s+(?:for|to))\b[^.;]{0,20}\bvisit", re.IGNORECASE)
_CONTACT_DENIED = re.compile(
    r"\b(?:has|have|had|did)\s+(?:not|never)\s+(?:\w+\s+)?(?:contacted|called|been\s+in\s+contact"
    r"|maintained\s+contact"
    r"|responded|returned)|\bnever\s+(?:contacted|called|responded|returned)"
    r"|\bmade\s+no\s+(?:effort|attempt)s?\s+to\s+(?:contact|call|reach)|\bfailed\s+to\s+(?:contact"
    r"|respond|maintain\s+contact)"
    r"|\b(?:was|were)\s+unable\s+to\s+(?:reach|contact|locate)|\bno\s+contact\s+with"
    r"|\bhas\s+not\s+had\s+contact",
    re.IGNORECASE,
)
_CONTACT_AFFIRMED = re.compile(
    r"\b(?:contacted|called|telephoned|spoke\s+(?:with|to)|met\s+with|texted|e-?mailed"
    r"|left\s+(?:a\s+)?(?:voice\s*mail|message)"
    r"|made\s+contact|attempted\s+to\s+(?:contact|reach|call)|reached|interviewed|visited)\b",
    re.IGNORECASE,
)
_NOTICE = re.compile(
    r"\b(?:notified|noticed|informed|advised|given\s+notice|provided\s+(?:with\s+)?notice|served"
    r"|sent\s+notice|mailed\s+notice)"
    r"\b[^.;]{0,80}\b(?:hearing|court\s+date|notice|proceeding|petition)"
    r"|\bnotice\s+of\s+(?:the\s+)?hearing\b[^.;]{0,60}\b(?:mailed|sent|given|served|provided)",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|never|no|failed\s+to|without)\b", re.IGNORECASE)
_ICWA = re.compile(r"\bICWA\b|indian\s+(?:ancestry|heritage|child|tribe)|native\s+american"
                   r"|\btrib(?:e|al)\b|ICWA-0[0-9]{2}",
                   re.IGNORECASE)  # fmt: skip
_ICWA_DENIED = re.compile(
    r"\b(?:not|never|no)\b[^.;]{0,25}\b(?:inquir\w*|ask\w*|conduct\w*|filed|complet\w*|question\w*"
    r"|interview\w*|sent|made)\b"
    r"|\bfailed\s+to\s+(?:inquire|ask|conduct|file|complete|question|interview)"
    r"|\bwithout\s+(?:any\s+)?inquiry",
    re.IGNORECASE,
)
_ICWA_AFFIRMED = re.compile(
    r"\b(?:inquir\w*|asked|conducted|filed|completed|questioned|interviewed|denied|den(?:y|ies)"
    r"|claimed|reported|stated|indicated"
    r"|report(?:s)?)\b",
    re.IGNORECASE,
)
_CHANNELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("phone", re.compile(r"tele?phon|\bphone|\bcalled\b|\bcall\b|voice\s*mail", re.IGNORECASE)),
    ("text", re.compile(r"text\s+message|\btexted\b|\bsms\b", re.IGNORECASE)),
    ("email", re.compile(r"\be-?mail", re.IGNORECASE)),
    ("mail", re.compile(r"\bmail(?:ed)?\b|\bletter\b|certified\s+mail|first[- ]class", re.IGNORECASE)),
    (
        "in person",
        re.compile(r"in\s+person|face[- ]to[- ]face|home\s+visit|met\s+with|personally", re.IGNORECASE),
    ),
)
_ACTORS = frozenset({"i", "csw", "social worker", "undersigned", "agency", "department"})


def extract_statements(
    text: str,
    page: int,
    dates: Sequence[DateMention],
    sentences: PageSentences,
    source: Source,
    *,
    sworn: bool,
) -> list[Statement]:
    """Statements on one page, in reading order."""
    if not _PREFILTER.search(text):
        return []
    found: list[Statement] = []
    for start, end in sentences.spans():
        sentence = text[start:end]
        if not _PREFILTER.search(sentence):
            continue
        for kind, polarity in _classify(sentence):
            subject = _subject(sentence)
            if subject is None and kind != "icwa_inquiry":
                continue
            found.append(
                Statement(
                    kind=kind,
                    polarity=polarity,
                    subject=subject,
                    channel=_channel(sentence),
                    date=next((d.date for d in dates if d.page == page and start <= d.start < end), None),
                    sworn=sworn,
                    evidence=source.evidence(page, text, start, end),
                )
            )
    return found


def _classify(sentence: str) -> list[tuple[StatementKind, Literal["affirmed", "denied"]]]:
    kinds: list[tuple[StatementKind, Literal["affirmed", "denied"]]] = []
    if _ICWA.search(sentence):
        if _ICWA_DENIED.search(sentence):
            kinds.append(("icwa_inquiry", "denied"))
        elif _ICWA_AFFIRMED.search(sentence):
            kinds.append(("icwa_inquiry", "affirmed"))
        return kinds
    if _VISIT_DENIED.search(sentence):
        kinds.append(("visit_request", "denied"))
    elif _VISIT_AFFIRMED.search(sentence) and not _NEGATION.search(sentence):
        kinds.append(("visit_request", "affirmed"))
    notice = _NOTICE.search(sentence)
    if notice:
        negated = _NEGATION.search(sentence[max(0, notice.start() - 25) : notice.end()])
        kinds.append(("notice_given", "denied" if negated else "affirmed"))
        return kinds
    if _CONTACT_DENIED.search(sentence):
        kinds.append(("contact", "denied"))
    elif not kinds and _CONTACT_AFFIRMED.search(sentence):
        kinds.append(("contact", "affirmed"))
    return kinds


def _subject(sentence: str) -> str | None:
    for match in _SUBJECT.finditer(sentence):
        who = match.group("who") or match.group("named")
        if who and who.lower() not in _ACTORS:
            return " ".join(who.split()) if match.group("named") else " ".join(who.lower().split())
    return None


def _channel(sentence: str) -> str | None:
    best: tuple[int, str] | None = None
    for name, pattern in _CHANNELS:
        match = pattern.search(sentence)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), name)
    return best[1] if best else None
