"""One page of an original as a PNG: PDFs through pypdfium2, images as they are (re-encoded if needed).

Runs in a render process with a memory limit (``originals.render_pool``), never in the API process: the
output is capped at ``MAX_SIDE`` pixels on its long side whatever the page declares, and the scale is
clamped from the page's size before anything is rendered.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pypdfium2
from PIL import Image

from aseagi.ingestion.storage import BlobStore
from aseagi.kit.errors import BadRequest, NotFound

RENDER_SCALE = 1.5
"""About 108 dpi: readable on a laptop screen, small enough to send quickly."""
MAX_SIDE = 4000
"""Longest side of a page image in pixels: a 4,000 x 4,000 RGB bitmap is 48 MB at most."""
MAX_IMAGE_SIDE = 2000
FAST_PNG_PIXELS = 4_000_000


@dataclass(frozen=True)
class PageRequest:
    """What the render process needs to draw one page; it reads the original itself."""

    blob_url: str
    """The blob store (``ASEAGI_STORAGE_URL`` or the data directory's ``blobs``)."""
    storage_key: str
    """The original's key in the store (its hash path), from the document row, never from the request."""
    mime_type: str | None
    page: int
    """1-based."""


def render_page(request: PageRequest) -> bytes:
    """The page as PNG bytes; ``NotFound``/``BadRequest`` say what to ask for instead."""
    store = BlobStore(request.blob_url)
    if not store.exists(request.storage_key):
        raise NotFound("the original is missing from the blob store: check ASEAGI_STORAGE_URL")
    with store.open(request.storage_key) as handle:
        data = handle.read()
    return page_png(data, request.mime_type, request.page)


def page_png(data: bytes, mime_type: str | None, page: int) -> bytes:
    if mime_type == "application/pdf" or data[:5] == b"%PDF-":
        return _pdf_page(data, page)
    if (mime_type or "").startswith("image/") or _is_image(data):
        if page != 1:
            raise NotFound("an image has one page")
        return _image(data)
    raise BadRequest("no page image for this format: download the original instead")


def _is_image(data: bytes) -> bool:
    """For originals not parsed yet (no MIME type recorded): whether Pillow recognises the bytes."""
    try:
        with Image.open(io.BytesIO(data)):
            return True
    except Image.DecompressionBombError:
        return True  # an image, refused with its reason when drawn
    except (OSError, ValueError):
        return False


def render_scale(width: float, height: float) -> float:
    """``RENDER_SCALE``, lowered so the long side stays within ``MAX_SIDE`` pixels.

    ``width`` and ``height`` are the size pdfium renders the page at (points, /UserUnit applied when
    pdfium applies it), so the bitmap it allocates is bounded whatever the page declares."""
    longest = max(width, height)
    if not (math.isfinite(longest) and min(width, height) > 0):
        raise BadRequest("this page declares no usable size: download the original instead")
    return min(RENDER_SCALE, MAX_SIDE / longest)


def _pdf_page(data: bytes, page: int) -> bytes:
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise BadRequest(f"the PDF cannot be opened ({exc}): download the original instead") from None
    try:
        if not 1 <= page <= len(document):
            raise NotFound(f"the PDF has {len(document)} pages; ask for 1 to {len(document)}")
        pdf_page = document[page - 1]
        bitmap = pdf_page.render(scale=render_scale(*pdf_page.get_size()))
        return _png(bitmap.to_pil())
    finally:
        document.close()


def _png(image: Image.Image) -> bytes:
    """PNG bytes; a large bitmap is compressed quickly rather than small (0.3 s instead of 0.6 s at
    4,000 x 4,000 px), an ordinary page as small as it goes."""
    out = io.BytesIO()
    if image.width * image.height > FAST_PNG_PIXELS:
        image.save(out, format="PNG", compress_level=1)
    else:
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _image(data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            return _png(image.convert("RGB"))
    except Image.DecompressionBombError:
        raise BadRequest("the image is too large to show: download the original instead") from None
