"""Calendar dates written in any common form, with what each date is attached to.

Forms: "March 2, 2024", "Mar. 2, 2024", "Monday, March 4, 2024", "March 2nd, 2024", "2 March 2024",
"the 2nd day of March, 2024", "03/02/2024", "3/2/24", "03-02-2024", "3.2.2024", "2024-03-02" (also
inside timestamps "2024-03-02 14:05" / "2024-03-02T14:05"). Numeric dates are read month first (US).
Month-only dates ("March 2024") are skipped: a day-less date would put a false precision on every
deadline computed from it. Impossible dates (February 30) are rejected. A two-digit year is 20xx when
it is at most next year's two digits, else 19xx.

``context`` is the nearest cue word before the date in the same sentence (or just after it): hearing,
continued, filed, signed, dated, served, mailed, sent, received, detained, ordered, birth.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from aseagi.analysis.extractors.folding import fold_case
from aseagi.analysis.extractors.lines import lines_holding
from aseagi.analysis.schemas import DateMention

_DATE_SKELETON = re.compile(r"\d(?:(?<=[12])[09]\d\d|[/.\-]\d\d?[/.\-]\d\d)")
"""Every date but "the 2nd day of March" is written on one line that holds a year 19xx or 20xx or a numeric
date's digits and separators ("3/2/24"): the date patterns read only those lines, found by this scan (its
leading ``\\d`` lets the engine skip to digits at C speed). Section numbers ("361.5") do not qualify."""
_DAY_OF = re.compile(r"day\s+of")
"""The skeleton of "the 2nd day of March, 2024", searched in the lower-cased page before the full pattern."""
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?[ \t]+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR4 = r"(?P<year>(?:19|20)\d{2})"

_DAY_OF_MONTH = re.compile(
    # the 2nd day of March, 2024 (may wrap lines). Tried only where a "t" or a digit starts a word.
    rf"(?=[Tt\d])\b(?:the\s+)?(?P<day>\d{{1,2}}){_ORDINAL}\s+day\s+of\s+{_MONTH}\.?,?\s+(?:in\s+the\s+year\s+)?"
    rf"{_YEAR4}\b",
    re.IGNORECASE,
)
_ONE_LINE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Monday, March 4, 2024 / Mar. 2, 2024 / March 2nd, 2024
    re.compile(
        rf"(?=[ADFJMNOSTWadfjmnostw])\b{_WEEKDAY}{_MONTH}\.?[ \t]+(?P<day>\d{{1,2}}){_ORDINAL}"
        rf",?[ \t]*,?[ \t]+{_YEAR4}\b",
        re.IGNORECASE,
    ),
    # 2 March 2024 / Mon, 4 Mar 2024 (e-mail headers)
    re.compile(
        rf"(?=[\dFMSTWfmstw])\b{_WEEKDAY}(?P<day>\d{{1,2}}){_ORDINAL}[ \t]+{_MONTH}\.?,?[ \t]+{_YEAR4}\b",
        re.IGNORECASE,
    ),
    # 2024-03-02, 2024/03/02
    re.compile(
        r"(?<![\w/.\-])(?P<year>(?:19"
        r"|20)\d{2})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d/]|-\d)"
    ),
    # 03/02/2024, 3/2/24, 03-02-2024, 3.2.2024
    re.compile(
        r"(?<![\w/.\-$])(?P<month>\d{1,2})(?P<sep>[/\-.])(?P<day>\d{1,2})(?P=sep)"
        r"(?P<year>(?:19|20)\d{2}|\d{2})(?![\d/]|[.\-]\d)"
    ),
)

_YEARLESS = re.compile(
    rf"(?=[ADFJMNOS])\b{_MONTH}\.?[ \t]+(?P<day>\d{{1,2}}){_ORDINAL}\b(?![ \t]*,?[ \t]*\d|:\d|\.\d)"
)
"""A date without its year ("concluded on June 11"), read only in the paragraph after a dated one."""
_YEARLESS_REACH = 400
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_CONTEXT = re.compile(
    r"(?<![\w.])(?:(?P<hearing>hearing\s+date|date\s+of\s+(?:the\s+)?hearing|hearings?|trial|set\s+for|calendared|"
    r"appear(?:ance)?|\bdept\b|department)"
    r"|(?P<continued>continued|cont'?d\b|continuance|postponed|rescheduled)"
    r"|(?P<filed>filed|lodged|file[- ]stamped)"
    r"|(?P<signed>executed|signed)"
    r"|(?P<dated>\bdated|\bdate\s*:)"
    r"|(?P<served>served|service)"
    r"|(?P<mailed>mailed|mailing|postmarked)"
    r"|(?P<sent>\bsent\b|e-?mailed|texted)"
    r"|(?P<received>received)"
    r"|(?P<detained>detained|removed|removal|protective\s+custody|taken\s+into\s+custody)"
    r"|(?P<ordered>ordered|\border\b)"
    r"|(?P<birth>\bborn\b|\bDOB\b|D\.O\.B|date\s+of\s+birth|birth\s*date))",
    re.IGNORECASE,
)
_SENTENCE_EDGE = re.compile(r"[.;!?]\s|\n\s*\n")
_BEFORE_WINDOW = 80
_AFTER_WINDOW = 30


def two_digit_year(year: int, today: dt.date | None = None) -> int:
    """20xx when at most next year's two digits, else 19xx."""
    pivot = ((today or dt.date.today()).year + 1) % 100
    return 2000 + year if year <= pivot else 1900 + year


