"""The binder's own pages: cover (with the WIC 827 notice), chain of custody, exhibit index, tab pages.

Their count depends only on the number of exhibits (fixed rows per page, one line per row), so the
layout can number every page before any is drawn. All text given here is already redacted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas

from aseagi.exports.privacy import WIC_827_NOTICE
from aseagi.exports.render import BOTTOM_MARGIN, MARGIN, PAGE_HEIGHT, PAGE_WIDTH, printable
from aseagi.exports.schemas import ExhibitPlacement

INDEX_ROWS = 30
CUSTODY_ROWS = 15


@dataclass(frozen=True)
class FrontLayout:
    """Binder page numbers of the front sections (the cover is page 1)."""

    custody_first: int
    index_first: int
    pages: int


def front_layout(exhibits: int) -> FrontLayout:
    custody = max(1, math.ceil(exhibits / CUSTODY_ROWS))
    index = max(1, math.ceil(exhibits / INDEX_ROWS))
    return FrontLayout(custody_first=2, index_first=2 + custody, pages=1 + custody + index)


@dataclass(frozen=True)
class CoverText:
    """What the cover says (redacted: the case name uses CRC 8.401 naming)."""

    caption: str
    docket: str
    prepared: str
    bates_range: str
    total_pages: int
    parts: str
    redaction_note: str


def _clip(pdf: canvas.Canvas, text: str, font: str, size: float, width: float) -> str:
    text = printable(text)
    if pdf.stringWidth(text, font, size) <= width:
        return text
    while text and pdf.stringWidth(text + "...", font, size) > width:
        text = text[:-1]
    return text + "..."


def _wrapped(pdf: canvas.Canvas, text: str, x: float, y: float, width: float, size: float = 10) -> float:
    words, line = printable(text).split(), ""
    for word in words:
        if pdf.stringWidth(f"{line} {word}".strip(), "Helvetica", size) > width:
            pdf.drawString(x, y, line)
            y -= size * 1.35
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        pdf.drawString(x, y, line)
        y -= size * 1.35
    return y


def render_front(out: Path, cover: CoverText, placements: Sequence[ExhibitPlacement]) -> int:
    """Cover, custody and index pages; returns how many pages were drawn (``front_layout`` predicts it)."""
    pdf = canvas.Canvas(str(out), pagesize=letter, pageCompression=1)
    pdf.setTitle(printable(f"Exhibits - {cover.docket}"))
    pdf.setAuthor("ASEAGI")
    pdf.setCreator("ASEAGI")
    pdf.setProducer("ASEAGI")
    _cover(pdf, cover, len(placements))
    for start in range(0, max(len(placements), 1), CUSTODY_ROWS):
        _custody(pdf, placements[start : start + CUSTODY_ROWS], first=start == 0)
    for start in range(0, max(len(placements), 1), INDEX_ROWS):
        _index(pdf, placements[start : start + INDEX_ROWS], first=start == 0)
    pages = pdf.getPageNumber() - 1
    pdf.save()
    return pages


def _cover(pdf: canvas.Canvas, cover: CoverText, exhibits: int) -> None:
    width = PAGE_WIDTH - 2 * MARGIN
    y = PAGE_HEIGHT - 1.6 * inch
    pdf.setFont("Helvetica-Bold", 12)
    y = _wrapped(pdf, cover.caption, MARGIN, y, width, 12)
    pdf.setFont("Helvetica", 11)
    if cover.docket not in cover.caption:
        pdf.drawString(MARGIN, y - 4, printable(f"Case No. {cover.docket}"))
    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT / 2 + 60, "EXHIBITS")
    pdf.setFont("Helvetica", 11)
    lines = [
        f"{exhibits} exhibits, {cover.total_pages} pages, paginated consecutively from 1 (CRC 3.1110)",
        f"Bates {cover.bates_range}",
        cover.parts,
        f"Prepared {cover.prepared}",
        cover.redaction_note,
    ]
    y = PAGE_HEIGHT / 2 + 20
    for line in lines:
        pdf.drawCentredString(PAGE_WIDTH / 2, y, _clip(pdf, line, "Helvetica", 11, width))
        y -= 16
    pdf.setFont("Helvetica-Bold", 10)
    y = _wrapped(pdf, WIC_827_NOTICE, MARGIN, BOTTOM_MARGIN + 1.2 * inch, width, 10)
    pdf.showPage()


def _custody(pdf: canvas.Canvas, rows: Sequence[ExhibitPlacement], *, first: bool) -> None:
    y = PAGE_HEIGHT - MARGIN
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(MARGIN, y, "CHAIN OF CUSTODY" + ("" if first else " (continued)"))
    y -= 18
    pdf.setFont("Helvetica", 8.5)
    note = (
        "Each original was hashed (SHA-256) when ASEAGI received it and stored unchanged under that hash; "
        "for this binder it was read back and hashed again, and both hashes match."
    )
    y = _wrapped(pdf, note, MARGIN, y, PAGE_WIDTH - 2 * MARGIN, 8.5) - 8
    for row in rows:
        exhibit = row.exhibit
        pdf.setFont("Helvetica-Bold", 9)
        pdf.drawString(MARGIN, y, f"Ex. {exhibit.label}")
        pdf.setFont("Helvetica", 9)
        received = exhibit.source.received_at.strftime("%Y-%m-%d %H:%M UTC")
        name = _clip(pdf, exhibit.description, "Helvetica", 9, 4.2 * inch)
        pdf.drawString(MARGIN + 0.6 * inch, y, name)
        pdf.drawString(MARGIN + 4.9 * inch, y, f"received {received}")
        pdf.setFont("Courier", 7.5)
        pdf.drawString(MARGIN + 0.6 * inch, y - 10, f"SHA-256 {exhibit.sha256}  ({exhibit.size:,} bytes)")
        y -= 30
    pdf.showPage()


def _index(pdf: canvas.Canvas, rows: Sequence[ExhibitPlacement], *, first: bool) -> None:
    y = PAGE_HEIGHT - MARGIN
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(MARGIN, y, "EXHIBIT INDEX" + ("" if first else " (continued)"))
    y -= 24
    pdf.setFont("Helvetica-Bold", 9.5)
    columns = (MARGIN, MARGIN + 0.65 * inch, MARGIN + 5.15 * inch, MARGIN + 6.3 * inch)
    for x, head in zip(columns, ("Exhibit", "Description", "Date", "Page"), strict=True):
        pdf.drawString(x, y, head)
    y -= 6
    pdf.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
    y -= 14
    pdf.setFont("Helvetica", 9.5)
    for row in rows:
        exhibit = row.exhibit
        day = exhibit.source.document_date
        pdf.drawString(columns[0], y, exhibit.label)
        pdf.drawString(columns[1], y, _clip(pdf, exhibit.description, "Helvetica", 9.5, 4.4 * inch))
        pdf.drawString(columns[2], y, day.isoformat() if day else "undated")
        pdf.drawString(columns[3], y, str(row.first_page))
        y -= 17
    pdf.showPage()


def render_tabs(out: Path, placements: Sequence[ExhibitPlacement]) -> None:
    """One tab page per exhibit: its number or letter, large, and its description."""
    pdf = canvas.Canvas(str(out), pagesize=letter, pageCompression=1)
    pdf.setAuthor("ASEAGI")
    pdf.setCreator("ASEAGI")
    pdf.setProducer("ASEAGI")
    for row in placements:
        pdf.setFont("Helvetica-Bold", 40)
        pdf.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT / 2 + 30, f"EXHIBIT {row.exhibit.label}")
        pdf.setFont("Helvetica", 12)
        text = _clip(pdf, row.exhibit.description, "Helvetica", 12, PAGE_WIDTH - 2 * MARGIN)
        pdf.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT / 2 - 10, text)
        pdf.showPage()
    pdf.save()
