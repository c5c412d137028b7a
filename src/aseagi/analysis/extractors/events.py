"""Hearings, filings, orders, removals, notices and service, each with its date and sentence.

A court event is a dated sentence with a cue ("jurisdiction hearing", "petition ... filed",
"removed", "continued to", "notice ... mailed"). Each date in the sentence is paired with the nearest
cue before it; a date written as "On March 1, 2024, ..." is paired with the cue after it. When a
named hearing is "continued to" a date, the event is that hearing (title marked continued); an
unnamed one is a ``continuance``. A minute order's own hearing is dated with the document date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from aseagi.analysis.extractors.passages import PageSentences, Source
from aseagi.analysis.schemas import CourtEventFinding, DateMention, EventType

_MONTH_REVIEW = r"(?:six|6|twelve|12|eighteen|18|twenty-four|24)[- ]month"
_CUES: tuple[tuple[EventType, str], ...] = (
    ("366.26_hearing", r"(?:section\s+|§\s*)?366\.26\s+hearing|\.26\s+hearing|(?:hearing"
                       r"|permanency\s+planning\s+hearing)"
                       r"\s+(?:pursuant\s+to|under)\s+(?:section\s+|§\s*)?366\.26"
                       r"|selection\s+and\s+implementation(?:\s+hearing)?"
                       r"|termination\s+of\s+parental\s+rights\s+hearing|TPR\s+hearing"),
    ("permanency_hearing", rf"(?:{_MONTH_REVIEW}\s+)?permanency(?:\s+review)?\s+hearing"
                           rf"|366\.21\s*\(f\)\s+hearing"
                           r"|permanency\s+planning\s+hearing"),
    ("review_hearing", rf"{_MONTH_REVIEW}\s+(?:status\s+)?review(?:\s+hearing)?|(?:status"
                       rf"|post-permanency|permanency\s+planning)"
                       r"\s+review\s+hearing|review\s+hearing|366\.2[12]\s*\([a-z]\)\s+hearing"
                       r"|366\.3\s+hearing|PPRH"),
    ("jurisdiction_hearing", r"(?:contested\s+)?jurisdiction(?:al)?(?:\s*/\s*disposition(?:al)?)?\s+hearing"
                             r"|adjudicat(?:ion|ory)\s+hearing|combined\s+hearing"),
    ("disposition_hearing", r"(?:contested\s+)?disposition(?:al)?\s+hearing"),
    ("detention_hearing", r"detention\s+hearing|initial\s+(?:petition\s+)?hearing|arraignment"),
    ("mediation", r"mediation(?:\s+(?:session|hearing|appointment))?"),
    ("status_hearing", r"status\s+(?:conference|hearing)|pre-?trial\s+(?:resolution\s+)?conference"
                       r"|progress\s+report\s+hearing"
                       r"|non-?appearance\s+review|settlement\s+conference"),
    ("trial", r"\btrial\b(?!\s+(?:home\s+)?visit)"),
    ("hearing", r"\bhearings?\b|\bcourt\s+date\b"),
    ("petition_filed", r"petition\b[^.;]{0,60}?\b(?:was\s+|were\s+)?filed|filed\s+(?:a|the"
                       r"|an)\s+(?:\w+\s+){0,3}petition"),
    ("continuance", r"continued\s+(?:to|until)|continuance\s+(?:to|until)|postponed\s+(?:to|until)"
                    r"|rescheduled\s+(?:to|for)"),
    ("removal", r"\b(?:was|were)\s+(?:removed|detained)|\bremoved\s+from"
                r"|taken\s+into\s+(?:protective\s+)?custody"
                r"|placed\s+in\s+protective\s+custody|protective\s+custody\s+warrant"
                r"|date\s+of\s+(?:removal|detention)"),
    ("notice", r"notice[^.;]{0,60}?\b(?:was\s+|were\s+)?(?:mailed|sent|given|provided|posted)"
               r"|\b(?:was|were)\s+(?:noticed|notified)"
               r"|notice\s+of\s+hearing"),
    ("service", r"\b(?:was|were)\s+(?:personally\s+)?served|\bpersonally\s+served"
                r"|proof\s+of\s+service|service\s+was\s+"
                r"(?:made|completed|effected)|served\s+(?:by\s+mail\s+)?on"),
    ("order", r"(?:court|judge|commissioner)\s+(?:hereby\s+)?order(?:ed|s)\b|\border\b[^.;]{0,50}?\bdated\b"
              r"|\border(?:s)?\s+(?:was|were)\s+(?:made|issued|entered|signed)|\border\s+entered"),
    ("filing", r"\b(?:was|were)\s+filed\b|\bfiled\s+on\b|\blodged\b"),
)  # fmt: skip
_CUE = re.compile(
    r"(?<![\w'])(?:" + "|".join(f"(?P<e{i}>{pattern})" for i, (_, pattern) in enumerate(_CUES)) + ")",
    re.IGNORECASE,
)
_CUE_TYPES: dict[str, EventType] = {f"e{i}": kind for i, (kind, _) in enumerate(_CUES)}
_HEARING_TYPES = frozenset(kind for kind, _ in _CUES[:10])
_CONTINUED = re.compile(r"continued|postponed|rescheduled|trailed", re.IGNORECASE)
_ON_DATE = re.compile(r"(?:^|\b(?:and|but)\s+|[;,]\s*)on\s*$", re.IGNORECASE)
_DEPARTMENT = re.compile(
    r"\b(?:Dept\.?|Department)\s*(?:No\.?\s*)?(?P<dept>[0-9]{1,3}[A-Z]?|[A-Z]{1,2}\d{0,3})\b"
)
_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.\s?m\.|[AP]\.\s?M\.|[ap]m\b|[AP]M\b)|\b\d{1,2}:\d{2}\b")
_SKIPPED_CONTEXTS = frozenset({"birth"})
_LABELS: dict[EventType, str] = {
    "366.26_hearing": "366.26 hearing",
    "petition_filed": "Petition filed",
    "continuance": "Continuance",
    "removal": "Child removed",
    "notice": "Notice",
    "service": "Service",
    "order": "Order",
    "filing": "Filing",
}


def extract_events(
    text: str, page: int, dates: Sequence[DateMention], sentences: PageSentences, source: Source
) -> list[CourtEventFinding]:
    """Events on one page from its dated sentences."""
    events: list[CourtEventFinding] = []
    by_sentence: dict[tuple[int, int], list[DateMention]] = {}
    for mention in dates:
        if mention.page == page and mention.context not in _SKIPPED_CONTEXTS:
            by_sentence.setdefault(sentences.around(mention.start), []).append(mention)
    for (start, end), mentions in by_sentence.items():
        cues = [
            (m.start(), m.end(), _CUE_TYPES[m.lastgroup or ""], m.group())
            for m in _CUE.finditer(text, start, end)
        ]
        if not cues:
            continue
        sentence = text[start:end]
        for mention in mentions:
            cue = _pair(text, start, mention, cues)
            if cue is None:
                continue
            events.append(_event(text, page, start, end, sentence, mention, cue, source))
    return events


def _pair(
    text: str, sentence_start: int, mention: DateMention, cues: list[tuple[int, int, EventType, str]]
) -> tuple[int, int, EventType, str] | None:
    before = [c for c in cues if c[1] <= mention.start]
    after = [c for c in cues if c[0] >= mention.end]
    if _ON_DATE.search(text, max(sentence_start, mention.start - 12), mention.start) and after:
        return _prefer_named(after[0], cues)
    if before:
        return _prefer_named(before[-1], before)
    return after[0] if after else None


def _prefer_named(
    cue: tuple[int, int, EventType, str], pool: list[tuple[int, int, EventType, str]]
) -> tuple[int, int, EventType, str]:
    """A continuance cue yields to a named hearing in the same clause ("the hearing is continued to")."""
    if cue[2] != "continuance":
        return cue
    named = [c for c in pool if c[2] in _HEARING_TYPES and abs(c[0] - cue[0]) < 80]
    return named[-1] if named else cue


def _event(
    text: str,
    page: int,
    start: int,
    end: int,
    sentence: str,
    mention: DateMention,
    cue: tuple[int, int, EventType, str],
    source: Source,
) -> CourtEventFinding:
    kind = cue[2]
    title = _LABELS.get(kind) or " ".join(cue[3].split())
    title = title[0].upper() + title[1:]
    if kind in _HEARING_TYPES and (mention.context == "continued" or _CONTINUED.search(sentence)):
        title += " (continued)"
    department = _DEPARTMENT.search(sentence)
    time = _TIME.search(text, mention.end, min(end, mention.end + 40))
    return CourtEventFinding(
        event_date=mention.date,
        event_type=kind,
        title=title,
        department=department.group("dept") if department else None,
        time=" ".join(time.group().split()) if time else None,
        evidence=source.evidence(page, text, start, end),
    )


def minute_order_event(
    title: str | None, first_page: str, document_date: dt.date, source: Source
) -> CourtEventFinding | None:
    """The hearing a minute order records: its type from the title lines, dated with the document date."""
    head = first_page[:1500]
    match = _CUE.search(head)
    kind: EventType = "hearing"
    if match and _CUE_TYPES[match.lastgroup or ""] in _HEARING_TYPES:
        kind = _CUE_TYPES[match.lastgroup or ""]
    anchor = match or (re.search(re.escape(title), head) if title else None)
    if anchor is None:
        return None
    line_start = head.rfind("\n", 0, anchor.start()) + 1
    line_end = head.find("\n", anchor.end())
    line_end = len(head) if line_end < 0 else line_end
    department = _DEPARTMENT.search(head)
    time = _TIME.search(head)
    label = (_LABELS.get(kind) or " ".join(match.group().split())) if match else "Hearing"
    return CourtEventFinding(
        event_date=document_date,
        event_type=kind,
        title=label[0].upper() + label[1:],
        department=department.group("dept") if department else None,
        time=" ".join(time.group().split()) if time else None,
        evidence=source.evidence(1, first_page, line_start, line_end),
    )


def distinct_events(events: Sequence[CourtEventFinding]) -> list[CourtEventFinding]:
    """One event per (date, type), first mention kept, in date order."""
    seen: dict[tuple[dt.date, str], CourtEventFinding] = {}
    for event in events:
        seen.setdefault((event.event_date, event.event_type), event)
    return sorted(seen.values(), key=lambda e: (e.event_date, e.evidence.page, e.evidence.start))
