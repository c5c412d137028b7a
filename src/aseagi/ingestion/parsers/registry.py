"""Which parser reads which MIME type, and the one call the pipeline makes: ``parse_file``.

The registry is built from the parser classes themselves: each declares the MIME types it reads
(``mime_types``), and nothing else maps a type to a parser. Classes are named by dotted path and
imported on first use, each on its own, so a parser whose dependency is missing (or whose module has a
bug) makes only its own formats unsupported, never the others. Formats that are recognised but
deliberately not read say why, so the user knows what to do.
"""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass
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

PARSER_CLASSES: tuple[str, ...] = (
    "aseagi.ingestion.parsers.pdf:PdfParser",
    "aseagi.ingestion.parsers.image:ImageParser",
    "aseagi.ingestion.parsers.docx:DocxParser",
    "aseagi.ingestion.parsers.docx:EncryptedOfficeParser",
    "aseagi.ingestion.parsers.doc:DocParser",
    "aseagi.ingestion.parsers.rtf:RtfParser",
    "aseagi.ingestion.parsers.html:HtmlParser",
    "aseagi.ingestion.parsers.text:TextParser",
    "aseagi.ingestion.parsers.email:EmailParser",
    "aseagi.ingestion.parsers.mbox:MboxParser",
    "aseagi.ingestion.parsers.msg:OutlookMsgParser",
    "aseagi.ingestion.parsers.tnef:TnefParser",
    "aseagi.ingestion.parsers.smime:SmimeParser",
    "aseagi.ingestion.parsers.sms:SmsBackupParser",
    "aseagi.ingestion.parsers.whatsapp:WhatsAppParser",
    "aseagi.ingestion.parsers.archive:ZipParser",
    "aseagi.ingestion.parsers.archive:TarParser",
)
"""Every parser class, as ``module:ClassName``. Its ``mime_types`` say what the registry sends it."""

UNSUPPORTED_REASONS: dict[str, str] = {
    detect.MSEXCEL: "Excel .xls spreadsheets are not read: save the sheet as PDF or CSV, then add that file",
    detect.MSPOWERPOINT: "PowerPoint .ppt files are not read: save the slides as PDF, then add that file",
    detect.XLSX: "Excel .xlsx spreadsheets are not read yet: save the sheet as PDF or CSV",
    detect.PPTX: "PowerPoint .pptx files are not read yet: save the slides as PDF, then add that file",
    detect.OPENDOCUMENT: "OpenDocument files are not read yet: save the document as .docx or PDF",
    detect.OLE_UNKNOWN: "an OLE2 (legacy Microsoft Office) file of unknown kind: save it as PDF",
    detect.SVG: "SVG drawings are not read: export the drawing as PDF or PNG",
    detect.AUDIO: "sound recordings are not transcribed: add a transcript as a text or PDF file",
    detect.VIDEO: "videos are not transcribed: add a transcript or still images of what matters",
    detect.OCTET_STREAM: "unrecognised binary file: no parser reads it",
}


@dataclass(frozen=True)
class Registry:
    """The parsers that could be imported, by MIME type, and the ones that could not, with why."""

    classes: tuple[type[Parser], ...]
    """Every parser class that could be imported, in ``PARSER_CLASSES`` order."""
    by_mime_type: dict[str, type[Parser]]
    """MIME type -> the class that declared it (the first declaration wins)."""
    unavailable: dict[str, str]
    """``module:ClassName`` -> why it could not be imported."""


@cache
def parser_registry() -> Registry:
    classes: list[type[Parser]] = []
    by_mime_type: dict[str, type[Parser]] = {}
    unavailable: dict[str, str] = {}
    for target in PARSER_CLASSES:
        try:
            parser_class = _load(target)
        except UnsupportedFormat as exc:
            unavailable[target] = str(exc)
            continue
        classes.append(parser_class)
        for mime_type in parser_class.mime_types:
            by_mime_type.setdefault(mime_type, parser_class)
    return Registry(classes=tuple(classes), by_mime_type=by_mime_type, unavailable=unavailable)


def parser_for(mime_type: str) -> Parser:
    """A parser instance for ``mime_type``; UnsupportedFormat says why when there is none."""
    current = parser_registry()
    parser_class = current.by_mime_type.get(mime_type)
    if parser_class is not None:
        return parser_class()
    reason = UNSUPPORTED_REASONS.get(mime_type) or f"no parser for {mime_type}"
    if current.unavailable and mime_type not in UNSUPPORTED_REASONS:
        reason += "; unavailable parser(s): " + "; ".join(current.unavailable.values())
    raise UnsupportedFormat(reason)


def _load(target: str) -> type[Parser]:
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise UnsupportedFormat(f"{module_name} is unavailable ({exc})") from exc
    parser_class = getattr(module, class_name, None)
    if parser_class is None:
        raise UnsupportedFormat(f"{target} is missing")
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
