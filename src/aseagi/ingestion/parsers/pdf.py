"""PDF text, page by page, with OCR only for pages that have no usable text layer.

Most court filings are born-digital PDFs, read at hundreds of pages per second; scans and faxes get
OCR. Nothing is rendered for a page that already has text: rendering plus OCR costs seconds per page.
PDF dates (creation, modification) are kept as metadata strings only: they describe the file, not
the paper, and a re-saved scan would otherwise carry the wrong date.
"""

from __future__ import annotations

import ctypes
import math
import re
from pathlib import Path
from typing import Any, ClassVar

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from aseagi.ingestion.parsers.base import (
    EncryptedDocument,
    LimitExceeded,
    Limits,
    Page,
    ParseContext,
    ParsedDocument,
    ParseError,
)
from aseagi.ingestion.parsers.ocr import OcrFailed, OcrUnavailable, ocr_image
from aseagi.ingestion.parsers.text import clean_extracted_text

OCR_DPI = 300
MIN_TEXT_CHARS = 20
"""A page with fewer non-space characters than this is treated as a scan (OCR is tried)."""
MAX_RENDER_PIXELS = 35_000_000
"""Pages whose 300 dpi rendering would exceed this (posters, bogus page sizes) are rendered smaller."""

_GARBAGE = re.compile("[\ufffd\ufffe\ue000-\uf8ff\U000f0000-\U0010ffff\x00-\x08\x0b\x0e-\x1f\x7f]")
"""Replacement characters, private-use code points and control characters: an unmapped font's output."""

_METADATA_KEYS = {
    "Title": "title",
    "Author": "author",
    "Subject": "subject",
    "Keywords": "keywords",
    "Creator": "creator",
    "Producer": "producer",
    "CreationDate": "creation_date",
    "ModDate": "modification_date",
}


class PdfParser:
    """Born-digital and scanned PDFs (PDFium text layer, tesseract for image-only pages)."""

    mime_types: ClassVar[tuple[str, ...]] = ("application/pdf",)

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        document = _open(path)
        try:
            total = len(document)
            _check_page_count(total, context.limits.max_pdf_pages)
            _init_forms(document)
            metadata = _metadata(document)
            count = min(total, context.limits.max_pages)
            reader = _PageReader(document, context.limits)
            pages = tuple(reader.read(index) for index in range(count))
        finally:
            document.close()
        warnings = list(reader.warnings)
        if count < total:
            warnings.insert(0, f"only the first {count} of {total} pages were read (page limit)")
        metadata["page_count"] = str(total)
        return ParsedDocument(
            mime_type="application/pdf",
            pages=pages,
            title=metadata.get("title") or None,
            metadata=metadata,
            warnings=tuple(warnings),
        )


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedDocument("encrypted: the PDF needs a password to open") from exc
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedDocument("encrypted: unsupported PDF security handler") from exc
        reason = {
            pdfium_c.FPDF_ERR_FORMAT: "not a readable PDF (corrupt or truncated)",
            pdfium_c.FPDF_ERR_FILE: "PDF file cannot be opened",
        }.get(exc.err_code or 0, "unreadable PDF")
        raise ParseError(reason) from exc


def _check_page_count(total: int, limit: int) -> None:
    """Refused before any page is read: a small file can declare pages enough to hold a parser for hours."""
    if total > limit:
        raise LimitExceeded(
            f"the PDF has {total} pages, more than the limit of {limit}: split it, or raise "
            "ASEAGI_MAX_PDF_PAGES"
        )


def _metadata(document: pdfium.PdfDocument) -> dict[str, str]:
    metadata: dict[str, str] = {}
    try:
        raw = document.get_metadata_dict(skip_empty=True)
    except (pdfium.PdfiumError, UnicodeDecodeError):
        raw = {}
    for key, name in _METADATA_KEYS.items():
        value = clean_extracted_text(str(raw.get(key, ""))).strip()
        if value:
            metadata[name] = value
    version = document.get_version()
    if version:
        metadata["pdf_version"] = f"{version // 10}.{version % 10}"
    return metadata


