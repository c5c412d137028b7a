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

from aseagi.analysis.extractors.folding import aligned_fold, fold_case
from aseagi.analysis.extractors.passages import PageSentences, Source
from aseagi.analysis.schemas import DateMention, Statement


def _at_word_start(pattern: str) -> re.Pattern[str]:
    """Compiled case-insensitive, tried only at word starts: several times faster on long pages."""
    return re.compile(rf"(?<![\w-])(?:{pattern})", re.IGNORECASE)


Span = tuple[int, int]
StatementKind = Literal["contact", "visit_request", "notice_given", "icwa_inquiry", "other"]

_SUBJECT = re.compile(
    r"\b(?:the\s+)?(?P<who>(?:maternal|paternal)\s+(?:grand)?(?:mother|father|aunt|uncle)|mother"
    r"|father|parents?"
    r"|caregivers?|foster\s+parents?|relatives?|minors?|child(?:ren)?)\b|\b(?P<named>(?:Mr|Mrs"
    r"|Ms)\.\s+[A-Z][a-z]+)",
    re.IGNORECASE,
)
_PREFILTER = _at_word_start(
    r"contact|call|phone|voice\s*mail|message|spoke|visit|notif|inform|advis|notice|served|icwa"
    r"|indian|native|interview|met\s+with"
    r"|tribe|tribal|reach|text|e-?mail",
)
_PREFILTER_WORDS = re.compile(
    r"contact|call|phone|voice|message|spoke|visit|notif|inform|advis|notice|served|icwa|indian|native"
    r"|interview|met|trib|reach|text|mail"
)
"""A word of each ``_PREFILTER`` alternative, found at C speed in the folded page."""
_VISIT_DENIED = _at_word_start(
    r"\b(?:has|have|had|did)\s+not\s+(?:\w+\s+)?(?:requested|request|asked)\b[^.;]{0,30}\bvisit"
    r"|\bnever\s+(?:requested|asked)\b[^.;]{0,30}\bvisit|\bno\s+(?:requests?|efforts?)\s+(?:for|to)\s+visit"
    r"|\b(?:has|have)\s+made\s+no\s+(?:effort|attempt)s?\s+to\s+visit|\bfailed\s+to\s+(?:request"
    r"|ask\s+for)\s+visit",
)
_VISIT_AFFIRMED = _at_word_start(r"\b(?:requested|asked\s+(?:for|to))\b[^.;]{0,20}\bvisit")
_CONTACT_DENIED = _at_word_start(
    r"\b(?:has|have|had|did)\s+(?:not|never)\s+(?:\w+\s+)?(?:contacted|called|been\s+in\s+contact"
    r"|maintained\s+contact"
    r"|responded|returned)|\bnever\s+(?:contacted|called|responded|returned)"
    r"|\bmade\s+no\s+(?:effort|attempt)s?\s+to\s+(?:contact|call|reach)|\bfailed\s+to\s+(?:contact"
    r"|respond|maintain\s+contact)"
    r"|\b(?:was|were)\s+unable\s+to\s+(?:reach|contact|locate)|\bno\s+contact\s+with"
    r"|\bhas\s+not\s+had\s+contact",
)
_CONTACT_AFFIRMED = _at_word_start(
    r"\b(?:contacted|called|telephoned|spoke\s+(?:with|to)|met\s+with|texted|e-?mailed"
    r"|left\s+(?:a\s+)?(?:voice\s*mail|message)"
    r"|made\s+contact|attempted\s+to\s+(?:contact|reach|call)|reached|interviewed|visited)\b",
)
_NOTICE = _at_word_start(
    r"\b(?:notified|noticed|informed|advised|given\s+notice|provided\s+(?:with\s+)?notice|served"
    r"|sent\s+notice|mailed\s+notice)"
    r"\b[^.;]{0,80}\b(?:hearing|court\s+date|notice|proceeding|petition)"
    r"|\bnotice\s+of\s+(?:the\s+)?hearing\b[^.;]{0,60}\b(?:mailed|sent|given|served|provided)"
    r"|\b(?:not|never|un)\s*(?:properly\s+)?(?:noticed|notified)\b"
    r"|\bno\s+(?:proof\s+of\s+)?notice\s+(?:to|of|was|has)\b",
)
_NOTICE_FIELD = re.compile(
    r"(?im)^[ \t]*notices?(?:[ \t]+given)?[ \t]*:[ \t]*(?P<body>[^\n]+)",
)
"""A minute order's notice line: ``NOTICE: Mother - given. Father - not given``."""
_NOTICE_ENTRY = re.compile(
    r"\b(?P<who>(?:maternal\s+|paternal\s+)?(?:mother|father|parents?|guardian|minor|child)"
    r"(?:[ \t]+[A-Z][a-z]+){0,3})[ \t]*[-–:,][ \t]*(?P<neg>not[ \t]+|no[ \t]+)?"
    r"(?:given|noticed|notified|served|proper)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|never|no|failed\s+to|without)\b", re.IGNORECASE)
_ICWA = re.compile(r"\bICWA\b|indian\s+(?:ancestry|heritage|child|tribe)|native\s+american"
                   r"|\btrib(?:e|al)\b|ICWA-0[0-9]{2}",
                   re.IGNORECASE)  # fmt: skip
