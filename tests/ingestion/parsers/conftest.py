"""Shared fixtures for parser tests: a parse context, the robustness corpus, and file factories.

The factories write real documents (reportlab PDFs, Pillow images) so the parsers run on the same
kind of bytes they meet in a case file.
"""

from __future__ import annotations

import os
import shutil
import struct
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from aseagi.ingestion.parsers.base import Limits, ParseContext

ROOT = Path(__file__).resolve().parents[3]
CORPUS_DIR = Path(os.environ.get("CORPUS_DIR") or ROOT.parent / "shared" / "corpus")

TextImage = Callable[[Sequence[str]], Image.Image]
TextPdf = Callable[..., Path]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``ocr`` are skipped where the tesseract binary is not installed."""
    if shutil.which("tesseract") is not None:
        return
    skip = pytest.mark.skip(reason="tesseract is not installed")
    for item in items:
        if item.get_closest_marker("ocr") is not None:
            item.add_marker(skip)


@pytest.fixture
def context(tmp_path: Path) -> ParseContext:
    workdir = tmp_path / "work"
    workdir.mkdir()
    return ParseContext(workdir=workdir)


@pytest.fixture
def no_ocr_context(tmp_path: Path) -> ParseContext:
    workdir = tmp_path / "work-no-ocr"
    workdir.mkdir()
    return ParseContext(workdir=workdir, limits=Limits(ocr=False))


@pytest.fixture
def corpus() -> Path:
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"robustness corpus not found at {CORPUS_DIR}")
    return CORPUS_DIR


@pytest.fixture
def text_image() -> TextImage:
    """Black text on white, about 300 dpi for 12 pt type: what a flatbed scan of a letter looks like."""

    def draw(lines: Sequence[str]) -> Image.Image:
        font = ImageFont.load_default(size=48)
        image = Image.new("L", (2000, 120 + 90 * len(lines)), "white")
        pen = ImageDraw.Draw(image)
        for index, line in enumerate(lines):
            pen.text((80, 60 + 90 * index), line, fill="black", font=font)
        return image

    return draw


@pytest.fixture
def text_pdf(tmp_path: Path) -> TextPdf:
    """A born-digital PDF: one list of lines per page, optional title/author and encryption."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    def write(
        pages: Sequence[Sequence[str]],
        name: str = "doc.pdf",
        title: str | None = None,
        author: str | None = None,
        encrypt: object = None,
    ) -> Path:
        path = tmp_path / name
        pdf = canvas.Canvas(str(path), pagesize=letter, encrypt=encrypt)
        if title:
            pdf.setTitle(title)
        if author:
            pdf.setAuthor(author)
        for lines in pages:
            y = 720
            for line in lines:
                pdf.drawString(72, y, line)
                y -= 16
            pdf.showPage()
        pdf.save()
        return path

    return write


@pytest.fixture
def scanned_pdf(tmp_path: Path) -> Callable[[Sequence[Image.Image | Sequence[str]], str], Path]:
    """A PDF whose pages are images (a scan) or, for a list of strings, a text layer."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    def write(pages: Sequence[Image.Image | Sequence[str]], name: str = "scan.pdf") -> Path:
        path = tmp_path / name
        pdf = canvas.Canvas(str(path), pagesize=letter)
        width, height = letter
        for page in pages:
            if isinstance(page, Image.Image):
                drawn_width = width - 72
                drawn_height = drawn_width * page.height / page.width
                pdf.drawImage(ImageReader(page), 36, height - 36 - drawn_height, drawn_width, drawn_height)
            else:
                for index, line in enumerate(page):
                    pdf.drawString(72, 720 - 16 * index, line)
            pdf.showPage()
        pdf.save()
        return path

    return write


MESSAGE, ATTACHMENT = 1, 2
STRING, TEXT, DATE, BYTES, DWORD = 7, 2, 3, 6, 8


def _attribute(level: int, name: int, kind: int, data: bytes) -> bytes:
    checksum = sum(data) & 0xFFFF
    return struct.pack("<BHHI", level, name, kind, len(data)) + data + struct.pack("<H", checksum)


def _winmail(subject: str, body: str, attachments: list[tuple[str, bytes]]) -> bytes:
    """A TNEF stream as Outlook writes one for a plain-text message: legacy attributes, no MAPI blocks."""
    out = struct.pack("<IH", 0x223E9F78, 0x0001)
    out += _attribute(MESSAGE, 0x9006, DWORD, struct.pack("<I", 0x00010000))
    out += _attribute(MESSAGE, 0x9007, BYTES, struct.pack("<II", 1252, 0))
    out += _attribute(MESSAGE, 0x8004, STRING, subject.encode("cp1252") + b"\x00")
    out += _attribute(MESSAGE, 0x8005, DATE, struct.pack("<7H", 2024, 3, 4, 9, 30, 0, 1))
    out += _attribute(MESSAGE, 0x800C, TEXT, body.encode("cp1252"))
    for name, data in attachments:
        out += _attribute(ATTACHMENT, 0x9002, BYTES, bytes(14))
        out += _attribute(ATTACHMENT, 0x8010, STRING, name.encode("cp1252") + b"\x00")
        out += _attribute(ATTACHMENT, 0x800F, BYTES, data)
    return out


@pytest.fixture
def winmail() -> Callable[[str, str, list[tuple[str, bytes]]], bytes]:
    """Builds an Outlook winmail.dat (TNEF) of a subject, a plain body and (name, bytes) attachments."""
    return _winmail
