"""Case numbers (dockets) of the courts a dependency case touches.

Juvenile: ``J24-00478``, ``JV-2025-001234``, ``JD-24-123``, ``24JD00123``, ``24-JV-00123``, Los Angeles
``DK12345A``/``CK12345``. Family: ``24FL001927``, ``FL-2024-003417``, ``FAM-2024-00123``. Appeals:
a district letter and six digits (``A171234``, ``B331234``, ``H051234``; ``S`` for the Supreme
Court), accepted only after "Court of Appeal", "App.", "No.", "Case" or "Appeal" because such a
token is otherwise too easily a part or bates number. Federal: ``2:24-cv-01234-ABC-DEF``.
After a caption cue ("Case No.", "Case Number:", "Docket", "Petition No.") any other token with four
or more digits is kept as kind ``other``.

Normalized = upper-case, every dash or space run between parts turned into a single ``-``, so
"JV 2025 001234" and "JV–2025–001234" both become ``JV-2025-001234``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from aseagi.analysis.extractors.folding import fold_case
from aseagi.analysis.extractors.lines import lines_holding
from aseagi.analysis.extractors.passages import Source
from aseagi.analysis.schemas import DocketMention

DocketKind = Literal["juvenile", "family", "appeal", "federal", "other"]

_THREE_DIGITS = re.compile(r"\d\d\d")
"""Every docket form holds three digits in a row and none spans lines: the forms read only such lines."""
_SEP = r"(?:[ \t]*[-‐‑‒–—―−][ \t]*|[ \t])"
_END = r"(?![\w/-]|\.\d)"
_START = r"(?<![\w/.$#-])"
_KINDS: tuple[tuple[DocketKind, re.Pattern[str]], ...] = (
    ("federal", re.compile(
        rf"(?=\d){_START}\d{{1,2}}:\d{{2}}{_SEP}?(?:cv|cr|mj|mc|bk|ap|md|po|sw"
        rf"|dp)-?\d{{3,6}}(?:-[A-Z]{{2,4}}){{0,3}}"
        rf"(?:-\d{{1,2}})?{_END}", re.IGNORECASE)),
    ("juvenile", re.compile(
        rf"(?=[\dCDJcdj]){_START}(?:J\d{{2}}{_SEP}?\d{{4,6}}|J[VD]{_SEP}(?:\d{{4}}|\d{{2}}){_SEP}\d{{3,7}}"
        rf"|\d{{2}}{_SEP}?J[VD]{_SEP}?\d{{3,7}}|[CD]K\d{{5}}[A-Z]?){_END}", re.IGNORECASE)),
    ("family", re.compile(
        rf"(?=[\dFf]){_START}(?:\d{{2}}{_SEP}?FL{_SEP}?\d{{4,7}}|FL{_SEP}(?:\d{{4}}|\d{{2}}){_SEP}\d{{3,7}}"
        rf"|FAM(?:{_SEP}|-?[A-Z]{{0,2}}{_SEP}?)(?:\d{{4}}|\d{{2}}){_SEP}?\d{{3,7}}){_END}", re.IGNORECASE)),
)  # fmt: skip
_APPEAL = re.compile(rf"(?=[A-HS]){_START}[A-HS]0?\d{{5,6}}{_END}")
_APPEAL_CUE = re.compile(
    r"(?:court\s+of\s+appeal|\bapp\.|appellate|\bappeal|\bno\.|\bcase|supreme\s+court|\bdocket)[^\n]{0,40}$",
    re.IGNORECASE,
)
_CAPTION_CUE = re.compile(
    r"(?:case\s*(?:no\.?|number|#)|\bno\.|\bdocket(?:\s*(?:no\.?|number|#))?|petition\s*(?:no\.?|number|#)"
    r"|court\s+of\s+appeal|\bappeal\s*no\.?)\s*[:#]?\s*$",
    re.IGNORECASE,
)
_CAPTION_TOKEN = re.compile(
    r"(?=[cdp])(?:case\s*(?:no\.?|number|#)|docket\s*(?:no\.?|number|#)?|petition\s*(?:no\.?|number"
    r"|#))[ \t]*[:#]?[ \t]*"
    r"(?P<token>[A-Z0-9][A-Z0-9-]{3,24})(?![\w-])",
    re.IGNORECASE,
)
_CAPTION_LINES = 12
_DASHES = re.compile(r"[ \t]*[-‐‑‒–—―−][ \t]*|[ \t]+")


def normalize_docket(text: str) -> str:
    return _DASHES.sub("-", text.strip()).upper()


def extract_dockets(text: str, page: int, source: Source) -> list[DocketMention]:
    """Docket numbers on one page, in reading order."""
    lines = lines_holding(_THREE_DIGITS, text)
    if not lines:
        return []
    spans: list[tuple[int, int, DocketKind]] = []
    for kind, pattern in _KINDS:
        for line_start, line_end in lines:
            spans.extend((m.start(), m.end(), kind) for m in pattern.finditer(text, line_start, line_end))
    for line_start, line_end in lines:
        for match in _APPEAL.finditer(text, line_start, line_end):
            cue_from = max(text.rfind("\n", 0, match.start()) + 1, match.start() - 60)
            if _APPEAL_CUE.search(text, cue_from, match.start()):
                spans.append((match.start(), match.end(), "appeal"))
    lowered = fold_case(text)
    if not ("case" in lowered or "docket" in lowered or "petition" in lowered):
        return _mentions(text, page, source, spans)
    for match in _CAPTION_TOKEN.finditer(text):
        token = match.group("token")
        if sum(ch.isdigit() for ch in token) >= 4 and not _overlaps(spans, *match.span("token")):
            spans.append((match.start("token"), match.end("token"), "other"))
    return _mentions(text, page, source, spans)


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
