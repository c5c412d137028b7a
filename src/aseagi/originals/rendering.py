"""One page of an original as a PNG: PDFs through pypdfium2, images as they are (re-encoded if needed)."""

from __future__ import annotations

import io

import pypdfium2
from PIL import Image

from aseagi.kit.errors import BadRequest, NotFound

RENDER_SCALE = 1.5
"""About 108 dpi: readable on a laptop screen, small enough to send quickly."""
MAX_IMAGE_SIDE = 2000


def page_png(data: bytes, mime_type: str | None, page: int) -> bytes:
    if mime_type == "application/pdf" or data[:5] == b"%PDF-":
        return _pdf_page(data, page)
    if (mime_type or "").startswith("image/"):
        if page != 1:
            raise NotFound("an image has one page")
        return _image(data)
    raise BadRequest("no page image for this format: download the original instead")


def _pdf_page(data: bytes, page: int) -> bytes:
    document = pypdfium2.PdfDocument(data)
    try:
        if not 1 <= page <= len(document):
            raise NotFound(f"the PDF has {len(document)} pages; ask for 1 to {len(document)}")
        bitmap = document[page - 1].render(scale=RENDER_SCALE)
        out = io.BytesIO()
        bitmap.to_pil().save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()


def _image(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG")
        return out.getvalue()
