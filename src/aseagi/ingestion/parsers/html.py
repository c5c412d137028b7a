"""HTML pages and saved e-mail bodies: visible text with block structure kept as line breaks.

Scripts, styles and other invisible content are dropped. Block elements end lines and table cells
are tab-separated so that a saved portal page (a case-status screen, a hearing calendar) still reads
row by row. The charset comes from the BOM, the ``<meta charset>`` or detection, in that order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from aseagi.ingestion.parsers.base import Page, ParseContext, ParsedDocument
from aseagi.ingestion.parsers.text import clean_extracted_text

_INVISIBLE = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg", "canvas")
_BLOCKS = frozenset(
    "address article aside blockquote body details dialog div dl fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr html legend main nav ol p pre section summary table tbody tfoot "
    "thead ul caption".split()
)
_LINES = frozenset(("tr", "li", "dt", "dd", "option"))
"""Elements that end a line without opening a paragraph: table rows and list items stay adjacent."""
_CELLS = frozenset(("td", "th"))
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_BLANK_LINES = re.compile(r"\n{3,}")


class HtmlParser:
    """HTML and XHTML documents."""

    mime_types: ClassVar[tuple[str, ...]] = ("text/html", "application/xhtml+xml")

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        soup = BeautifulSoup(path.read_bytes(), "lxml")
        title = _title(soup)
        text = visible_text(soup)
        metadata = {"encoding": soup.original_encoding} if soup.original_encoding else {}
        return ParsedDocument(
            mime_type="text/html",
            pages=(Page(number=1, text=text),),
            title=title,
            metadata=metadata,
        )


def visible_text(soup: BeautifulSoup) -> str:
    """The text a reader sees, laid out in lines (the soup loses its invisible elements)."""
    for element in soup.find_all(_INVISIBLE):
        element.decompose()
    pieces: list[str] = []
    try:
        _collect(soup.body or soup, pieces)
        raw = "".join(pieces)
    except RecursionError:  # absurdly deep nesting: plain text without layout
        raw = soup.get_text("\n")
    return _tidy(clean_extracted_text(raw))


def _title(soup: BeautifulSoup) -> str | None:
    if soup.title is None:
        return None
    title = " ".join(soup.title.get_text(" ").split())
    return title or None


def _collect(node: Tag | BeautifulSoup, pieces: list[str]) -> None:
    """Text in document order; line breaks count only inside ``<pre>``, elsewhere markup makes lines."""
    for child in node.children:
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            pieces.append(str(child) if _inside_pre(child) else child.replace("\n", " "))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            pieces.append("\n")
            continue
        if name in _BLOCKS:
            pieces.append("\n")
        _collect(child, pieces)
        if name in _CELLS:
            pieces.append("\t")
        elif name in _BLOCKS or name in _LINES:
            pieces.append("\n")


def _inside_pre(string: NavigableString) -> bool:
    return any(parent.name == "pre" for parent in string.parents)


def _tidy(text: str) -> str:
    rows = [
        _tidy_cells(line) if "\t" in line else _SPACES.sub(" ", line).strip() for line in text.split("\n")
    ]
    return _BLANK_LINES.sub("\n\n", "\n".join(rows)).strip()


def _tidy_cells(line: str) -> str:
    cells = [_SPACES.sub(" ", cell).strip() for cell in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return "\t".join(cells)
