"""Redaction of stored PDFs and images that removes the text, not just covers it.

A page of a stored PDF that holds something to redact is replaced by an image of itself with black boxes
where those words were, and under it an invisible layer of the page's words after redaction, where they
stood (so it stays searchable). The original page and its text operators are not copied at all. Pages
without a text layer (scans) and images are read with OCR to find what to box; a scan with nothing to
box keeps its own page and gains the invisible layer, so it becomes searchable too. Pages with nothing to
redact are kept as they are (vector text, small).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2
from PIL import Image, ImageDraw
from reportlab.pdfgen import canvas

from aseagi.exports.ocr_words import OcrWord, RedactedWords, read_words, redact_words
from aseagi.exports.privacy import Redactor, Replacement
from aseagi.exports.render import draw_invisible_words, render_images

RENDER_SCALE = 2.0
"""144 dpi: a redacted page stays legible in court."""
BOX_PADDING = 3
MIN_TEXT_LAYER = 20
"""A page with fewer characters of text than this is treated as a scan and read with OCR."""


@dataclass(frozen=True)
class PageRedaction:
    """What was removed from one page of an exhibit's body."""

    page: int
    """1-based, within the exhibit's body."""
    replacements: tuple[Replacement, ...]
    boxes: int
    """Black boxes drawn over the page image."""
    method: str
    """``text`` (the PDF's text layer), ``ocr``, ``before drawing`` (drawn from a non-PDF original), or
    ``unchecked`` when a scan could not be read because OCR was unavailable."""


@dataclass(frozen=True)
class _PageChange:
    image: Image.Image | None
    """The redacted page image; None when the original page stays and only gains the text layer."""
    words: tuple[OcrWord, ...]
    redaction: PageRedaction | None


def redact_pdf(source: Path, out: Path, redactor: Redactor) -> tuple[Path, list[PageRedaction]]:
    """The PDF to use in the binder (``source`` itself when nothing changes) and what was removed."""
    if not redactor.rules:
        return source, []
    changes: dict[int, _PageChange] = {}
    document = pypdfium2.PdfDocument(str(source))
    try:
        for index in range(len(document)):
            page = document[index]
            change = _page_change(page, index + 1, redactor)
            if change is not None:
                changes[index] = change
            page.close()
    finally:
        document.close()
    if not changes:
        return source, []
    reader = pypdf.PdfReader(source)
    writer = pypdf.PdfWriter()
    for index, original in enumerate(reader.pages):
        change = changes.get(index)
        size = (float(original.mediabox.width), float(original.mediabox.height))
        if change is None:
            writer.add_page(original)
        elif change.image is None:
            original.merge_page(_text_layer(change.words, size))
            writer.add_page(original)
        else:
            buffer = io.BytesIO()
            render_images(buffer, [change.image], [change.words], page_size=size)
            writer.add_page(pypdf.PdfReader(buffer).pages[0])
    with open(out, "wb") as handle:
        writer.write(handle)
    return out, [c.redaction for c in changes.values() if c.redaction is not None]


def _text_layer(words: tuple[OcrWord, ...], size: tuple[float, float]) -> pypdf.PageObject:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size)
    pixels = (round(size[0] * RENDER_SCALE), round(size[1] * RENDER_SCALE))
    draw_invisible_words(pdf, words, (0.0, 0.0, size[0], size[1]), pixels)
    pdf.showPage()
    pdf.save()
    return pypdf.PdfReader(buffer).pages[0]


def _page_change(page: pypdfium2.PdfPage, number: int, redactor: Redactor) -> _PageChange | None:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text.strip()) >= MIN_TEXT_LAYER:
            if not redactor.spans(text):
                return None
            words = _text_layer_words(textpage, count, page.get_size()[1])
            method = "text"
        else:
            scanned = _render(page)
            ocr_words = read_words(scanned)
            if ocr_words is None:
                return _PageChange(None, (), PageRedaction(number, (), 0, "unchecked"))
            words, method = ocr_words, "ocr"
    finally:
        textpage.close()
    redacted = redact_words(words, redactor)
    if not redacted.boxes:
        return _PageChange(None, redacted.words, None) if method == "ocr" else None
    image = _render(page)
    _black_out(image, redacted)
    return _PageChange(
        image, redacted.words, PageRedaction(number, redacted.replacements, len(redacted.boxes), method)
    )


def _render(page: pypdfium2.PdfPage) -> Image.Image:
    return page.render(scale=RENDER_SCALE).to_pil().convert("RGB")


def _black_out(image: Image.Image, redacted: RedactedWords) -> None:
    draw = ImageDraw.Draw(image)
    pad = BOX_PADDING
    for left, top, right, bottom in redacted.boxes:
        draw.rectangle((left - pad, top - pad, right + pad, bottom + pad), fill="black")


def _text_layer_words(textpage: pypdfium2.PdfTextPage, count: int, height: float) -> list[OcrWord]:
    """The page's words with their boxes in the rendered image's pixels, from the PDF's own text layer."""
    words: list[OcrWord] = []
    chars: list[str] = []
    box: list[float] = []
    line = 0

    def flush() -> None:
        if chars:
            left, bottom, right, top = box
            s = RENDER_SCALE
            pixels = (
                int(left * s),
                int((height - top) * s),
                int(right * s) + 1,
                int((height - bottom) * s) + 1,
            )
            words.append(OcrWord("".join(chars), pixels, (0, 0, line)))
            chars.clear()
            box.clear()

    for index in range(count):
        char = textpage.get_text_range(index, 1)
        if not char or char.isspace():
            flush()
            line += char == "\n"
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        if box:
            box[:] = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
        else:
            box[:] = [left, bottom, right, top]
        chars.append(char)
    flush()
    return words


def redact_image(image: Image.Image, redactor: Redactor) -> tuple[tuple[OcrWord, ...], PageRedaction | None]:
    """Black out, in place, the words OCR finds that a redaction covers; the (redacted) words for the
    invisible layer, and what was done (None when nothing was)."""
    words = read_words(image)
    if words is None:
        return (), PageRedaction(1, (), 0, "unchecked") if redactor.rules else None
    redacted = redact_words(words, redactor)
    if not redacted.boxes:
        return redacted.words, None
    _black_out(image, redacted)
    return redacted.words, PageRedaction(1, redacted.replacements, len(redacted.boxes), "ocr")
