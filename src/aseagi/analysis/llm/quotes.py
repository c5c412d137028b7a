"""Find a quote Claude gave in the document's own pages, so its evidence has real page and offsets.

Claude is asked to copy passages verbatim; we never trust its page number or any offset it could
give. A quote counts as found when its words appear in that order on one page with only whitespace
differing (PDF text wraps lines where a model writes spaces). The evidence then quotes the page's own
characters, so ``pages[page - 1][start:end] == quote`` holds as it does for local findings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aseagi.analysis.schemas import Evidence

MIN_QUOTE_CHARS = 12
"""Shorter quotes ("the mother") match anywhere and prove nothing."""
MAX_QUOTE_CHARS = 2000


def _pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def _find(page: str, quote: str, pattern: re.Pattern[str] | None) -> tuple[int, int] | None:
    start = page.find(quote)
    if start >= 0:
        return start, start + len(quote)
    if pattern is not None:
        match = pattern.search(page)
        if match:
            return match.start(), match.end()
    return None


def locate_quote(
    pages: Sequence[str],
    quote: str,
    *,
    page_hint: int | None = None,
    document_id: str | None = None,
    file_name: str | None = None,
) -> Evidence | None:
    """The quote's evidence on the hinted page, else on the first page holding it; ``None`` if nowhere."""
    quote = quote.strip()
    if len("".join(quote.split())) < MIN_QUOTE_CHARS or len(quote) > MAX_QUOTE_CHARS:
        return None
    pattern = _pattern(quote)
    order = list(range(1, len(pages) + 1))
    if page_hint is not None and 1 <= page_hint <= len(pages):
        order.remove(page_hint)
        order.insert(0, page_hint)
    for number in order:
        page = pages[number - 1]
        span = _find(page, quote, pattern)
        if span is not None:
            start, end = span
            return Evidence(
                document_id=document_id,
                file_name=file_name,
                page=number,
                start=start,
                end=end,
                quote=page[start:end],
            )
    return None
