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

from aseagi.analysis.extractors.folding import fold_case
from aseagi.analysis.extractors.passages import PageSentences, Source
from aseagi.analysis.schemas import CourtEventFinding, DateMention, EventType

_MONTH_REVIEW = r"(?:six|6|twelve|12|eighteen|18|twenty-four|24)[- ]month"
_CUES: tuple[tuple[EventType, str], ...] = (
    ("366.26_hearing", r"(?:section\s+|§\s*)?366\.26\s+hearing|\.26\s+hearing|(?:hearing"
                       r"|permanency\s+planning\s+hearing)"
                       r"\s+(?:pursuant\s+to|under)\s+(?:section\s+|§\s*|WIC\s+|W\.?\s?&\s?I\.?\s+C\.?\s+)?366\.26"
                       r"|selection\s+(?:and|&)\s+implementation(?:\s+hearing)?"
                       r"|(?:hearing\s+on\s+)?selection\s+of\s+a\s+permanent\s+plan"
                       r"|hearing\s*:\s*(?:section\s+)?(?:366)?\.26\b"
                       r"|termination\s+of\s+parental\s+rights\s+hearing|TPR\s+hearing"),
    ("permanency_hearing", rf"(?:{_MONTH_REVIEW}\s+)?permanency(?:\s+review)?\s+hearing"
                           rf"|366\.21\s*\(f\)\s+hearing"
                           r"|permanency\s+planning\s+hearing"),
    ("review_hearing", rf"{_MONTH_REVIEW}\s+(?:status\s+)?review(?:\s+hearing)?|(?:status"
                       rf"|post-permanency|permanency\s+planning)"
                       r"\s+review\s+hearing|review\s+hearing|366\.2[12]\s*\([a-z]\)\s+hearing"
                       r"|366\.3\s+hearing|PPRH"),
    ("jurisdiction_hearing", r"(?:contested\s+)?jurisdiction(?:al)?(?:\s*/\s*disposition(?:al)?)?\s+"
                             r"(?:hearing|trial)|adjudicat(?:ion|ory)\s+hearing|combined\s+hearing"
                             r"|hearing\s*:\s*(?:contested\s+)?jurisdiction(?:al)?\b"),
    ("disposition_hearing", r"(?:contested\s+)?disposition(?:al)?\s+(?:hearing|trial)"
                            r"|hearing\s*:\s*(?:contested\s+)?disposition(?:al)?\b"),
    ("detention_hearing", r"detention\s+hearing|initial\s+(?:petition\s+)?hearing|arraignment"
                          r"|hearing\s*:\s*detention\b"),
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
    ("removal", r"\b(?:was|were)\s+(?:removed|detained)|\bremoved\s+(?:from|on)\b"
                r"|\b(?:child(?:ren)?|minors?)\s+removed\b"
                r"|taken\s+into\s+(?:protective\s+)?custody"
                r"|placed\s+(?:\w+\s+){0,3}in(?:to)?\s+protective\s+custody|protective\s+custody\s+warrant"
                r"|date\s+of\s+(?:removal|detention)"),
    ("notice", r"notice[^.;]{0,60}?\b(?:was\s+|were\s+)?(?:mailed|sent|given|provided|posted)"
               r"|\b(?:was|were)\s+(?:noticed|notified)"
               r"|notice\s+of\s+hearing"),
    ("service", r"\b(?:was|were)\s+(?:personally\s+)?served|\bpersonally\s+(?:served|delivered)"
                r"|proof\s+of\s+service|service\s+was\s+"
                r"(?:made|completed|effected)|served\s+(?:by\s+mail\s+)?on"
                r"|served\s+(?:the|a|an|copies|true\s+copies)\b"),
    ("order", r"(?:court|judge|commissioner)\s+(?:hereby\s+)?order(?:ed|s)\b|\border\b[^.;]{0,50}?\bdated\b"
              r"|\border(?:s)?\s+(?:was|were)\s+(?:made|issued|entered|signed)|\border\s+entered"),
    ("filing", r"\b(?:was|were)\s+filed\b|\bfiled\s+on\b|\blodged\b|\bfiled\s*:"),
)  # fmt: skip
_CUE = re.compile(
    # The lookaheads hold every character, then every three letters, a cue starts with, so the long
    # alternation is tried at few places.
    r"(?=[.§\dacdefhijlmnoprstw])(?<![\w'])"
    r"(?=[.§\d]|adj|arr|chi|com|con|cou|dat|det|dis|eig|fil|hea|ini|jud|jur|lod|med|min|non|not|ord|pet|pla"
    r"|pos|ppr|pre|pro|per|rem|res|rev|sec|sel|ser|set|six|sta|tak|ter|tpr|tri|twe|was|wer)"
    r"(?:" + "|".join(f"(?P<e{i}>{pattern})" for i, (_, pattern) in enumerate(_CUES)) + ")",
    re.IGNORECASE,
)
_CUE_TYPES: dict[str, EventType] = {f"e{i}": kind for i, (kind, _) in enumerate(_CUES)}
_HEARING_TYPES = frozenset(kind for kind, _ in _CUES[:10])
_NAMED_HEARINGS = _HEARING_TYPES - {"hearing"}
_CONTINUED = re.compile(r"continued|postponed|rescheduled|trailed", re.IGNORECASE)
_AFTER_REACH = 40
"""A date at the start of its sentence pairs with a cue after it only this close ("12/23/24 jurisdiction")."""
_HEARING_DATE = re.compile(
    r"[\s,:;.–—-]*(?:\((?:[^()]|\([^()]*\))*\)[\s,]*)?(?:(?:is|was|has\s+been|had\s+been|will\s+be|are|were|now)\s+)*"
    r"(?:(?:originally|previously|first|again|now)\s+)?"
    r"(?:(?:set|scheduled|held|heard|calendared|continued|reset|rescheduled|conducted|trailed|postponed|moved"
    r"|vacated|completed|commenced|began|concluded|noticed|advanced|specially\s+set)[\s,]+)?"
    r"(?:(?:in|at)\s+(?:Dept\.?|Department|Courtroom)\s*[\w.]+[\s,]+|at\s+\d{1,2}(?::\d\d)?\s*[ap]\.?\s?m\.?[\s,]+)*"
    r"(?:(?:detention|jurisdiction(?:al)?|disposition(?:al)?|review|permanency|six[- ]month|12[- ]month"
    r"|366\.26|selection\s+(?:and|&)\s+implementation)[\s,:;–—-]*)?"
    r"(?:(?:on|for|to|until|of|from|date|dated|set|:)[\s:,*_]*)*(?:the\s+)?(?:\w+day,?\s+)?[\s*_\"'“(\[]*",
    re.IGNORECASE,
)
"""What may stand between a hearing and its own date ("hearing (WIC 366.21(e)) set for", "hearing is
continued to", "hearing in Dept. 4 on Monday,"): anything else means the date belongs to something else."""
_HELD_ON = re.compile(
    r"\b(?:was|were|is|will\s+be|has\s+been)\s+(?:held|heard|set|scheduled|reset|calendared|continued|conducted)"
    r"\s+(?:on|for|to|until)?\s*(?:\w+day,?\s*)?$",
    re.IGNORECASE,
)
"""", ..., was held on": the sentence gives the date to its subject, the hearing, across a long aside."""
_NOT_ACROSS = re.compile(r":\s|->|\bby\b", re.IGNORECASE)
"""Between a leading date and a later cue: a speaker label or an actor means the date is not the event's."""
_TYPE_WORD_AFTER = re.compile(
    r"[ \t]*[-–:,]?[ \t]*(?:the[ \t]+)?(?:contested[ \t]+)?(?:(?P<detention_hearing>detention)"
    r"|(?P<jurisdiction_hearing>jurisdiction(?:al)?)|(?P<disposition_hearing>disposition(?:al)?)"
    r"|(?P<review_hearing>(?:six|6|twelve|12|eighteen|18)[- ]month(?:[ \t]+review)?|(?:status[ \t]+)?review)"
    r"|(?P<permanency_hearing>permanency)|(?P<_366_26>(?:366)?\.26|selection[ \t]+and[ \t]+implementation))"
    r"\b(?![ \t]+(?:report|order|findings|petition|services|period))",
    re.IGNORECASE,
)
"""A hearing named by its kind alone right after the date, as in a list of court dates."""
_DATE_LABEL = re.compile(r"(?:hearing\s+date|date\s+of\s+(?:the\s+)?hearing|hearing)\s*:\s*$", re.IGNORECASE)
_REPORT_KIND = re.compile(
    r"\b(?:(?P<detention_hearing>detention)|(?P<jurisdiction_hearing>jurisdiction(?:al)?)"
    r"|(?P<disposition_hearing>disposition(?:al)?)|(?P<review_hearing>(?:status\s+|interim\s+)?review)"
    r"|(?P<permanency_hearing>permanency)|(?P<_366_26>366\.26|selection\s+and\s+implementation))"
    r"\b[^\n]{0,30}?\breport\b",
    re.IGNORECASE,
)
Cue = tuple[int, int, EventType, str]
_SERVICE_ACT = re.compile(r"\b(?:served|mailed|delivered|deposited)\b", re.IGNORECASE)
_TOLD = re.compile(r"\b(?:informed|notified|told|advised|giving|gave)\b[^.;]*$", re.IGNORECASE)
"""Before a hearing cue: the sentence tells someone about the hearing; its date is when they were told."""
_NOTICE_TITLE = re.compile(r"\bnotice\s+of\s+(?:the\s+)?(?:[\w.()]+\s+){0,3}$", re.IGNORECASE)
"""Before a hearing cue: the hearing is the name of the paper served, not the subject of the date."""
_HEARING_BINDS = re.compile(
    r"\s*(?:of|for|(?:is\s+|was\s+)?(?:set|scheduled|calendared)\s+(?:for|on)"
    r"|(?:is\s+|to\s+be\s+|will\s+be\s+)?held\s+on|(?:is|will\s+be)\s+on|:)\s*(?:\w+day,?\s*)?",
    re.IGNORECASE,
)
"""What joins a hearing to its own date ("the hearing of 11/13/2025", "hearing set for …")."""
_PAPER_OF = re.compile(
    r"\b(?:order|report|minutes|notice|petition|declaration|letter|e-?mail|motion)\s+(?:of|dated)\s*$",
    re.IGNORECASE,
)
_SERVED_LABEL = re.compile(r"\b(?:date\s+(?:of\s+)?serv(?:ed|ice)|served(?:\s+on)?)\s*:?\s*$", re.IGNORECASE)
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
    text: str,
    page: int,
    dates: Sequence[DateMention],
    sentences: PageSentences,
    source: Source,
    *,
    title_kind: EventType | None = None,
) -> list[CourtEventFinding]:
    """Events on one page from its dated sentences.

    ``title_kind`` is the hearing the document is about ("DETENTION REPORT"): a "Hearing date:" field
    names that hearing.
    """
    events: list[CourtEventFinding] = []
    by_sentence: dict[tuple[int, int], list[DateMention]] = {}
    for mention in dates:
        if mention.page == page and mention.context not in _SKIPPED_CONTEXTS:
            by_sentence.setdefault(sentences.around(mention.start), []).append(mention)
    for (start, end), mentions in by_sentence.items():
        cues: list[Cue] = [
            (m.start(), m.end(), _CUE_TYPES[m.lastgroup or ""], m.group())
            for m in _CUE.finditer(text, start, end)
        ]
        sentence = text[start:end]
        for mention in mentions:
            cue = _served_instead(text, start, end, mention, _pair(text, start, mention, cues))
            if cue is not None and not _says_hearing_date(text, cue, mention):
                # "For the hearing the worker interviewed the mother on March 2": not the hearing's date.
                cue = _act_before(text, start, mention, cues)
            if cue is None:
                continue
            if (
                cue[2] == "hearing"
                and title_kind is not None
                and _DATE_LABEL.search(text, max(start, mention.start - 24), mention.start)
            ):
                cue = (cue[0], cue[1], title_kind, cue[3])
            events.append(_event(text, page, start, end, sentence, mention, cue, source))
    return events


