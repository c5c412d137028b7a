"""Case numbers (dockets) of the courts a dependency case touches.

California forms (Courts of Appeal and Supreme Court, juvenile and family numbers of each county) are
data, in ``rules/docket_forms.yaml``. Federal forms have one national shape and are here: district
``1:21-cv-00057-WS-N`` (with or without the office digit), bankruptcy ``24-04888-CL7``, circuit
``21-15678`` and ``MDL No. 2741``.

A form either stands alone (its shape cannot be anything else) or needs support from its context: a
label before it ("Case No.", "No.", "Case Number:", "Super. Ct. Nos.", "Activity in Case"), a case
title after it ("… v. …", "In re …", "Notice …"), a column headed Case or Docket, the caption lines of
a first page that names a court, or a court's listing (two or more such numbers on separate lines).
A number accepted once on a page is accepted wherever else it stands on that page. After a caption
cue any other token with four or more digits is kept as kind ``other``.

Normalized = upper-case with every dash or space run between parts a single ``-`` ("JV 2025 001234"
→ ``JV-2025-001234``), except federal numbers, normalized the way CourtListener does: judges'
initials and a defendant's number dropped and the type in lower case (``1:21-cv-00057-WS-N`` →
``1:21-cv-00057``, ``24-04888-CL7`` → ``24-04888``), and ``MDL No. 2741`` → ``MDL-2741``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from aseagi.analysis.extractors.docket_forms import load_forms
from aseagi.analysis.extractors.folding import fold_case
from aseagi.analysis.extractors.lines import lines_holding
from aseagi.analysis.extractors.passages import Source
from aseagi.analysis.schemas import DocketMention

DocketKind = Literal["juvenile", "family", "appeal", "federal", "other"]

_THREE_DIGITS = re.compile(r"\d\d\d")
"""Every docket form holds three digits in a row and none spans lines: the forms read only such lines."""
_THREE_DIGITS_NOT_DECIMAL = re.compile(r"\d\d\d(?!\d|\.\d)")
"""The same, where no form puts a period after a digit: a number's last three digits are then followed by
neither a digit nor ".digit" (``_END`` forbids it after the number), so "section 361.5" is passed over."""
_START = r"(?<![\w/.$#-])"
_END = r"(?![\w/-]|\.\d)"
_FEDERAL_TYPES = "cv|cr|mj|mc|bk|ap|md|po|sw|cb|gj|pt|dp|ml|adv"
_GUARD = r"(?=[A-Za-z]{0,5}(?:[ \t]*[-‐‑‒–—―−][ \t]*|[ \t])?\d|MDL)"
"""Every form has a digit within its first letters (or is MDL): a cheap test before the alternatives."""


@dataclass(frozen=True)
class _Form:
    kind: DocketKind
    pattern: str
    supported_only: bool
    listing: bool
    """Whether a court's listing (several on separate lines) is support enough."""


_FEDERAL: tuple[_Form, ...] = (
    _Form("federal", r"MDL[ \t]*(?:Docket[ \t]*)?(?:No\.?[ \t]*)?\d{3,4}", False, False),
    _Form(
        "federal",
        r"\d{1,2}:\d{2}-?(?![aApP][mM])(?i:[a-z]{2})-?\d{3,6}(?:-(?i:[a-z]{1,4})\d?)*"
        r"(?:-\d{1,3})?",
        False,
        False,
    ),
    _Form(
        "federal",
        rf"\d{{2}}-(?i:{_FEDERAL_TYPES})-\d{{3,6}}(?:-(?i:[a-z]{{1,4}})\d?)*(?:-\d{{1,3}})?",
        False,
        False,
    ),
    _Form("federal", r"\d{2}-\d{5}-(?i:[a-z]{2,4})\d{0,2}", True, False),
    _Form("federal", r"\d{2}-\d{4,5}", True, False),
)


@cache
def _forms() -> tuple[tuple[_Form, ...], re.Pattern[str], re.Pattern[str]]:
    """Every form, federal first; one pattern whose group ``f<i>`` says which form matched; the skeleton
    that picks the lines the pattern reads (the federal forms' only period is the one of "MDL No.")."""
    forms = list(_FEDERAL)
    skeleton = _THREE_DIGITS_NOT_DECIMAL
    for form in load_forms():
        pattern = f"(?i:{form.pattern})" if form.ignore_case else form.pattern
        forms.append(_Form(form.kind, pattern, form.context == "supported", True))
        if "." in form.pattern:
            skeleton = _THREE_DIGITS
    alternatives = "|".join(f"(?P<f{index}>{form.pattern})" for index, form in enumerate(forms))
    return tuple(forms), re.compile(rf"{_START}{_GUARD}(?:{alternatives}){_END}"), skeleton


