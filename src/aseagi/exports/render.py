"""Pages a court can read, drawn from the stored original's content: e-mails with their headers, text and
chat threads, phone logs as tables, images fitted to the page, and plain text.

Every string given here has already passed through the privacy guard (``exports.evidence`` does that);
this module only draws. Pages leave the bottom ``STAMP_BAND`` free for the page number and Bates stamp.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Preformatted,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from aseagi.exports.ocr_words import OcrWord

PAGE_WIDTH, PAGE_HEIGHT = letter
STAMP_BAND = 0.6 * inch
"""The bottom band reserved for stamps; content of stored PDFs is scaled to sit above it."""
MARGIN = 0.75 * inch
BOTTOM_MARGIN = STAMP_BAND + 0.35 * inch

_styles = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_styles["BodyText"], fontName="Helvetica", fontSize=10, leading=13)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=10.5)
HEADING = ParagraphStyle("heading", parent=_styles["Heading2"], fontName="Helvetica-Bold", fontSize=13)
LABEL = ParagraphStyle("label", parent=BODY, fontName="Helvetica-Bold")
MONO = ParagraphStyle("mono", parent=BODY, fontName="Courier", fontSize=9, leading=11)


def printable(text: str | None) -> str:
    """Text the standard PDF fonts can show: characters outside Windows-1252 become '?'."""
    return (text or "").encode("cp1252", "replace").decode("cp1252").replace("\r", "")


def para(text: str | None, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(printable(text)).replace("\n", "<br/>"), style)


@dataclass(frozen=True)
class MessageView:
    """One message as it will be printed (already redacted)."""

    sent_at: str
    sender: str
    recipients: str
    subject: str
    content: str
    direction: str = ""
    call_type: str = ""
    duration: str = ""


def _document(out: Path, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        str(out),
        pagesize=letter,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=printable(title),
        author="ASEAGI",
        subject="",
        creator="ASEAGI",
        producer="ASEAGI",
    )


def render_text(out: Path, title: str, pages: Sequence[str]) -> None:
    """Each page of the original's text on its own page (long pages flow onto more)."""
    story: list[Flowable] = [para(title, HEADING)]
    for number, text in enumerate(pages or [""]):
        if number:
            story.append(PageBreak())
        story.append(Preformatted(printable(text), MONO, maxLineLength=92, newLineChars=""))
    _document(out, title).build(story)


def _header_table(rows: list[tuple[str, str]]) -> Table:
    table = Table([[para(k, LABEL), para(v)] for k, v in rows], colWidths=[1.1 * inch, 5.9 * inch])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, -1), (-1, -1), 0.75, colors.black),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def render_emails(out: Path, title: str, messages: Sequence[MessageView], attachments: Sequence[str]) -> None:
    """Each e-mail with its headers (From, To, Date, Subject) above its body."""
    story: list[Flowable] = [para(title, HEADING)]
    for number, message in enumerate(messages):
        if number:
            story.append(PageBreak())
        rows = [("From", message.sender), ("To", message.recipients), ("Date", message.sent_at)]
        rows.append(("Subject", message.subject))
        if attachments and number == 0:
            rows.append(("Attachments", "; ".join(attachments)))
        story += [_header_table(rows), Spacer(1, 8)]
        story.append(Preformatted(printable(message.content), MONO, maxLineLength=92, newLineChars=""))
    _document(out, title).build(story)


def render_thread(out: Path, title: str, messages: Sequence[MessageView]) -> None:
    """A text or chat thread: time, sender and message, one row each, in the order of the original."""
    data: list[list[object]] = [[para("Sent", LABEL), para("From", LABEL), para("Message", LABEL)]]
    for message in messages:
        sender = message.sender or ("me" if message.direction == "outgoing" else "")
        data.append([para(message.sent_at, SMALL), para(sender, SMALL), para(message.content, SMALL)])
    table = Table(data, colWidths=[1.35 * inch, 1.45 * inch, 4.2 * inch], repeatRows=1)
    table.setStyle(_grid())
    _document(out, title).build([para(title, HEADING), table])


def render_calls(out: Path, title: str, messages: Sequence[MessageView]) -> None:
    """A phone log as a table: when, direction or type, the other number, how long."""
    header = ["Date and time", "Type", "From", "To", "Duration"]
    data: list[list[object]] = [[para(h, LABEL) for h in header]]
    for call in messages:
        kind = call.call_type or call.direction
        data.append(
            [para(v, SMALL) for v in (call.sent_at, kind, call.sender, call.recipients, call.duration)]
        )
    widths = [1.6 * inch, 1.0 * inch, 1.6 * inch, 1.6 * inch, 1.2 * inch]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(_grid())
    _document(out, title).build([para(title, HEADING), table])


def render_listing(out: Path, title: str, lines: Sequence[str]) -> None:
    """A container (an archive) as the list of what it holds: its members are exhibits of their own."""
    story: list[Flowable] = [para(title, HEADING), para("This file contains:")]
    story += [para(f"- {line}") for line in lines] or [para("(nothing readable)")]
    _document(out, title).build([KeepTogether(story[:2]), *story[2:]])


def _grid() -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )


def render_images(
    out: Path | IO[bytes],
    images: Sequence[Image.Image],
    layers: Sequence[Sequence[OcrWord]] = (),
    *,
    page_size: tuple[float, float] | None = None,
) -> None:
    """Each image fitted to its own page, aspect kept, above the stamp band; or, with ``page_size``,
    filling a page of that size (a redacted page of a stored PDF, in place of the original).

    ``layers`` (words already redacted, positioned in the image's pixels) are laid under each image
    invisibly, so the page stays searchable."""
    size = page_size or letter
    pdf = canvas.Canvas(str(out) if isinstance(out, Path) else out, pagesize=size, pageCompression=1)
    pdf.setAuthor("ASEAGI")
    pdf.setCreator("ASEAGI")
    pdf.setProducer("ASEAGI")
    for number, image in enumerate(images):
        if page_size:
            x, y, width, height = 0.0, 0.0, page_size[0], page_size[1]
        else:
            box_w, box_h = PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - MARGIN - BOTTOM_MARGIN
            scale = min(box_w / image.width, box_h / image.height)
            width, height = image.width * scale, image.height * scale
            x, y = (PAGE_WIDTH - width) / 2, BOTTOM_MARGIN + (box_h - height) / 2
        if number < len(layers):
            draw_invisible_words(pdf, layers[number], (x, y, width, height), image.size)
        pdf.drawImage(ImageReader(image), x, y, width, height)
        pdf.showPage()
    pdf.save()


def draw_invisible_words(
    pdf: canvas.Canvas,
    words: Sequence[OcrWord],
    area: tuple[float, float, float, float],
    pixels: tuple[int, int],
) -> None:
    """Words (render mode 3: invisible, searchable) where OCR saw them; ``area`` is where the image of
    ``pixels`` size is drawn (x, y, width, height in points)."""
    x, y, width, height = area
    sx, sy = width / pixels[0], height / pixels[1]
    for word in words:
        left, top, right, bottom = word.box
        size = max(4.0, min(40.0, (bottom - top) * sy))
        text = printable(word.text)
        body = pdf.beginText(x + left * sx, y + height - bottom * sy)
        body.setTextRenderMode(3)
        body.setFont("Helvetica", size)
        natural = pdf.stringWidth(text, "Helvetica", size)
        if natural > 0:
            body.setHorizScale(max(10.0, min(400.0, 100 * (right - left) * sx / natural)))
        body.textOut(text)
        pdf.drawText(body)