def _pair(text: str, sentence_start: int, mention: DateMention, cues: list[Cue]) -> Cue | None:
    """The cue a date belongs to: the nearest before it in its clause, else one it introduces."""
    named = _TYPE_WORD_AFTER.match(text, mention.end)
    if named is not None:
        kind = named.lastgroup or ""
        return (named.start(), named.end(), "366.26_hearing" if kind == "_366_26" else kind,  # type: ignore[return-value]
                named.group())  # fmt: skip
    if not cues:
        return None
    before = [c for c in cues if c[1] <= mention.start]
    after = [c for c in cues if c[0] >= mention.end]
    lead = text[sentence_start : mention.start]
    if after and _introduces(lead):
        return _resolve(_prefer_named(after[0], cues), cues)
    if before:
        clause = text.rfind(";", sentence_start, mention.start)
        in_clause = [c for c in before if c[0] > clause] if clause >= 0 else before
        return _resolve(_prefer_named((in_clause or before)[-1], before), cues)
    gap = after[0][0] - mention.end if after else _AFTER_REACH + 1
    if gap <= 2 or (not lead.strip(" \t-•*") and gap <= _AFTER_REACH):
        if not _NOT_ACROSS.search(text, mention.end, after[0][0]):
            return _resolve(after[0], cues)
    return None