_LIST_TAIL = re.compile(r"(?:[A-Za-z0-9][\w:-]*\d[\w-]*[ \t]*(?:,|;|&|\band\b|\bor\b)[ \t]*)+$")
"""Earlier numbers of a list ("Nos. A166452, A166453 and …"), skipped to reach the label."""
_LABEL = re.compile(
    r"(?:\b(?:nos?|numbers?|num)\b\.?|#|\bdocket|\bcase|\bappeal|\bpetition|\bmatter|\bsubject)"
    r"[ \t]*[:.#]?[ \t]*(?:\n[ \t]*){0,3}$",
    re.IGNORECASE,
)
_NOT_A_CASE_LABEL = re.compile(
    r"\b(?:invoice|account|acct|policy|claim|reference|ref|order|purchase|receipt|check|tracking"
    r"|confirmation|loan|serial|model|part|item|license|permit|tax|employee|member|bates|exhibit|page"
    r"|document|doc|phone|fax|room|suite|unit|box|id)\.?[ \t]*(?:no\.?|number|num\.?|#)?[ \t]*[:.#]?[ \t]*$",
    re.IGNORECASE,
)
_APPEAL_CUE = re.compile(
    r"(?:court\s+of\s+appeal|\bapp\.|appellate|supreme\s+court)[^\n]{0,40}$", re.IGNORECASE
)
_TITLE_AFTER = re.compile(
    r"[ \t]*[,:–-]?[ \t]*(?:[^\n]{0,80}?[ \t](?:v|vs)\.?[ \t]|\(?in[ \t]+re\b|in[ \t]+the[ \t]+matter"
    r"|notice\b|order\b|minute)",
    re.IGNORECASE,
)
_HEADER_CELL = re.compile(
    r"(?:(?:appellate|superior\s+court|trial\s+court)\s+)?(?:case|docket|appeal)"
    r"(?:\s*(?:no\.?|number|num\.?|#))?:?",
    re.IGNORECASE,
)
_CELL_SPLIT = re.compile(r"\t|[ ]{2,}|\|")
_CAPTION_CUE = re.compile(
    r"(?:case\s*(?:no\.?|number|#)|\bno\.|\bdocket(?:\s*(?:no\.?|number|#))?|petition\s*(?:no\.?|number|#)"
    r"|court\s+of\s+appeal|\bappeal\s*no\.?|activity\s+in\s+case)\s*[:#]?\s*$",
    re.IGNORECASE,
)
_CAPTION_TOKEN = re.compile(
    r"(?=[cdps])(?:case\s*(?:no\.?|number|#)|docket\s*(?:no\.?|number|#)?|petition\s*(?:no\.?|number"
    r"|#)|super(?:ior)?\.?\s*c(?:our)?t\.?\s*nos?\.?)[ \t]*[:#]?[ \t]*"
    r"(?P<token>[A-Z0-9][A-Z0-9-]{3,24})(?![\w-])",
    re.IGNORECASE,
)
_CAPTION_LINES = 12
_COURT_CAPTION_LINES = 30
_COURT_WORDS = ("court", "opinion", "docket", "appeal", "case")
_DASHES = re.compile(r"[ \t]*[-‐‑‒–—―−][ \t]*|[ \t]+")
_MDL = re.compile(r"MDL\D{0,12}?(?P<number>\d{3,4})", re.IGNORECASE)
_DISTRICT = re.compile(
    r"(?P<office>\d{1,2}:)?(?P<year>\d{2})-(?P<type>[A-Z]{2})-(?P<number>\d{3,6})"
    r"(?:-[A-Z]{1,4}\d?)*(?:-\d{1,3})?",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"(?P<core>\d{2}-\d{4,5})(?:-[A-Z]{1,4}\d{0,2})?", re.IGNORECASE)
_FEDERAL_TYPE_SET = frozenset(_FEDERAL_TYPES.split("|"))


@lru_cache(maxsize=4096)
def normalize_docket(text: str) -> str:
    if (mdl := _MDL.fullmatch(text.strip())) is not None:
        return f"MDL-{mdl.group('number')}"
    squeezed = _DASHES.sub("-", text.strip()).replace(":-", ":")
    district = _DISTRICT.fullmatch(squeezed)
    if district is not None:
        office, kind = district.group("office") or "", district.group("type").lower()
        if office or kind in _FEDERAL_TYPE_SET:
            return f"{office}{district.group('year')}-{kind}-{district.group('number')}"
    if (numbered := _NUMBERED.fullmatch(squeezed)) is not None:
        return numbered.group("core")
    return squeezed.upper()


def extract_dockets(text: str, page: int, source: Source) -> list[DocketMention]:
    """Docket numbers on one page, in reading order."""
    if _THREE_DIGITS.search(text) is None:
        return []  # neither a form nor a caption token (four digits) can be on the page
    forms, pattern, skeleton = _forms()
    candidates: list[tuple[int, int, int]] = []
    for line_start, line_end in lines_holding(skeleton, text):
        candidates.extend(
            (m.start(), m.end(), int(m.lastgroup[1:]))  # type: ignore[index]
            for m in pattern.finditer(text, line_start, line_end)
        )
    spans = _accepted(text, page, forms, candidates)
    lowered = fold_case(text)
    if not ("case" in lowered or "docket" in lowered or "petition" in lowered or "super" in lowered):
        return _mentions(text, page, source, spans)
    for match in _CAPTION_TOKEN.finditer(text):
        token = match.group("token")
        if sum(ch.isdigit() for ch in token) >= 4 and not _overlaps(spans, *match.span("token")):
            spans.append((match.start("token"), match.end("token"), "other"))
    return _mentions(text, page, source, spans)


