"""Plain text, Markdown, CSV and other text files, in whatever charset they were saved.

Old evidence is often cp1252 or Latin-1 (exports from Windows tools, phone backups); a file that is
mostly UTF-8 with a few broken bytes is decoded as UTF-8 with replacement characters and a warning,
never rejected.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import ClassVar

from charset_normalizer import from_bytes

from aseagi.ingestion.parsers.base import Page, ParseContext, ParsedDocument

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def clean_extracted_text(text: str) -> str:
    """One newline convention.

    NUL characters stay: the text is made storable where rows are written (``kit.storable``), which
    records on the document that its text was cleaned.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_form_feeds(text: str) -> tuple[Page, ...]:
    """A form feed is a page break in printed text exports; otherwise the file is one page."""
    parts = text.split("\f")
    if len(parts) > 1 and not parts[-1].strip():
        parts = parts[:-1]
    return tuple(Page(number=index, text=part) for index, part in enumerate(parts, start=1))


def decode_text(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode bytes of unknown charset; returns (text, encoding, warnings)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding, ()
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), "utf-8", ("invalid UTF-8 bytes replaced with U+FFFD",)
    guessed = _guess_single_byte_encoding(data)
    if guessed is not None:
        return data.decode(guessed, errors="replace"), guessed, (f"text decoded as {guessed} (detected)",)
    return (
        data.decode("cp1252", errors="replace"),
        "cp1252",
        ("charset not recognised: decoded as Windows-1252 (guessed)",),
    )


def _guess_single_byte_encoding(data: bytes) -> str | None:
    """charset-normalizer's choice, except that Windows-1252 wins ties: this is a US case file."""
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if (
            "cp1252" in match.could_be_from_charset
            and match.chaos <= best.chaos + 0.01
            and match.coherence >= best.coherence - 0.05
        ):
            return "cp1252"
    return str(best.encoding)


def _mostly_utf8(data: bytes) -> bool:
    """True when valid multi-byte UTF-8 sequences outnumber the invalid bytes: a damaged UTF-8 file."""
    decoded = data.decode("utf-8", errors="replace")
    invalid = decoded.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid_multibyte = sum(1 for char in decoded if ord(char) > 127 and char != "\ufffd")
    return valid_multibyte > invalid


class TextParser:
    """Any decodable text file; the text is kept verbatim apart from newlines and NULs."""

    mime_types: ClassVar[tuple[str, ...]] = (
        "text/plain",
        "text/markdown",
        "text/csv",
        "text/tab-separated-values",
        "application/json",
        "application/xml",
    )

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        data = path.read_bytes()
        text, encoding, warnings = decode_text(data)
        mime_type = _mime_for_suffix(path.suffix.lower())
        return ParsedDocument(
            mime_type=mime_type,
            pages=split_form_feeds(clean_extracted_text(text)),
            metadata={"encoding": encoding},
            warnings=warnings,
        )


def _mime_for_suffix(suffix: str) -> str:
    return {
        ".md": "text/markdown",
        ".markdown": "text/markdown",
        ".csv": "text/csv",
        ".tsv": "text/tab-separated-values",
        ".json": "application/json",
        ".xml": "application/xml",
    }.get(suffix, "text/plain")
