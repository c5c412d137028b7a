"""Photos and scans saved as images: every page of a multi-page TIFF (a fax, a scanner's output) is OCR'd.

Phone photos carry their orientation in EXIF and often an alpha channel; both are normalised first
because tesseract reads a sideways or transparent-black page as noise. Pillow's decompression-bomb
check stays on: a 10 KB file that claims 50,000 x 50,000 pixels is refused, not decoded.
"""

from __future__ import annotations

import warnings as python_warnings
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, cast

import pillow_heif
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from aseagi.ingestion.parsers.base import LimitExceeded, Page, ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.ocr import OcrFailed, OcrUnavailable, ocr_image
from aseagi.ingestion.parsers.text import clean_extracted_text

pillow_heif.register_heif_opener()

_EXIF_DATETIME_ORIGINAL = 0x9003
_EXIF_IFD = 0x8769
_PAGED_FORMATS = {"TIFF", "MPO"}
"""Formats whose frames are pages; GIF/WebP frames are animation, so only their first frame is read."""


class ImageParser:
    """PNG, JPEG, TIFF, GIF, WebP, BMP, Netpbm, JPEG 2000 and HEIC/HEIF images, through OCR."""

    mime_types: ClassVar[tuple[str, ...]] = (
        "image/png",
        "image/jpeg",
        "image/tiff",
        "image/gif",
        "image/webp",
        "image/bmp",
        "image/jp2",
        "image/x-portable-anymap",
        "image/x-portable-graymap",
        "image/x-portable-pixmap",
        "image/x-portable-bitmap",
        "image/heic",
        "image/heif",
        "image/avif",
    )

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        notes: list[str] = []
        try:
            with python_warnings.catch_warnings():
                python_warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(path) as image:
                    image_format = image.format or "unknown"
                    metadata = _metadata(image)
                    pages = self._pages(image, context, notes)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise LimitExceeded(f"image too large to decode safely ({exc})") from exc
        except UnidentifiedImageError as exc:
            raise ParseError("not a readable image (unknown or corrupt format)") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ParseError(f"corrupt or truncated image ({_short(exc)})") from exc
        return ParsedDocument(
            mime_type=Image.MIME.get(image_format, "image/" + image_format.lower()),
            pages=tuple(pages),
            metadata=metadata,
            warnings=tuple(notes),
        )

    def _pages(self, image: Image.Image, context: ParseContext, notes: list[str]) -> list[Page]:
        ocr_available = context.limits.ocr
        if not ocr_available:
            notes.append("OCR disabled: image text not extracted")
        pages: list[Page] = []
        for number, frame in enumerate(_frames(image, context.limits.max_pages, notes), start=1):
            if not ocr_available:
                pages.append(Page(number=number, text=""))
                continue
            try:
                text = clean_extracted_text(ocr_image(frame, context.limits.ocr_language))
            except OcrUnavailable as exc:
                ocr_available = False
                notes.append(str(exc))
                pages.append(Page(number=number, text=""))
            except OcrFailed as exc:
                notes.append(f"page {number}: {exc}")
                pages.append(Page(number=number, text=""))
            else:
                pages.append(Page(number=number, text=text, ocr=True))
        return pages


def _frames(image: Image.Image, max_pages: int, notes: list[str]) -> Iterator[Image.Image]:
    """Each page ready for OCR: upright, no transparency, 8-bit."""
    total = getattr(image, "n_frames", 1) if image.format in _PAGED_FORMATS else 1
    if total > max_pages:
        notes.append(f"only the first {max_pages} of {total} pages were read (page limit)")
    for index, frame in enumerate(ImageSequence.Iterator(image)):
        if index >= min(total, max_pages):
            break
        try:
            frame.load()
        except OSError as exc:
            if index == 0:
                raise
            notes.append(f"page {index + 1} cannot be decoded ({_short(exc)}); later pages skipped")
            break
        yield prepare_for_ocr(frame)


def prepare_for_ocr(frame: Image.Image) -> Image.Image:
    """EXIF rotation applied, alpha flattened on white, colour modes reduced to RGB or L."""
    upright = ImageOps.exif_transpose(frame) or frame
    if upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if upright.mode in ("1", "L", "RGB"):
        return upright.copy()
    if upright.mode.startswith("I") or upright.mode == "F":
        return _to_l(upright)
    return upright.convert("RGB")


def _to_l(image: Image.Image) -> Image.Image:
    """16/32-bit grayscale (scanners, medical exports) stretched to 8 bits."""
    wide = (image.convert("I") if image.mode.startswith("I;") else image).convert("F")
    low, high = cast(tuple[float, float], wide.getextrema())
    scale = 255 / (high - low) if high > low else 1.0
    return wide.point(lambda value: (value - low) * scale).convert("L")


def _metadata(image: Image.Image) -> dict[str, str]:
    metadata = {
        "format": image.format or "unknown",
        "width": str(image.width),
        "height": str(image.height),
        "mode": image.mode,
    }
    frames = getattr(image, "n_frames", 1)
    if frames > 1:
        metadata["frames"] = str(frames)
    try:
        taken = image.getexif().get_ifd(_EXIF_IFD).get(_EXIF_DATETIME_ORIGINAL)
    except (OSError, ValueError, KeyError, TypeError, SyntaxError):
        taken = None
    if taken:
        metadata["exif_datetime_original"] = str(taken).strip("\x00 ")
    return metadata


def _short(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:200]
