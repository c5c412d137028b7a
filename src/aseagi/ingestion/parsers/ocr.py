"""OCR of one page image through Debian's tesseract (via pytesseract).

Scanned court papers and phone photos of letters only have text once OCR has run. OCR is the slow
step of ingestion (seconds per page), so callers only ask for it when a page has no usable text layer.
A missing tesseract binary never loses a document: callers store the page with empty text and a warning.
"""

from __future__ import annotations

import os
import re
import shutil

import pytesseract
from PIL import Image

OCR_UNAVAILABLE = "OCR unavailable: install tesseract-ocr"
TESSERACT_ENV = "ASEAGI_TESSERACT"
"""Path of the tesseract binary to use instead of the installed one (an unusable path turns OCR off)."""
PAGE_TIMEOUT_SECONDS = 180
"""A page that tesseract cannot finish in this time is left without text (and a warning)."""


class OcrUnavailable(Exception):
    """Tesseract is not installed, or cannot run with the requested language; the message says which."""


class OcrFailed(Exception):
    """Tesseract ran but failed or timed out on this image; other pages may still succeed."""


def tesseract_command() -> str | None:
    """The tesseract binary: ``$ASEAGI_TESSERACT`` when set, else Debian's package, else PATH."""
    configured = os.environ.get(TESSERACT_ENV)
    if configured is not None:
        return configured if os.access(configured, os.X_OK) else None
    if os.access("/usr/bin/tesseract", os.X_OK):
        return "/usr/bin/tesseract"
    return shutil.which("tesseract")


def ocr_image(image: Image.Image, language: str = "eng") -> str:
    """Recognise the text of ``image`` (any mode); blank images give an empty string.

    A page scanned sideways or upside down (phone photos, a sheet fed the wrong way) reads as noise.
    When a page reads poorly, tesseract's orientation detection is asked how it is turned, and the page
    is read again upright; the better of the two readings is kept.
    """
    command = tesseract_command()
    if command is None:
        raise OcrUnavailable(OCR_UNAVAILABLE)
    pytesseract.pytesseract.tesseract_cmd = command
    # One thread per tesseract: the pipeline runs several parser processes side by side, and
    # OpenMP threads in each only fight over the same cores.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    grayscale = image if image.mode == "L" else image.convert("L")
    text = _read(grayscale, language)
    if _reads_well(text):
        return text
    turn = _rotation(grayscale)
    if not turn:
        return text
    upright = _read(grayscale.rotate(-turn, expand=True, fillcolor=255), language)
    return upright if _word_count(upright) > _word_count(text) else text


def _read(image: Image.Image, language: str) -> str:
    try:
        text: str = pytesseract.image_to_string(
            image, lang=language, config="--psm 3 --oem 1", timeout=PAGE_TIMEOUT_SECONDS
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable(OCR_UNAVAILABLE) from exc
    except pytesseract.TesseractError as exc:
        if "Failed loading language" in str(exc) or "Could not initialize tesseract" in str(exc):
            message = f"OCR unavailable: tesseract language '{language}' is not installed"
            raise OcrUnavailable(message) from exc
        raise OcrFailed(f"OCR failed: {_first_line(str(exc))}") from exc
    except RuntimeError as exc:  # pytesseract signals its timeout this way
        raise OcrFailed(f"OCR failed: {exc}") from exc
    return text.replace("\f", "").strip()


_WORD = re.compile(r"[^\W\d_]{3,}")
_TOKEN = re.compile(r"\S+")


def _word_count(text: str) -> int:
    """Tokens that are words of three or more letters (rotated text reads as short scraps)."""
    return sum(1 for token in _TOKEN.findall(text) if _WORD.fullmatch(token.strip(".,;:!?()[]\"'")))


def _reads_well(text: str) -> bool:
    tokens = len(_TOKEN.findall(text))
    return tokens == 0 or _word_count(text) >= max(3, tokens // 2)


OSD_MIN_CONFIDENCE = 1.5
"""Tesseract's orientation confidence below which a page is left as it is (its own advice is ~2)."""


def _rotation(image: Image.Image) -> int:
    """Degrees to turn ``image`` clockwise to stand it upright, by tesseract's orientation detection;
    0 when it is upright, has too little text to tell, or detection is unavailable."""
    try:
        report = pytesseract.image_to_osd(image, config="--psm 0", timeout=PAGE_TIMEOUT_SECONDS)
    except (pytesseract.TesseractError, RuntimeError):  # too few characters, or no osd data
        return 0
    rotate = re.search(r"Rotate:\s*(\d+)", report)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", report)
    if rotate is None or confidence is None or float(confidence.group(1)) < OSD_MIN_CONFIDENCE:
        return 0
    return int(rotate.group(1)) % 360


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "unknown error"
