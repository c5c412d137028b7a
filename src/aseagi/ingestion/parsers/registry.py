"""Which parser reads which MIME type, and the one call the pipeline makes: ``parse_file``.

Parsers are named by dotted path and imported on first use, so a parser whose optional dependency
is missing (or whose module has a bug) makes only its own format unsupported, never the others.
Formats that are recognised but deliberately not read say why, so the user knows what to do.
"""

from __future__ import annotations

import dataclasses
import importlib
from functools import cache
from pathlib import Path

from aseagi.ingestion.parsers import detect
from aseagi.ingestion.parsers.base import (
    Page,
    ParseContext,
    ParsedDocument,
    ParseError,
    Parser,
    UnsupportedFormat,
)

_PDF = "aseagi.ingestion.parsers.pdf:PdfParser"
_IMAGE = "aseagi.ingestion.parsers.image:ImageParser"
_TEXT = "aseagi.ingestion.parsers.text:TextParser"

PARSERS: dict[str, str] = {
    detect.PDF: _PDF,
    detect.PNG: _IMAGE,
    detect.JPEG: _IMAGE,
    detect.TIFF: _IMAGE,
    detect.GIF: _IMAGE,
    detect.WEBP: _IMAGE,
    detect.BMP: _IMAGE,
    detect.JPEG2000: _IMAGE,
    detect.NETPBM: _IMAGE,
    "image/x-portable-graymap": _IMAGE,
    "image/x-portable-pixmap": _IMAGE,
    "image/x-portable-bitmap": _IMAGE,
    detect.HEIC: _IMAGE,
    detect.HEIF: _IMAGE,
    detect.AVIF: _IMAGE,
    detect.DOCX: "aseagi.ingestion.parsers.docx:DocxParser",
    detect.MSWORD: "aseagi.ingestion.parsers.doc:DocParser",
    detect.ENCRYPTED_OOXML: "aseagi.ingestion.parsers.docx:EncryptedOfficeParser",
    detect.RTF: "aseagi.ingestion.parsers.rtf:RtfParser",
    "text/rtf": "aseagi.ingestion.parsers.rtf:RtfParser",
    detect.HTML: "aseagi.ingestion.parsers.html:HtmlParser",
    "application/xhtml+xml": "aseagi.ingestion.parsers.html:HtmlParser",
    detect.PLAIN_TEXT: _TEXT,
    detect.MARKDOWN: _TEXT,
    detect.CSV: _TEXT,
    detect.TSV: _TEXT,
    detect.JSON: _TEXT,
    detect.XML: _TEXT,
    detect.EMAIL: "aseagi.ingestion.parsers.email:EmailParser",
    detect.MBOX: "aseagi.ingestion.parsers.mbox:MboxParser",
    detect.OUTLOOK_MSG: "aseagi.ingestion.parsers.msg:OutlookMsgParser",
    detect.SMS_BACKUP: "aseagi.ingestion.parsers.sms:SmsBackupParser",
    detect.WHATSAPP: "aseagi.ingestion.parsers.whatsapp:WhatsAppParser",
    detect.ZIP: "aseagi.ingestion.parsers.archive:ZipParser",
}
"""MIME type -> ``module:ClassName`` of the parser that reads it."""

UNSUPPORTED_REASONS: dict[str, str] = {
    detect.MSEXCEL: "Excel .xls spreadsheets are not read: save the sheet as PDF or CSV, then add that file",
    detect.MSPOWERPOINT: "PowerPoint .ppt files are not read: save the slides as PDF, then add that file",
    detect.XLSX: "Excel .xlsx spreadsheets are not read yet: save the sheet as PDF or CSV",
    detect.PPTX: "PowerPoint .pptx files are not read yet: save the slides as PDF, then add that file",
    detect.OPENDOCUMENT: "OpenDocument files are not read yet: save the document as .docx or PDF",
    detect.OLE_UNKNOWN: "an OLE2 (legacy Microsoft Office) file of unknown kind: save it as PDF",
    detect.SVG: "SVG drawings are not read: export the drawing as PDF or PNG",
    detect.OCTET_STREAM: "unrecognised binary file: no parser reads it",
}


def parser_for(mime_type: str) -> Parser:
    """A parser instance for ``mime_type``; UnsupportedFormat says why when there is none."""
    target = PARSERS.get(mime_type)
    if target is None:
        raise UnsupportedFormat(UNSUPPORTED_REASONS.get(mime_type) or f"no parser for {mime_type}")
    return _load(target)()


@cache
def _load(target: str) -> type[Parser]:
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise UnsupportedFormat(f"no parser for this format: {module_name} is unavailable ({exc})") from exc
    parser_class = getattr(module, class_name, None)
    if parser_class is None:
        raise UnsupportedFormat(f"no parser for this format: {target} is missing")
    loaded: type[Parser] = parser_class
    return loaded


def parse_file(path: Path, context: ParseContext, mime: str | None = None) -> ParsedDocument:
    """Detect the type of ``path`` (unless given), parse it, and apply the text-size limit."""
    if path.stat().st_size == 0:
        raise ParseError("empty file")
    mime_type = mime or detect.detect_type(path)
    document = parser_for(mime_type).parse(path, context)
    return limit_text(document, context.limits.max_text_chars)


def limit_text(document: ParsedDocument, max_chars: int) -> ParsedDocument:
    """Cut page text beyond ``max_chars`` in total (whole pages after the cut are dropped), with a warning."""
    total = sum(len(page.text) for page in document.pages)
    if total <= max_chars:
        return document
    kept: list[Page] = []
    remaining = max_chars
    for page in document.pages:
        if remaining <= 0:
            break
        cut = page if len(page.text) <= remaining else dataclasses.replace(page, text=page.text[:remaining])
        kept.append(cut)
        remaining -= len(page.text)
    warning = f"text cut at {max_chars} characters (of {total}); later text was not read"
    return dataclasses.replace(document, pages=tuple(kept), warnings=(*document.warnings, warning))