def _served_instead(text: str, start: int, end: int, mention: DateMention, cue: Cue | None) -> Cue | None:
    """A date a sentence gives to the act of serving is a service date, however near the word "hearing".

    "I served the Notice of Hearing on Selection of a Permanent Plan on 09/30/2025": the hearing names the
    paper served. Only "the hearing of 11/13/2025" / "hearing set for …" bind a date to the hearing.
    """
    if (
        cue is not None
        and cue[2] in ("service", "notice", "filing")
        and _PAPER_OF.search(text, max(start, mention.start - 40), mention.start)
    ):
        return None  # "I served the minute order of 2025-01-08": the date names the paper served
    label = _SERVED_LABEL.search(text, max(start, mention.start - 30), mention.start)
    if label is not None and (cue is None or cue[2] in _HEARING_TYPES or cue[2] == "notice"):
        return (label.start(), label.end(), "service", label.group())
    if cue is None or (cue[2] not in _HEARING_TYPES and cue[2] != "notice"):
        return cue
    act = _SERVICE_ACT.search(text, start, end)
    told = _TOLD.search(text, start, cue[0]) if cue[2] in _HEARING_TYPES else None
    if act is None and told is None:
        return cue
    if cue[2] == "notice":
        return (act.start(), act.end(), "service", act.group()) if act and cue[0] > act.start() else cue
    if cue[1] > mention.start:
        # "On 3/6/25 the worker left a voicemail giving the date ... of the hearing": told that day.
        between = _TOLD.search(text, mention.end, cue[0]) if cue[2] in _HEARING_TYPES else None
        if between is not None and cue[0] > mention.end:
            return (between.start(), between.start() + len(between.group().split()[0]), "notice", "Notice")
        return cue
    bound = _HEARING_BINDS.match(text, cue[1])
    if bound is not None and bound.end() == mention.start:
        return cue
    if act is not None and _NOTICE_TITLE.search(text, max(start, cue[0] - 40), cue[0]):
        return (act.start(), act.end(), "service", act.group())
    if told is not None and not _next_to(text, cue[1], mention.start):
        return (told.start(), told.start() + len(told.group().split()[0]), "notice", "Notice")
    return cue