class _PageReader:
    """Reads pages of one open document and collects warnings (OCR state is per document)."""

    def __init__(self, document: pdfium.PdfDocument, limits: Limits) -> None:
        self._document = document
        self._limits = limits
        self._ocr_available = limits.ocr
        self._pages_without_text: list[int] = []
        self._notes: list[str] = []

    @property
    def warnings(self) -> tuple[str, ...]:
        notes = list(self._notes)
        if self._pages_without_text:
            listed = _page_list(self._pages_without_text)
            why = "OCR disabled" if not self._limits.ocr else "OCR did not run"
            notes.append(f"no text layer and no OCR text on page(s) {listed} ({why})")
        return tuple(notes)

    def read(self, index: int) -> Page:
        number = index + 1
        if self._document.formenv is None:
            text = _plain_text_layer(self._document, index)
            if text is not None and is_usable_text(text):
                return Page(number=number, text=text)
        try:
            page = self._document[index]
        except pdfium.PdfiumError:
            self._notes.append(f"page {number} cannot be loaded; left empty")
            return Page(number=number, text="")
        try:
            self._fit_page_box(page, number)
            fields = _form_fields(self._document, page)
            text = _text_layer(page)
            ocr_text = None if is_usable_text(text) else self._ocr(page, number)
        finally:
            page.close()
        ocr = ocr_text is not None and _visible_chars(ocr_text) > _visible_chars(text)
        if ocr:
            text = ocr_text or ""
        elif ocr_text is None and _visible_chars(text) == 0 and not fields:
            self._pages_without_text.append(number)
        if fields:
            text = f"{text}\n\n{FORM_HEADING}\n{fields}" if text.strip() else f"{FORM_HEADING}\n{fields}"
        return Page(number=number, text=text, ocr=ocr)

    def _fit_page_box(self, page: pdfium.PdfPage, number: int) -> None:
        """A crop box outside the media box leaves nothing visible: the whole media box is read instead."""
        width, height = page.get_size()
        if width >= 1 and height >= 1:
            return
        left, bottom, right, top = page.get_mediabox()
        if right - left >= 1 and top - bottom >= 1:
            page.set_cropbox(left, bottom, right, top)
            self._notes.append(f"page {number}: its crop box lies outside the page; the whole page was read")

    def _ocr(self, page: pdfium.PdfPage, number: int) -> str | None:
        if not self._ocr_available:
            return None
        try:
            image = _render(page, self._notes, number)
            return clean_extracted_text(ocr_image(image, self._limits.ocr_language))
        except OcrUnavailable as exc:
            self._ocr_available = False
            self._notes.append(str(exc))
        except OcrFailed as exc:
            self._notes.append(f"page {number}: {exc}")
        except (pdfium.PdfiumError, ValueError):
            self._notes.append(f"page {number}: cannot be rendered for OCR")
        return None


FORM_HEADING = "Form fields:"
MAX_FORM_CHARS = 50_000
"""Form-field text kept per page (a form with thousands of generated fields is cut here)."""
_CHOICE_FIELDS = (
    pdfium_c.FPDF_FORMFIELD_TEXTFIELD,
    pdfium_c.FPDF_FORMFIELD_COMBOBOX,
    pdfium_c.FPDF_FORMFIELD_LISTBOX,
)
_FIELD_INDEX = re.compile(r"\[\d+\]")


def _init_forms(document: pdfium.PdfDocument) -> None:
    """Fillable forms (the Judicial Council's JV forms are) keep what was typed in their fields, not in
    the page text: their values are read through PDFium's form environment."""
    if pdfium_c.FPDF_GetFormType(document.raw) == pdfium_c.FORMTYPE_NONE:
        return
    try:
        document.init_forms()
    except pdfium.PdfiumError:
        pass  # the page text is still read


def _wide_string(function: Any, *args: Any) -> str:
    """A UTF-16 string out of a PDFium getter that is asked its length first."""
    size = function(*args, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    function(*args, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
    return clean_extracted_text(buffer.raw[: size - 2].decode("utf-16-le", "replace")).strip()


def _form_fields(document: pdfium.PdfDocument, page: pdfium.PdfPage) -> str:
    """What was filled in on this page: ``label: value`` lines (checked boxes say ``checked``)."""
    form = getattr(document, "formenv", None)
    if form is None:
        return ""
    lines: dict[str, None] = {}
    size = 0
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annotation = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annotation:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annotation) != pdfium_c.FPDF_ANNOT_WIDGET:
                continue
            value = _field_value(form.raw, annotation)
            if not value:
                continue
            label = _wide_string(pdfium_c.FPDFAnnot_GetFormFieldAlternateName, form.raw, annotation)
            if not label:
                name = _wide_string(pdfium_c.FPDFAnnot_GetFormFieldName, form.raw, annotation)
                label = _FIELD_INDEX.sub("", name.rsplit(".", 1)[-1]) or name
            line = " ".join(f"{label}: {value}".split())
            if line not in lines and size + len(line) < MAX_FORM_CHARS:
                lines[line] = None
                size += len(line) + 1
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annotation)
    return "\n".join(lines)


