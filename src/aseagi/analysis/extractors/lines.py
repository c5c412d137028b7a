"""Runs of page lines that hold a cheap skeleton, so one-line patterns read only those.

A pattern that cannot cross a line end (it matches no newline) finds exactly the same matches in the
lines holding its skeleton (a substring every match contains, such as a run of digits) as in the whole
page; the skeleton is found by a scan with a literal or character-class prefix, which runs at C speed,
while the full pattern is costly at every position it is tried.
"""

from __future__ import annotations

import re

Span = tuple[int, int]
_JOIN_GAP = 120
"""Runs closer than this are read as one: scanning a short gap costs less than another call."""


def lines_holding(skeleton: re.Pattern[str], text: str) -> list[Span]:
    """(start, end) of each run of nearby lines with a ``skeleton`` match, in reading order.

    ``end`` is the offset of the newline (or the page's end), so a pattern's ``\\b`` or lookahead at
    the end of a run sees the same thing it would in the whole page.
    """
    runs: list[Span] = []
    position = 0
    while (found := skeleton.search(text, position)) is not None:
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.end())
        end = len(text) if end < 0 else end
        if runs and start - runs[-1][1] <= _JOIN_GAP:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
        position = end
    return runs