_ICWA_DENIED = _at_word_start(
    r"\b(?:not|never|no)\b[^.;]{0,25}\b(?:inquir\w*|ask\w*|conduct\w*|filed|complet\w*|question\w*"
    r"|interview\w*|sent|made)\b"
    r"|\bfailed\s+to\s+(?:inquire|ask|conduct|file|complete|question|interview)"
    r"|\bwithout\s+(?:any\s+)?inquiry",
)
_ICWA_AFFIRMED = _at_word_start(
    r"\b(?:inquir\w*|asked|conducted|filed|completed|questioned|interviewed|denied|den(?:y|ies)"
    r"|claimed|reported|stated|indicated"
    r"|report(?:s)?)\b",
)
_CHANNEL = _at_word_start(
    r"(?P<phone>tele?phon|\bphone|\bcalled\b|\bcall\b|voice\s*mail)|(?P<text>text\s+message|\btexted\b|\bsms\b)"
    r"|(?P<email>\be-?mail)|(?P<mail>\bmail(?:ed)?\b|\bletter\b|certified\s+mail|first[- ]class)"
    r"|(?P<in_person>in\s+person|face[- ]to[- ]face|home\s+visit|met\s+with|personally)",
)
# Words each pattern cannot match without: a sentence lacking all of them skips the pattern.
_ICWA_WORDS = ("icwa", "indian", "native", "trib")
_NOTICE_WORDS = ("not", "inform", "advis", "served")
_CONTACT_DENIED_WORDS = ("contact", "call", "respon", "return", "reach", "locate")
_VISIT_DENIED_WORDS = ("request", "ask", "effort", "attempt")
_VISIT_AFFIRMED_WORDS = ("request", "ask")
_CONTACT_AFFIRMED_WORDS = (
    "contact", "call", "telephon", "spoke", "met", "text", "mail", "left", "attempt", "reach", "interview",
    "visited",
)  # fmt: skip
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
    cued = _cued_sentences(text, sentences.spans())
    if not cued:
        return []
    found: list[Statement] = _notice_fields(text, page, dates, source, sworn=sworn)
    fielded = [(s.evidence.start, s.evidence.end) for s in found]
    for start, end in cued:
        if any(start < field_end and field_start < end for field_start, field_end in fielded):
            continue
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


def _cued_sentences(text: str, spans: Sequence[Span]) -> list[Span]:
    """The sentences holding a cue word (of ``_PREFILTER_WORDS`` in the folded page, or of ``_PREFILTER``
    when folding would shift offsets), in reading order.

    Every ``_PREFILTER`` match holds a cue word, so a sentence without one cannot match. One search finds
    the next cue after a sentence's start; it answers for every sentence before that cue too, so the page
    is read once, and no further than its last cue.
    """
    folded = aligned_fold(text)
    pattern, searched = (_PREFILTER, text) if folded is None else (_PREFILTER_WORDS, folded)
    kept: list[Span] = []
    cue = -1
    for start, end in spans:
        if cue < start:
            found = pattern.search(searched, start)
            if found is None:
                break
            cue = found.start()
        if cue < end:
            kept.append((start, end))
    return kept


def _notice_fields(
    text: str, page: int, dates: Sequence[DateMention], source: Source, *, sworn: bool
) -> list[Statement]:
    """One statement per party on a "Notice:" line, each quoting its own entry."""
    found: list[Statement] = []
    if "otice" not in text:
        return found
    for field in _NOTICE_FIELD.finditer(text):
        line_date = next(
            (d.date for d in dates if d.page == page and field.start() <= d.start < field.end()), None
        )
        for entry in _NOTICE_ENTRY.finditer(text, field.start("body"), field.end("body")):
            who = entry.group("who").split()
            found.append(
                Statement(
                    kind="notice_given",
                    polarity="denied" if entry.group("neg") else "affirmed",
                    subject=who[0].lower(),
                    date=line_date,
                    sworn=sworn,
                    evidence=source.evidence(page, text, entry.start(), entry.end()),
                )
            )
    return found


def _classify(sentence: str) -> list[tuple[StatementKind, Literal["affirmed", "denied"]]]:
    kinds: list[tuple[StatementKind, Literal["affirmed", "denied"]]] = []
    folded = fold_case(sentence)
    if _has_any(folded, _ICWA_WORDS) and _ICWA.search(sentence):
        if _ICWA_DENIED.search(sentence):
            kinds.append(("icwa_inquiry", "denied"))
        elif _ICWA_AFFIRMED.search(sentence):
            kinds.append(("icwa_inquiry", "affirmed"))
        return kinds
    if "visit" in folded:
        if _has_any(folded, _VISIT_DENIED_WORDS) and _VISIT_DENIED.search(sentence):
            kinds.append(("visit_request", "denied"))
        elif (
            _has_any(folded, _VISIT_AFFIRMED_WORDS)
            and _VISIT_AFFIRMED.search(sentence)
            and not _NEGATION.search(sentence)
        ):
            kinds.append(("visit_request", "affirmed"))
    notice = _NOTICE.search(sentence) if _has_any(folded, _NOTICE_WORDS) else None
    if notice:
        negated = _NEGATION.search(sentence[max(0, notice.start() - 25) : notice.end()])
        kinds.append(("notice_given", "denied" if negated else "affirmed"))
        return kinds
    if _has_any(folded, _CONTACT_DENIED_WORDS) and _CONTACT_DENIED.search(sentence):
        kinds.append(("contact", "denied"))
    elif not kinds and _has_any(folded, _CONTACT_AFFIRMED_WORDS) and _CONTACT_AFFIRMED.search(sentence):
        kinds.append(("contact", "affirmed"))
    return kinds


def _has_any(folded: str, words: tuple[str, ...]) -> bool:
    return any(word in folded for word in words)


def _subject(sentence: str) -> str | None:
    for match in _SUBJECT.finditer(sentence):
        who = match.group("who") or match.group("named")
        if who and who.lower() not in _ACTORS:
            return " ".join(who.split()) if match.group("named") else " ".join(who.lower().split())
    return None


def _channel(sentence: str) -> str | None:
    """The channel named first in the sentence."""
    match = _CHANNEL.search(sentence)
    if match is None:
        return None
    return (match.lastgroup or "").replace("_", " ")
