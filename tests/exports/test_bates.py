"""exports/bates.py: Bates labels, the prefix check, and the stamp drawn into a page's bottom band."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject
from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfgen import canvas

from aseagi.exports.bates import FONT_NAME, MAX_PREFIX, Stamper, bates_label, check_prefix
from aseagi.exports.privacy import WIC_827_SHORT
from aseagi.exports.render import STAMP_BAND
from aseagi.kit.errors import BadRequest
from tests.fixtures.corpus_files import text_pdf
from tests.originals.pdfs import one_page_pdf


def test_bates_label_pads_to_the_digits() -> None:
    assert bates_label("JV", 1) == "JV000001"
    assert bates_label("JV-", 42, 3) == "JV-042"
    assert bates_label("X", 1234567, 6) == "X1234567"  # more digits than asked: never truncated
    assert bates_label("", 7, 2) == "07"


@pytest.mark.parametrize("prefix", ["A", "DEMO", "Case_2025-a", "x" * MAX_PREFIX])
def test_check_prefix_accepts(prefix: str) -> None:
    assert check_prefix(prefix) == prefix


@pytest.mark.parametrize(
    "prefix", ["", "x" * (MAX_PREFIX + 1), "JV 2025", "../etc", "a/b", "Bates.", "Ñandú", "A\n"]
)
def test_check_prefix_refuses(prefix: str) -> None:
    with pytest.raises(BadRequest, match="Bates prefix") as raised:
        check_prefix(prefix)
    assert raised.value.status_code == 400


def test_check_prefix_quotes_at_most_30_characters() -> None:
    with pytest.raises(BadRequest) as raised:
        check_prefix("Z" * 500)
    assert "Z" * 30 in raised.value.message and "Z" * 31 not in raised.value.message


def _texts(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def _stamp_all(source: Path, out: Path, *, scale_content: bool, start: int = 1) -> PdfWriter:
    writer = PdfWriter()
    stamper = Stamper(writer)
    for number, page in enumerate(PdfReader(source).pages, start):
        added = writer.add_page(page)
        stamper.stamp(
            added, page_number=number, bates=bates_label("FAKE", number), scale_content=scale_content
        )
    with open(out, "wb") as handle:
        writer.write(handle)
    return writer


@pytest.mark.parametrize("scale_content", [True, False])
def test_every_page_gets_its_numbers_and_keeps_its_text(tmp_path: Path, scale_content: bool) -> None:
    source = text_pdf(tmp_path / "in.pdf", ["Minute order (page one)", "Second page \\ of two"])
    out = tmp_path / "out.pdf"
    writer = _stamp_all(source, out, scale_content=scale_content, start=41)

    first, second = _texts(out)
    assert "Minute order (page one)" in first and "Second page \\ of two" in second
    assert "Page 41" in first and "FAKE000041" in first and WIC_827_SHORT in first
    assert "Page 42" in second and "FAKE000042" in second
    fonts = [page["/Resources"]["/Font"].raw_get(FONT_NAME) for page in writer.pages]
    assert fonts[0].idnum == fonts[1].idnum  # one shared font object
    assert fonts[0].get_object()["/BaseFont"] == "/Helvetica"


def _text_bottom(path: Path, needle: str) -> float:
    """The lowest y of the characters of ``needle`` on the first page."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        textpage = document[0].get_textpage()
        text = textpage.get_text_range()
        index = text.index(needle)
        return min(textpage.get_charbox(i)[1] for i in range(index, index + len(needle)))
    finally:
        document.close()


def test_scaled_content_moves_above_the_band(tmp_path: Path) -> None:
    path = tmp_path / "low.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.drawString(72, 8, "Footer of the original")  # inside where the stamp goes
    pdf.showPage()
    pdf.save()
    assert _text_bottom(path, "Footer") < STAMP_BAND

    scaled, unscaled = tmp_path / "scaled.pdf", tmp_path / "unscaled.pdf"
    _stamp_all(path, scaled, scale_content=True)
    _stamp_all(path, unscaled, scale_content=False)
    assert _text_bottom(scaled, "Footer") >= STAMP_BAND
    assert _text_bottom(unscaled, "Footer") < STAMP_BAND


def test_a_rotated_page_is_stamped_upright(tmp_path: Path) -> None:
    source = text_pdf(tmp_path / "in.pdf", ["Rotated exhibit"])
    reader = PdfReader(source)
    writer = PdfWriter()
    page = writer.add_page(reader.pages[0])
    page.rotate(90)
    Stamper(writer).stamp(page, page_number=3, bates="R000003", scale_content=True)
    assert not page.get("/Rotate")
    # the rotation went into the content: the page is now landscape
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(landscape(letter))
    out = tmp_path / "out.pdf"
    writer.write(out)
    assert "R000003" in _texts(out)[0] and "Rotated exhibit" in _texts(out)[0]


def test_a_page_without_contents_or_resources(tmp_path: Path) -> None:
    source = tmp_path / "blank.pdf"
    source.write_bytes(one_page_pdf("/MediaBox [0 0 612 792]"))
    writer = PdfWriter()
    page = writer.add_page(PdfReader(source).pages[0])
    assert "/Resources" not in page and "/Contents" not in page
    Stamper(writer).stamp(page, page_number=1, bates="B000001", scale_content=False)
    out = tmp_path / "out.pdf"
    writer.write(out)
    (text,) = _texts(out)
    assert "B000001" in text and "Page 1" in text


def test_a_page_with_an_array_of_content_streams(tmp_path: Path) -> None:
    source = tmp_path / "blank.pdf"
    source.write_bytes(one_page_pdf("/MediaBox [0 0 612 792]"))
    writer = PdfWriter()
    page = writer.add_page(PdfReader(source).pages[0])
    streams = []
    for line in (b"BT /F1 12 Tf 72 700 Td (First stream) Tj ET", b"BT /F1 12 Tf 72 680 Td (Second) Tj ET"):
        stream = DecodedStreamObject()
        stream.set_data(line)
        streams.append(writer._add_object(stream))
    page[NameObject("/Contents")] = writer._add_object(ArrayObject(streams))  # a reference to an array
    Stamper(writer).stamp(page, page_number=9, bates="A(1)\\", scale_content=True)
    contents = page["/Contents"]
    assert isinstance(contents, ArrayObject)
    assert streams[0] in list(contents) and streams[1] in list(contents)
    out = tmp_path / "out.pdf"
    writer.write(out)
    assert "A(1)\\" in _texts(out)[0]  # parentheses and backslash escaped in the literal