def _field_value(form: Any, annotation: Any) -> str:
    kind = pdfium_c.FPDFAnnot_GetFormFieldType(form, annotation)
    if kind in _CHOICE_FIELDS:
        return _wide_string(pdfium_c.FPDFAnnot_GetFormFieldValue, form, annotation)
    if kind == pdfium_c.FPDF_FORMFIELD_CHECKBOX:
        return "checked" if pdfium_c.FPDFAnnot_IsChecked(form, annotation) else ""
    if kind == pdfium_c.FPDF_FORMFIELD_RADIOBUTTON and pdfium_c.FPDFAnnot_IsChecked(form, annotation):
        chosen = _wide_string(pdfium_c.FPDFAnnot_GetFormFieldExportValue, form, annotation)
        return chosen if chosen and chosen not in ("On", "Yes") else "selected"
    return ""


def _text_layer(page: pdfium.PdfPage) -> str:
    """The text within the visible page; all of the page's text when it has no usable box at all."""
    text = _visible_text(page.raw)
    if text is not None:
        return text
    textpage = page.get_textpage()
    try:
        return clean_extracted_text(textpage.get_text_range())
    finally:
        textpage.close()


def _plain_text_layer(document: pdfium.PdfDocument, index: int) -> str | None:
    """``_text_layer`` of a page without form fields, through PDFium's own calls; None when the page
    needs the full path (it cannot be loaded, or its boxes are odd).

    Most pages of a data lake are born-digital text: this spares each of them pypdfium2's helper objects
    (a finalizer and a parent link for the page and its text page).
    """
    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:
        return None
    try:
        if pdfium_c.FPDF_GetPageWidthF(page) < 1 or pdfium_c.FPDF_GetPageHeightF(page) < 1:
            return None
        return _visible_text(page)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _visible_text(page: Any) -> str | None:
    """The text within a loaded page's visible box (``FPDF_GetPageBoundingBox``); None when it has none."""
    box = pdfium_c.FS_RECTF()
    if (
        not pdfium_c.FPDF_GetPageBoundingBox(page, box)
        or box.right - box.left < 1
        or box.top - box.bottom < 1
    ):
        return None
    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        raise pdfium.PdfiumError("Failed to load text page.")
    try:
        bounds = (box.left, box.top, box.right, box.bottom)
        count = pdfium_c.FPDFText_GetBoundedText(textpage, *bounds, None, 0)
        if count <= 0:
            return ""
        buffer = (ctypes.c_ushort * count)()
        pdfium_c.FPDFText_GetBoundedText(textpage, *bounds, buffer, count)
        return clean_extracted_text(bytes(buffer).decode("utf-16-le", "ignore"))
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


def _render(page: pdfium.PdfPage, notes: list[str], number: int) -> Image.Image:
    width, height = page.get_size()
    scale = OCR_DPI / 72
    pixels = width * height * scale * scale
    if pixels > MAX_RENDER_PIXELS:
        scale = math.sqrt(MAX_RENDER_PIXELS / (width * height))
        notes.append(f"page {number}: very large page rendered at {round(scale * 72)} dpi for OCR")
    bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
    try:
        return bitmap.to_pil().copy()
    finally:
        bitmap.close()


def is_usable_text(text: str) -> bool:
    """Enough visible characters, most of them real letters rather than unmapped glyph codes."""
    visible = _visible_chars(text)
    if visible < MIN_TEXT_CHARS:
        return False
    return len(_GARBAGE.findall(text)) <= visible * 0.3


def _visible_chars(text: str) -> int:
    return len("".join(text.split()))


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:20])
    return shown + (f" and {len(numbers) - 20} more" if len(numbers) > 20 else "")