def _accepted(
    text: str, page: int, forms: Sequence[_Form], candidates: list[tuple[int, int, int]]
) -> list[tuple[int, int, DocketKind]]:
    """The candidates a form's shape or its context supports, and their repetitions on the page."""
    context = _PageContext(text, page)
    listed: dict[int, set[int]] = {}
    for start, _, index in candidates:
        if forms[index].listing and forms[index].supported_only:
            listed.setdefault(index, set()).add(text.count("\n", 0, start))
    spans: list[tuple[int, int, DocketKind]] = []
    kept: set[str] = set()
    pending: list[tuple[int, int, DocketKind]] = []
    for start, end, index in candidates:
        form = forms[index]
        kind = _kind(form, context)
        if (
            not form.supported_only
            or context.supports(start, end, kind)
            or (len(listed.get(index, ())) >= 2 and context.speaks_of_courts())
        ):
            spans.append((start, end, kind))
            kept.add(normalize_docket(text[start:end]))
        else:
            pending.append((start, end, kind))
    spans.extend(span for span in pending if normalize_docket(text[span[0] : span[1]]) in kept)
    return spans


def _kind(form: _Form, context: _PageContext) -> DocketKind:
    if form.kind == "federal" and form.supported_only and context.speaks_of_circuits():
        return "appeal"
    return form.kind


class _PageContext:
    """What a page says around its numbers; each part is computed once, and only when asked."""

    def __init__(self, text: str, page: int) -> None:
        self.text = text
        self.page = page
        self._folded: str | None = None
        self._headers: list[int] | None = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold_case(self.text)
        return self._folded

    def speaks_of_courts(self) -> bool:
        return any(word in self.folded for word in _COURT_WORDS)

    def speaks_of_circuits(self) -> bool:
        return "circuit" in self.folded or "court of appeals" in self.folded

    def supports(self, start: int, end: int, kind: DocketKind) -> bool:
        before = self.text[max(0, start - 120) : start]
        tail = _LIST_TAIL.search(before)
        label_zone = before[: tail.start()] if tail else before
        if _LABEL.search(label_zone) and not _NOT_A_CASE_LABEL.search(label_zone):
            return True
        if kind == "appeal" and _APPEAL_CUE.search(before[before.rfind("\n") + 1 :]):
            return True
        if _TITLE_AFTER.match(self.text, end, min(len(self.text), end + 100)):
            return True
        return self._under_header(start) or self._in_court_caption(start)

    def _under_header(self, start: int) -> bool:
        if self._headers is None:
            self._headers = [offset for offset, line in _lines(self.text) if _is_header(line)]
        return any(offset < start for offset in self._headers)

    def _in_court_caption(self, start: int) -> bool:
        if self.page != 1 or self.text.count("\n", 0, start) >= _COURT_CAPTION_LINES:
            return False
        head_end = 0
        for _ in range(_COURT_CAPTION_LINES):
            head_end = self.text.find("\n", head_end + 1)
            if head_end < 0:
                head_end = len(self.text)
                break
        return "court" in self.folded[:head_end]


def _lines(text: str) -> list[tuple[int, str]]:
    offsets, offset = [], 0
    for line in text.split("\n"):
        offsets.append((offset, line))
        offset += len(line) + 1
    return offsets


def _is_header(line: str) -> bool:
    """A table's header row: a cell reading Case, Case No., Docket Number… and no number of its own."""
    if len(line) > 200 or _THREE_DIGITS.search(line):
        return False
    return any(_HEADER_CELL.fullmatch(cell.strip()) for cell in _CELL_SPLIT.split(line) if cell.strip())


def _mentions(
    text: str, page: int, source: Source, spans: list[tuple[int, int, DocketKind]]
) -> list[DocketMention]:
    """One mention per span in reading order; a span overlapping an earlier one is dropped."""
    spans.sort()
    mentions: list[DocketMention] = []
    last_end = -1
    for start, end, kind in spans:
        if start < last_end:
            continue
        last_end = end
        written = text[start:end]
        mentions.append(
            DocketMention(
                text=written,
                normalized=normalize_docket(written),
                kind=kind,
                in_caption=_in_caption(text, page, start),
                evidence=source.evidence(page, text, start, end),
            )
        )
    return mentions


def _overlaps(spans: Sequence[tuple[int, int, str]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e, _ in spans)


def _in_caption(text: str, page: int, start: int) -> bool:
    if _CAPTION_CUE.search(text, max(0, start - 40), start):
        return True
    return page == 1 and text.count("\n", 0, start) < _CAPTION_LINES


def distinct_dockets(mentions: Sequence[DocketMention]) -> list[str]:
    """Distinct normalized dockets: caption mentions first, each group in reading order."""
    ordered = [m.normalized for m in mentions if m.in_caption] + [m.normalized for m in mentions]
    return list(dict.fromkeys(ordered))