def extract_dates(text: str, page: int, *, today: dt.date | None = None) -> list[DateMention]:
    """Every valid date on one page, in reading order, without overlaps.

    Earlier patterns win overlaps. A one-line pattern reads only the lines ``_DATE_SKELETON`` finds: the
    same matches as reading the whole page (no pattern crosses a line end), at a fraction of the cost.
    """
    lines = lines_holding(_DATE_SKELETON, text)
    if not lines:
        return []
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, dt.date]] = []
    if _DAY_OF.search(fold_case(text)):
        _take(_DAY_OF_MONTH.finditer(text), today, taken, found)
    for pattern in _ONE_LINE_PATTERNS:
        for line_start, line_end in lines:
            _take(pattern.finditer(text, line_start, line_end), today, taken, found)
    if found:
        _take_yearless(text, taken, found)
    found.sort(key=lambda item: item[0])
    return [
        DateMention(
            date=value,
            text=text[start:end],
            page=page,
            start=start,
            end=end,
            context=date_context(text, start, end),
        )
        for start, end, value in found
    ]


def _take(
    matches: Iterator[re.Match[str]],
    today: dt.date | None,
    taken: list[tuple[int, int]],
    found: list[tuple[int, int, dt.date]],
) -> None:
    """Keep each valid date that overlaps none already taken."""
    for match in matches:
        start, end = match.span()
        if any(start < e and s < end for s, e in taken):
            continue
        value = _to_date(match, today)
        if value is None:
            continue
        taken.append((start, end))
        found.append((start, end, value))


def _take_yearless(text: str, taken: list[tuple[int, int]], found: list[tuple[int, int, dt.date]]) -> None:
    """Year-less dates in the same paragraph after a full date take its year (the next one if the
    month is more than six months earlier, as in "December 30, 2023 … January 2")."""
    for _, anchor_end, anchor in sorted(found):
        reach = min(len(text), anchor_end + _YEARLESS_REACH)
        paragraph_end = _PARAGRAPH_END.search(text, anchor_end, reach)
        for match in _YEARLESS.finditer(text, anchor_end, paragraph_end.start() if paragraph_end else reach):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            month = _MONTHS[match.group("mon")[:3].lower()]
            year = anchor.year + 1 if month < anchor.month - 6 else anchor.year
            try:
                value = dt.date(year, month, int(match.group("day")))
            except ValueError:
                continue
            taken.append((start, end))
            found.append((start, end, value))


def _to_date(match: re.Match[str], today: dt.date | None) -> dt.date | None:
    groups = match.groupdict()
    if groups.get("mon"):
        month = _MONTHS[groups["mon"][:3].lower()]
    else:
        month = int(groups["month"])
    year_text = groups["year"]
    year = int(year_text) if len(year_text) == 4 else two_digit_year(int(year_text), today)
    if groups.get("sep") == "." and len(year_text) != 4:
        return None  # "1.2.24" is far more often an outline number than a date
    try:
        return dt.date(year, month, int(groups["day"]))
    except ValueError:
        return None


def date_context(text: str, start: int, end: int) -> str | None:
    """The cue word nearest before the date in its sentence, else just after it."""
    window_start = max(0, start - _BEFORE_WINDOW)
    before = text[window_start:start]
    edges = list(_SENTENCE_EDGE.finditer(before))
    if edges:
        before = before[edges[-1].end() :]
    cues = list(_CONTEXT.finditer(before))
    if cues:
        return cues[-1].lastgroup
    after = text[end : end + _AFTER_WINDOW]
    edge = _SENTENCE_EDGE.search(after)
    if edge:
        after = after[: edge.start()]
    cue = _CONTEXT.search(after)
    return cue.lastgroup if cue else None


def choose_document_date(
    dates: Sequence[DateMention], *, document_type: str, first_page_text: str
) -> DateMention | None:
    """The date the document states for itself, or None.

    An e-mail's header ``Date:`` comes first (later ones belong to quoted messages); a signed paper's
    "Executed on" / "Dated:" comes last (the signature block); a minute order or letter states its date
    at the top; a filed stamp on page 1 is the fallback.
    """
    head_end = min(len(first_page_text), 1500)
    on_first_head = [d for d in dates if d.page == 1 and d.start < head_end and d.context != "birth"]
    signed = [d for d in dates if d.context in ("signed", "dated")]
    if document_type == "email":
        return signed[0] if signed else (on_first_head[0] if on_first_head else None)
    if document_type in ("minute_order", "letter", "text_messages", "chat") and on_first_head:
        preferred = [d for d in on_first_head if d.context in ("dated", "hearing", None)]
        return (preferred or on_first_head)[0]
    if signed:
        return signed[-1]
    filed = [d for d in on_first_head if d.context == "filed"]
    return filed[0] if filed else None