def _says_hearing_date(text: str, cue: Cue, mention: DateMention) -> bool:
    """Whether the sentence gives this date to the hearing named before it, not to something else."""
    if cue[2] not in _HEARING_TYPES or cue[1] > mention.start:
        return True
    if _HEARING_DATE.fullmatch(text, cue[1], mention.start):
        return True
    return _HELD_ON.search(text, max(cue[1], mention.start - 60), mention.start) is not None


def _act_before(text: str, start: int, mention: DateMention, cues: list[Cue]) -> Cue | None:
    """The nearest act (service, notice, filing, order…) before the date in its clause, when the hearing
    named there does not own the date."""
    clause = max(text.rfind(";", start, mention.start), start)
    acts = [c for c in cues if clause <= c[0] and c[1] <= mention.start and c[2] not in _HEARING_TYPES]
    return acts[-1] if acts else None


def _next_to(text: str, cue_end: int, date_start: int) -> bool:
    """ "the detention hearing on 3/5/24": nothing but "on" or a comma between the hearing and its date."""
    gap = text[cue_end:date_start]
    return re.fullmatch(r"\s*(?:on|,)?\s*(?:\w+day,?\s*)?", gap, re.IGNORECASE) is not None


def _introduces(lead: str) -> bool:
    """Whether the text before a date is an "On" opening a clause ("On March 1, 2024, the petition ...")."""
    words = lead.rstrip()
    if words[-2:].lower() != "on" or (len(words) > 2 and words[-3].isalnum()):
        return False
    rest = words[:-2].rstrip()
    return not rest or rest[-1] in ";,(" or rest.lower().endswith((" and", " but"))


