"""PDFs that declare odd page boxes or absurd page counts: read what is there, refuse what is a trap."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from aseagi.ingestion.extract import ExtractRequest, extract
from aseagi.ingestion.parsers.base import LimitExceeded, Limits, ParseContext
from aseagi.ingestion.parsers.registry import parse_file

ORDER = "Order after hearing on March 4, 2024, in case JD239697: the court finds notice was given."


def many_page_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` pages in a few hundred KB: every page object packed into one compressed object
    stream and the cross-references into a compressed xref stream, as a hostile or careless tool writes."""
    catalog, tree, content, packed_number, first_page = 1, 2, 3, 4, 5
    objects = {catalog: b"<</Type/Catalog/Pages 2 0 R>>"}
    kids = b" ".join(b"%d 0 R" % (first_page + index) for index in range(pages))
    objects[tree] = b"<</Type/Pages/Count %d/Kids[%s]>>" % (pages, kids)
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 3 0 R>>"
    objects.update({first_page + index: page for index in range(pages)})
    offsets_in_stream, body = [], b""
    for number, value in objects.items():
        offsets_in_stream.append(b"%d %d" % (number, len(body)))
        body += value + b"\n"
    head = b" ".join(offsets_in_stream) + b"\n"
    packed = zlib.compress(head + body, 9)
    out = bytearray(b"%PDF-1.7\n")
    file_offsets = {content: len(out)}
    text = b"BT /F1 12 Tf 72 720 Td (page) Tj ET"
    out += b"3 0 obj\n<</Length %d>>stream\n%s\nendstream\nendobj\n" % (len(text), text)
    file_offsets[packed_number] = len(out)
    out += b"4 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>stream\n" % (
        len(objects), len(head), len(packed))  # fmt: skip
    out += packed + b"\nendstream\nendobj\n"
    xref_number = first_page + pages
    file_offsets[xref_number] = len(out)
    in_stream = {number: index for index, number in enumerate(objects)}
    rows = b"".join(
        struct.pack(">BIH", 2, packed_number, in_stream[number]) if number in in_stream
        else struct.pack(">BIH", 1, file_offsets[number], 0) if number in file_offsets
        else struct.pack(">BIH", 0, 0, 65535)
        for number in range(xref_number + 1)
    )  # fmt: skip
    xref = zlib.compress(rows, 9)
    out += b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length %d>>stream\n" % (
        xref_number, xref_number + 1, len(xref))  # fmt: skip
    out += xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % file_offsets[xref_number]
    path.write_bytes(bytes(out))
    return path


def test_twenty_thousand_page_pdf_fails_fast(tmp_path: Path, context: ParseContext) -> None:
    path = many_page_pdf(tmp_path / "pages.pdf", 20_000)
    assert path.stat().st_size < 250_000
    assert len(pdfium.PdfDocument(path)) == 20_000
    with pytest.raises(LimitExceeded, match=r"20000 pages, more than the limit of 10000.*MAX_PDF_PAGES"):
        parse_file(path, context)  # refused on the declared count: no page is loaded (0.03 s measured)
    result = extract(ExtractRequest(str(path), str(tmp_path / "extract"), "pages.pdf", analyze=False))
    assert result.outcome == "failed"
    assert result.reason is not None
    assert result.reason.startswith("limit: the PDF has 20000 pages, more than the limit of 10000")


def test_the_page_count_limit_can_be_set(tmp_path: Path) -> None:
    path = many_page_pdf(tmp_path / "pages.pdf", 30)
    strict = ParseContext(workdir=tmp_path / "strict", limits=Limits(max_pdf_pages=29, ocr=False))
    with pytest.raises(LimitExceeded, match="30 pages, more than the limit of 29"):
        parse_file(path, strict)
    enough = ParseContext(workdir=tmp_path / "enough", limits=Limits(max_pdf_pages=30, ocr=False))
    document = parse_file(path, enough)
    assert document.page_count == 30
    assert document.pages[29].text == "page"


def test_the_setting_reaches_the_worker_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    from aseagi.config import Settings

    monkeypatch.setenv("ASEAGI_MAX_PDF_PAGES", "250")
    assert Settings().max_pdf_pages == 250
    monkeypatch.delenv("ASEAGI_MAX_PDF_PAGES")
    assert Settings().max_pdf_pages == Limits().max_pdf_pages == 10_000


@pytest.mark.parametrize(
    "crop",
    [(1000, 1000, 1600, 1800), (-900, -900, -10, -10)],
    ids=["beyond-the-media-box", "below-the-origin"],
)
def test_crop_box_outside_the_media_box_is_read_on_the_media_box(
    text_pdf: Callable[..., Path], tmp_path: Path, context: ParseContext, crop: tuple[int, int, int, int]
) -> None:
    """PDFium intersects the crop box with the media box; disjoint boxes leave an empty page, and rendering
    it for OCR raised "Crop exceeds page dimensions"."""
    source = text_pdf([[ORDER]])
    pdf = pdfium.PdfDocument(source)
    pdf[0].set_cropbox(*crop)
    path = tmp_path / "cropped.pdf"
    pdf.save(path)
    pdf.close()
    document = parse_file(path, context)
    assert document.text == ORDER
    assert document.warnings == ("page 1: its crop box lies outside the page; the whole page was read",)


def test_crop_box_partly_outside_is_read_within_the_page(
    text_pdf: Callable[..., Path], tmp_path: Path, context: ParseContext
) -> None:
    source = text_pdf([[ORDER]])
    pdf = pdfium.PdfDocument(source)
    pdf[0].set_cropbox(-200, -200, 900, 1000)
    path = tmp_path / "wide.pdf"
    pdf.save(path)
    pdf.close()
    document = parse_file(path, context)
    assert document.text == ORDER
    assert document.warnings == ()
