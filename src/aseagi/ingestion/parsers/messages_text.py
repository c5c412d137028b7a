"""Rendering messages into page text that the analyzer can quote and cite.

Message formats (SMS backups, chat exports, e-mails) have no pages of their own, so the parsers lay their
messages out as a transcript: one entry per message, a fixed number of entries per page, so a citation
("page 3, offsets 120-180") points at a stable place that a person can find again.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from datetime import datetime

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

from aseagi.ingestion.parsers.base import Message, Page
from aseagi.ingestion.parsers.html import visible_text

ENTRIES_PER_PAGE = 100
_BLANK_RUNS = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*){2,}")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")


def html_to_text(html: str) -> str:
    """Visible text of an HTML body, laid out as the HTML parser lays out a page: blocks on their own
    lines, inline markup (``<b>§ 294</b>``) kept within its line, entities decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "lxml")
    return tidy_text(visible_text(soup))


STUB_SHARE = 0.5
"""A plain-text body with less than this share of the HTML body's visible characters is a stub of it."""
STUB_MARGIN = 20
"""...and at least this many visible characters fewer: tiny messages keep their plain text."""


def is_stub_of(plain: str, html_text: str) -> bool:
    """Whether a plain-text body ("This message has an HTML body.") stands in for a richer HTML body."""
    plain_chars, html_chars = _visible_chars(plain), _visible_chars(html_text)
    return plain_chars < STUB_SHARE * html_chars and html_chars - plain_chars >= STUB_MARGIN


def could_be_stub(plain: str, html_markup_chars: int) -> bool:
    """False when the plain text is long enough that no HTML of this size can have twice its text."""
    return _visible_chars(plain) < STUB_SHARE * html_markup_chars


def _visible_chars(text: str) -> int:
    return len("".join(text.split()))


def tidy_text(text: str) -> str:
    """Normalise line ends and collapse runs of blank lines, keeping the words exactly as written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def format_timestamp(moment: datetime | None) -> str:
    """``2024-03-02 14:05`` (seconds only when present); ``(no date)`` when the source gives none."""
    if moment is None:
        return "(no date)"
    pattern = "%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M"
    return moment.strftime(pattern)


def transcript_entry(message: Message, show_recipients: bool = True) -> str:
    """``2024-03-02 14:05  Mother (+1 555 0100) -> me: text``; continuation lines are indented."""
    sender = message.sender or "(system)"
    recipients = ", ".join(message.recipients) if show_recipients else ""
    who = f"{sender} -> {recipients}" if recipients else sender
    if message.channel == "call":
        duration = f", {message.duration_seconds} s" if message.duration_seconds is not None else ""
        body = f"[{message.call_type or 'call'} call{duration}]"
        if message.content:
            body = f"{body} {message.content}"
    else:
        body = message.content
    if message.subject:
        body = f"[{message.subject}] {body}"
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\n    ")
    return f"{format_timestamp(message.sent_at)}  {who}: {body}"


def paginate(entries: Sequence[str], per_page: int = ENTRIES_PER_PAGE, heading: str = "") -> tuple[Page, ...]:
    """Split transcript entries into pages of ``per_page`` entries; ``heading`` opens every page."""
    pages: list[Page] = []
    for start in range(0, len(entries), per_page):
        lines = list(entries[start : start + per_page])
        if heading:
            lines.insert(0, heading)
        pages.append(Page(number=len(pages) + 1, text="\n".join(lines)))
    if not pages and heading:
        pages.append(Page(number=1, text=heading))
    return tuple(pages)


def transcript_pages(
    messages: Iterable[Message], heading: str = "", show_recipients: bool = True
) -> tuple[Page, ...]:
    entries = [transcript_entry(message, show_recipients) for message in messages]
    return paginate(entries, heading=heading)
