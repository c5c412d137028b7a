"""PdfParser on PDFs generated here: text layers, scans, limits, encryption and damaged files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption

from aseagi.ingestion.parsers.base import (
    EncryptedDocument,
    Limits,
    ParseContext,
    ParseError,
    UnsupportedFormat,
)
from aseagi.ingestion.parsers.ocr import TESSERACT_ENV
from aseagi.ingestion.parsers.pdf import PdfParser, is_usable_text
from aseagi.ingestion.parsers.registry import parse_file

ScannedPdf = Callable[[Sequence[Image.Image | Sequence[str]], str], Path]
TextImage = Callable[[Sequence[str]], Image.Image]

MINUTE_ORDER = [
    "SUPERIOR COURT OF CALIFORNIA, COUNTY OF ALAMEDA",
    "Juvenile Dependency Case No. J24-00478",
    "MINUTE ORDER - DETENTION HEARING",
]


def test_text_pages_in_order_without_ocr(text_pdf: Callable[..., Path], context: ParseContext) -> None:
    path = text_pdf(
        [
            MINUTE_ORDER,
            ["Page two: the court finds a prima facie showing."],
            ["Page three: next hearing 04/02/2024."],
        ]
    )
    document = PdfParser().parse(path, context)
    assert document.page_count == 3
    assert [page.number for page in document.pages] == [1, 2, 3]
    assert "Case No. J24-00478" in document.pages[0].text
    assert "prima facie" in document.pages[1].text
    assert "04/02/2024" in document.pages[2].text
    assert not any(page.ocr for page in document.pages)
    assert "\r" not in document.text
    assert document.warnings == ()


def test_metadata_kept_as_strings_but_not_as_document_date(
    text_pdf: Callable[..., Path], context: ParseContext
) -> None:
    path = text_pdf([MINUTE_ORDER], title="Minute Order", author="Clerk of the Court")
    document = PdfParser().parse(path, context)
    assert document.title == "Minute Order"
    assert document.metadata["author"] == "Clerk of the Court"
    assert document.metadata["creation_date"].startswith("D:")
    assert document.metadata["page_count"] == "1"
    assert document.document_date is None


def test_page_limit_reads_first_pages_with_warning(text_pdf: Callable[..., Path], tmp_path: Path) -> None:
    path = text_pdf([[f"This is page number {index} of the social worker report."] for index in range(1, 6)])
    context = ParseContext(workdir=tmp_path, limits=Limits(max_pages=2))
    document = PdfParser().parse(path, context)
    assert document.page_count == 2
    assert "page number 2" in document.pages[1].text
    assert any("first 2 of 5 pages" in warning for warning in document.warnings)


def test_encrypted_pdf(text_pdf: Callable[..., Path], context: ParseContext) -> None:
    encryption = StandardEncryption("user-secret", ownerPassword="owner-secret", strength=128)
    path = text_pdf([MINUTE_ORDER], name="locked.pdf", encrypt=encryption)
    with pytest.raises(EncryptedDocument, match="password"):
        PdfParser().parse(path, context)


@pytest.mark.parametrize("keep", [0.02, 0.33, 0.5, 0.9])
def test_truncated_pdf_is_a_parse_error(
    text_pdf: Callable[..., Path], context: ParseContext, keep: float
) -> None:
    full = text_pdf([MINUTE_ORDER, ["second page text that is long enough to count"]], name="full.pdf")
    data = full.read_bytes()
    path = full.with_name("cut.pdf")
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ParseError, match="corrupt or truncated"):
        PdfParser().parse(path, context)


def test_garbage_after_pdf_header_is_a_parse_error(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"this is not a pdf body " * 50)
    with pytest.raises(ParseError, match="not a readable PDF"):
        PdfParser().parse(path, context)


def test_random_bytes_named_pdf(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes((index * 7919 + 13) % 256 for index in range(8192)))
    with pytest.raises(ParseError):
        PdfParser().parse(path, context)
    with pytest.raises(UnsupportedFormat):
        parse_file(path, context)


def test_zero_byte_pdf(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match="empty file"):
        parse_file(path, context)


def test_junk_before_header_still_parses(text_pdf: Callable[..., Path], context: ParseContext) -> None:
    path = text_pdf([MINUTE_ORDER], name="clean.pdf")
    junk = path.with_name("junk.pdf")
    junk.write_bytes(b"\xef\xbb\xbf\x0a\xa0\xa4\x03" + path.read_bytes())
    document = parse_file(junk, context)
    assert "J24-00478" in document.text


def test_scan_without_ocr_keeps_empty_pages_and_warns(
    scanned_pdf: ScannedPdf, text_image: TextImage, no_ocr_context: ParseContext
) -> None:
    path = scanned_pdf([text_image(MINUTE_ORDER)], "scan.pdf")
    document = PdfParser().parse(path, no_ocr_context)
    assert document.page_count == 1
    assert document.pages[0].text.strip() == ""
    assert document.pages[0].ocr is False
    assert any("OCR disabled" in warning for warning in document.warnings)


def test_missing_tesseract_stores_pages_with_warning(
    scanned_pdf: ScannedPdf,
    text_image: TextImage,
    context: ParseContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(TESSERACT_ENV, str(tmp_path / "no-such-tesseract"))
    path = scanned_pdf([text_image(MINUTE_ORDER), text_image(MINUTE_ORDER)], "scan.pdf")
    document = PdfParser().parse(path, context)
    assert document.page_count == 2
    assert all(page.text.strip() == "" for page in document.pages)
    assert document.warnings.count("OCR unavailable: install tesseract-ocr") == 1


@pytest.mark.ocr
def test_scanned_page_is_ocrd(scanned_pdf: ScannedPdf, text_image: TextImage, context: ParseContext) -> None:
    path = scanned_pdf([text_image(MINUTE_ORDER)], "scan.pdf")
    document = PdfParser().parse(path, context)
    page = document.pages[0]
    assert page.ocr is True
    assert "J24-00478" in page.text
    assert "DETENTION HEARING" in page.text


@pytest.mark.ocr
def test_mixed_pdf_ocrs_only_the_scanned_page(
    scanned_pdf: ScannedPdf, text_image: TextImage, context: ParseContext
) -> None:
    text_page = ["The social worker report was filed on March 4, 2024 with the court clerk."]
    path = scanned_pdf([text_page, text_image(["NOTICE OF HEARING", "Department 7"])], "mixed.pdf")
    document = PdfParser().parse(path, context)
    assert [page.ocr for page in document.pages] == [False, True]
    assert document.pages[0].text.strip() == text_page[0]
    assert "NOTICE OF HEARING" in document.pages[1].text


@pytest.mark.parametrize(
    ("text", "usable"),
    [
        ("The court finds a prima facie showing.", True),
        ("Page 3", False),
        ("\ufffd" * 40, False),
        ("\ue001\ue002\ue003" * 15, False),
        ("\x03\x04\x05\x06" * 10, False),
        ("Ω " * 30, True),
    ],
)
def test_text_layer_usability(text: str, usable: bool) -> None:
    assert is_usable_text(text) is usable


def _filled_form(path: Path) -> Path:
    """A fillable form as the Judicial Council publishes them, filled in on a computer."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.drawString(72, 720, "JV-180 REQUEST TO CHANGE COURT ORDER")
    form = pdf.acroForm
    field = {"width": 200, "height": 20, "x": 72}
    form.textfield(
        name="topmostSubform[0].Page1[0].CaseNumber[0]",
        tooltip="Case number",
        value="JV-2025-001234",
        y=650,
        **field,
    )
    form.textfield(name="topmostSubform[0].Page1[0].HearingDate[0]", value="April 15, 2025", y=600, **field)
    form.textfield(name="Unfilled", value="", y=560, **field)
    form.checkbox(name="relative", tooltip="The child is placed with a relative", checked=True, x=72, y=520)
    form.checkbox(name="foster", tooltip="Foster home", checked=False, x=72, y=490)
    form.radio(name="hearing", value="contested", selected=True, x=72, y=450)
    form.radio(name="hearing", value="uncontested", selected=False, x=120, y=450)
    pdf.showPage()
    pdf.save()
    return path


def test_values_typed_into_form_fields_are_read(tmp_path: Path, context: ParseContext) -> None:
    document = PdfParser().parse(_filled_form(tmp_path / "jv-180.pdf"), context)
    assert document.pages[0].text.splitlines() == [
        "JV-180 REQUEST TO CHANGE COURT ORDER",
        "",
        "Form fields:",
        "Case number: JV-2025-001234",
        "HearingDate: April 15, 2025",
        "The child is placed with a relative: checked",
        "hearing: contested",
    ]
    assert document.pages[0].ocr is False