def _resolve(cue: Cue, cues: list[Cue]) -> Cue:
    """A bare "hearing" is the hearing the sentence names, when it names exactly one kind."""
    if cue[2] != "hearing":
        return cue
    kinds = {c[2] for c in cues if c[2] in _HEARING_TYPES and c[2] != "hearing"}
    if len(kinds) == 1:
        return (cue[0], cue[1], kinds.pop(), cue[3])
    return cue


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


_FILED_PAPER = re.compile(
    r"^\s*(?:NOTICE\s+OF\s+(?:APPEAL|INTENT)|PETITION\s+FOR\s+(?:AN\s+)?(?:EXTRAORDINARY\s+)?WRIT"
    r"|(?:CIVIL\s+RIGHTS\s+)?COMPLAINT\b|MOTION\b|REQUEST\s+FOR\b|PETITION\s+FOR\s+MODIFICATION)",
    re.IGNORECASE,
)


def filed_paper_event(
    title: str | None, first_page: str, document_date: dt.date, source: Source
) -> CourtEventFinding | None:
    """A paper a party files (a notice of appeal, a writ petition, a motion, a complaint): its own filing,
    dated with the paper's date, quoted from its title line."""
    if not title or not _FILED_PAPER.match(title):
        return None
    head = first_page[:1500]
    found = re.search(re.escape(title.strip()[:60]), head)
    if found is None:
        return None
    line_start = head.rfind("\n", 0, found.start()) + 1
    line_end = head.find("\n", found.end())
    line_end = len(head) if line_end < 0 else line_end
    label = " ".join(title.split())
    return CourtEventFinding(
        event_date=document_date,
        event_type="filing",
        title=f"Filed: {label[0].upper()}{label[1:].lower()}"[:200],
        evidence=source.evidence(1, first_page, line_start, line_end),
    )


_DISMISSED = re.compile(
    r"\b(?:petition|case|matter|dependency)\b[^.;\n]{0,40}?\b(?:is|are|was|were)\s+(?:hereby\s+)?dismissed\b"
    r"|\b(?:court|judge)\s+(?:hereby\s+)?dismiss(?:es|ed)\s+the\s+(?:petition|case|dependency)"
    r"|\bdependency\s+(?:is\s+|was\s+)?terminated\b|\bjurisdiction\s+(?:is\s+|was\s+)?terminated\b",
    re.IGNORECASE,
)


def dismissal_event(
    text: str, page: int, dates: Sequence[DateMention], day: dt.date, source: Source
) -> CourtEventFinding | None:
    """A court paper's undated "The petition is dismissed": an order of its own date that ends the case.

    Dated mentions ("a prior case was dismissed on May 2, 2024") are history, not this paper's order.
    """
    folded = fold_case(text)
    if "dismiss" not in folded and "terminated" not in folded:
        return None  # every _DISMISSED alternative holds one of them
    match = _DISMISSED.search(text)
    if match is None:
        return None
    start, end = PageSentences.of(text).around(match.start())
    if any(start <= d.start < end for d in dates if d.page == page):
        return None
    return CourtEventFinding(
        event_date=day,
        event_type="order",
        title="Petition dismissed",
        evidence=source.evidence(page, text, start, end),
    )


def title_hearing_type(first_page: str) -> EventType | None:
    """The hearing a paper is about, from its heading lines ("DETENTION REPORT", "MINUTE ORDER - ...")."""
    for line in first_page[:1500].splitlines():
        if not line.strip() or any(ch.islower() for ch in line):
            continue
        cue = _CUE.search(line)
        if cue is not None and _CUE_TYPES[cue.lastgroup or ""] in _NAMED_HEARINGS:
            return _CUE_TYPES[cue.lastgroup or ""]
        report = _REPORT_KIND.search(line)
        if report is not None:
            kind = report.lastgroup or ""
            return "366.26_hearing" if kind == "_366_26" else kind  # type: ignore[return-value]
    return None


def distinct_events(events: Sequence[CourtEventFinding]) -> list[CourtEventFinding]:
    """One event per (date, type), first mention kept, in date order.

    A bare "hearing" on a day the document also names a hearing of a known kind is that hearing.
    """
    seen: dict[tuple[dt.date, str], CourtEventFinding] = {}
    for event in events:
        seen.setdefault((event.event_date, event.event_type), event)
    named_days = {day for day, kind in seen if kind in _NAMED_HEARINGS}
    kept = [e for (day, kind), e in seen.items() if kind != "hearing" or day not in named_days]
    return sorted(kept, key=lambda e: (e.event_date, e.evidence.page, e.evidence.start))
