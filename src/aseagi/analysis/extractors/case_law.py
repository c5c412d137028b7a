"""Case-law citations through eyecite, with the case name when it is written just before.

eyecite costs ~1 ms per short call, so it only reads short windows around reporter-like patterns
("6 Cal.4th", "Cal.App.", "U.S.", "F.3d", "S.Ct."). Its case-name guesses are unreliable for
California style ("In re Kieshia E. (1993) 6 Cal.4th 68"), so the name is read back from the text.
"""

from __future__ import annotations

import logging
import re

from eyecite import get_citations
from eyecite.models import FullCaseCitation

from aseagi.analysis.schemas import Citation

logging.getLogger("eyecite").setLevel(logging.ERROR)

_TRIGGER = re.compile(
    r"\d+\s+Cal\.|Cal\.\s?App|Cal\.\s?Rptr|U\.\s?S\.\s+\d|F\.\s?\d|F\.\s?Supp|S\.\s?Ct|P\.\s?[23]d"
)
_BEFORE = 24
_AFTER = 40
_CASE_NAME = re.compile(
    r"(?P<name>(?:In\s+re|In\s+the\s+Matter\s+of|Matter\s+of|Estate\s+of|Adoption\s+of|Guardianship\s+of"
    r"|Conservatorship\s+of|[A-Z][\w.'&-]*(?:\s+[A-Z][\w.'&-]*){0,4}\s+v\.)"
    r"\s+[A-Z][^();\n]{0,60}?)\s*,?\s*(?:\((?:[^()\n]{0,24}\s)?\d{4}\)\s*)?,?\s*$"
)
_SPACES = re.compile(r"\s+")


def extract_case_law(text: str, page: int) -> list[Citation]:
    """Full case citations on one page, normalized ``volume reporter page`` (``6 Cal.4th 68``)."""
    windows: list[list[int]] = []
    for match in _TRIGGER.finditer(text):
        start, end = max(0, match.start() - _BEFORE), min(len(text), match.end() + _AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    found: dict[tuple[int, int], Citation] = {}
    for window_start, window_end in windows:
        window = text[window_start:window_end]
        for cite in get_citations(window):
            if not isinstance(cite, FullCaseCitation):
                continue
            cite_start, cite_end = (window_start + offset for offset in cite.span())
            groups = cite.groups
            reporter = _SPACES.sub("", groups.get("reporter", ""))
            normalized = f"{groups.get('volume', '')} {reporter} {groups.get('page', '')}".strip()
            name = _CASE_NAME.search(text, max(0, cite_start - 120), cite_start)
            start = name.start("name") if name else cite_start
            found[(cite_start, cite_end)] = Citation(
                text=text[start:cite_end],
                normalized=normalized,
                kind="case",
                page=page,
                start=start,
                end=cite_end,
            )
    return sorted(found.values(), key=lambda c: c.start)
