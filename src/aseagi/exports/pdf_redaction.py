"""Redaction of stored PDFs and images that removes the text, not just covers it.

A page of a stored PDF that holds something to redact is replaced by an image of itself with black boxes
where those characters were, and under it an invisible layer of the page's text after redaction (so it
stays searchable). The original page and its text operators are not copied at all. Pages without a text
layer (scans) and images are read with OCR to find what to box. Pages with nothing to redact are kept as
they are (vector text, small).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2
from PIL import Image, ImageDraw

from aseagi.exports.privacy import Redactor, Replacement
from aseagi.exports.render import render_images

log = logging.getLogger(__name__)

RENDER_SCALE = 2.0
"""144 dpi: a redacted page stays legible in court."""
BOX_PADDING = 2.0
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
    """``text`` (from the PDF's text layer) or ``ocr``; ``unchecked`` when OCR was unavailable."""


def redact_pdf(source: Path, out: Path, redactor: Redactor) -> tuple[Path, list[PageRedaction]]:
    """The PDF to use in the binder (``source`` itself when nothing needs removing) and what was removed."""
    if not redactor.rules:
        return source, []
    found: dict[int, tuple[Image.Image, str, PageRedaction]] = {}
    document = pypdfium2.PdfDocument(str(source))
    try:
        for index in range(len(document)):
            page = document[index]
            result = _redact_page(page, index + 1, redactor)
            if result is not None:
                found[index] = result
            page.close()
    finally:
        document.close()
    if not found:
        return source, []
    reader = pypdf.PdfReader(source)
    writer = pypdf.PdfWriter()
    for index, original in enumerate(reader.pages):
        if index not in found:
            writer.add_page(original)
            continue
        image, text, _ = found[index]
        buffer = io.BytesIO()
        size = (float(original.mediabox.width), float(original.mediabox.height))
        render_images(buffer, [image], [text], page_size=size)
        writer.add_page(pypdf.PdfReader(buffer).pages[0])
    with open(out, "wb") as handle:
        writer.write(handle)
    return out, [entry for _, _, entry in found.values()]


def _redact_page(
    page: pypdfium2.PdfPage, number: int, redactor: Redactor
) -> tuple[Image.Image, str, PageRedaction] | None:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text.strip()) >= MIN_TEXT_LAYER:
            spans = redactor.spans(text)
            if not spans:
                return None
            if len(text) != count:  # pdfium gave fewer or more code units: read char by char
                text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
                spans = redactor.spans(text)
            height = page.get_size()[1]
            image = page.render(scale=RENDER_SCALE).to_pil().convert("RGB")
            draw = ImageDraw.Draw(image)
            boxes = 0
            for start, end in spans:
                for index in range(start, min(end, count)):
                    left, bottom, right, top = textpage.get_charbox(index)
                    if right <= left:
                        continue
                    draw.rectangle(_pixels(left, bottom, right, top, height), fill="black")
                    boxes += 1
            clean, replacements = redactor.apply(text)
            return image, clean, PageRedaction(number, tuple(replacements), boxes, "text")
    finally:
        textpage.close()
    image = page.render(scale=RENDER_SCALE).to_pil().convert("RGB")
    result = redact_image(image, redactor)
    if result is None:
        return None
    clean, entry = result
    return image, clean, PageRedaction(number, entry.replacements, entry.boxes, entry.method)


def _pixels(left: float, bottom: float, right: float, top: float, height: float) -> tuple[float, ...]:
    s, pad = RENDER_SCALE, BOX_PADDING
    return ((left - pad) * s, (height - top - pad) * s, (right + pad) * s, (height - bottom + pad) * s)


def redact_image(image: Image.Image, redactor: Redactor) -> tuple[str, PageRedaction] | None:
    """Box, in place, the words OCR finds that name a protected person; None when there is nothing.

    Returns the redacted OCR text (for an invisible text layer) and what was done."""
    try:
        import pytesseract

        data = pytesseract.image_to_data(image, output_type=pytesseract.Output.DICT)
    except Exception as exc:  # no tesseract binary, or it failed on this image
        log.warning("image not checked for protected names: OCR unavailable (%s)", type(exc).__name__)
        return "", PageRedaction(1, (), 0, "unchecked")
    words: list[tuple[int, int, tuple[int, int, int, int]]] = []
    parts: list[str] = []
    position, previous_line = 0, None
    for i, word in enumerate(data["text"]):
        if not word.strip():
            continue
        line = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        separator = "" if not parts else ("\n" if line != previous_line else " ")
        previous_line = line
        position += len(separator)
        box = (
            data["left"][i],
            data["top"][i],
            data["left"][i] + data["width"][i],
            data["top"][i] + data["height"][i],
        )
        words.append((position, position + len(word), box))
        parts.append(separator + word)
        position += len(word)
    text = "".join(parts)
    spans = redactor.spans(text)
    if not spans:
        return None
    draw = ImageDraw.Draw(image)
    boxes = 0
    for start, end, box in words:
        if any(start < span_end and span_start < end for span_start, span_end in spans):
            draw.rectangle((box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3), fill="black")
            boxes += 1
    clean, replacements = redactor.apply(text)
    return clean, PageRedaction(1, tuple(replacements), boxes, "ocr")
