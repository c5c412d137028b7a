"""Legacy Word .doc (Word 97-2003, and Word 6/95 saved without "fast save"): the text of the document.

Agency reports and declarations from before 2007 are often .doc. The text is read the way Word keeps
it ([MS-DOC]): the File Information Block at the start of the ``WordDocument`` stream points at the
piece table in the ``0Table``/``1Table`` stream, whose pieces say where each run of characters lives
and whether it is 8-bit (Windows-1252) or UTF-16. Field codes (``HYPERLINK …``, ``PAGE``) are dropped
and their results kept; Word's control characters become line breaks or tabs. Formatting, images and
embedded objects are not read. Encrypted files fail as encrypted; Word 2.0 and fast-saved Word 6/95
files are recorded as unsupported with what to do.
"""

from __future__ import annotations

import codecs
import struct
from pathlib import Path
from typing import ClassVar

import olefile

from aseagi.ingestion.parsers.base import (
    EncryptedDocument,
    Page,
    ParseContext,
    ParsedDocument,
    ParseError,
    UnsupportedFormat,
)
from aseagi.ingestion.parsers.text import clean_extracted_text, split_form_feeds

WORD_SIGNATURES = (0xA5EC, 0xA5DC, 0xA697, 0xA699)
"""``wIdent`` of Word 97 and later, of Word 6/95, and of Word 6/95's East Asian editions."""
WORD97_NFIB = 0x00C1
"""Files of Word 97 and later have ``nFib`` of at least this (older: Word 6/95, 0x0065-0x0068)."""
_MAX_PIECES = 1_000_000
_SAVE_AS = "open it in Word or LibreOffice and save it as .docx or PDF, then add that file"
_CONTROL = str.maketrans(
    {
        "\r": "\n",  # paragraph end
        "\x07": "\t",  # table cell / row end
        "\x0b": "\n",  # line break
        "\x0c": "\f",  # page or section break
        "\x0e": "\n",  # column break
        "\x1e": "-",  # non-breaking hyphen
        "\x1f": None,  # optional hyphen
        "\xa0": " ",
        **dict.fromkeys(map(chr, (0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x28)), None),
    }
)
_ROW_END = "\x07\x07"
"""The last cell mark of a table row followed by the row mark: the row ends there."""


class DocParser:
    """Word 97-2003 binary documents (and simple Word 6/95 ones)."""

    mime_types: ClassVar[tuple[str, ...]] = ("application/msword",)

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        if not olefile.isOleFile(str(path)):
            raise UnsupportedFormat(f"Word 2.0 or older .doc files are not read: {_SAVE_AS}")
        try:
            with olefile.OleFileIO(str(path)) as ole:
                if not ole.exists("WordDocument"):
                    raise ParseError("not a Word document (no WordDocument stream)")
                word = ole.openstream("WordDocument").read()
                codec, metadata = _summary(ole)
                text = _document_text(ole, word, codec)
        except (OSError, struct.error, IndexError, ValueError) as exc:
            raise ParseError(f"unreadable Word document: {exc}") from exc
        text = clean_extracted_text(_drop_field_codes(text).replace(_ROW_END, "\n").translate(_CONTROL))
        return ParsedDocument(
            mime_type=self.mime_types[0],
            pages=split_form_feeds(text) or (Page(number=1, text=""),),
            title=metadata.get("title"),
            metadata=metadata,
        )


def _document_text(ole: olefile.OleFileIO, word: bytes, codec: str) -> str:
    """The main text then the footnotes; ``codec`` decodes Word 6/95's 8-bit text."""
    if len(word) < 0x20:
        raise ParseError("truncated Word document")
    ident, nfib, _unused, _lid, _next, flags = struct.unpack_from("<6H", word, 0)
    if ident not in WORD_SIGNATURES:
        raise ParseError("not a Word document (bad signature)")
    if flags & 0x0100:  # fEncrypted
        raise EncryptedDocument("encrypted: the Word document needs a password to open")
    if nfib < WORD97_NFIB:
        return _word6_text(word, flags, codec)
    if len(word) < 0x1AA:
        raise ParseError("truncated Word document")
    table_name = "1Table" if flags & 0x0200 else "0Table"
    if not ole.exists(table_name):
        raise ParseError(f"damaged Word document: its {table_name} stream is missing")
    table = ole.openstream(table_name).read()
    ccp_text, ccp_footnotes = struct.unpack_from("<ii", word, 0x4C)
    fc_clx, lcb_clx = struct.unpack_from("<Ii", word, 0x1A2)
    pieces = _pieces(table, fc_clx, lcb_clx)
    main = _read_pieces(word, pieces, 0, max(ccp_text, 0))
    notes = _read_pieces(word, pieces, max(ccp_text, 0), max(ccp_text, 0) + max(ccp_footnotes, 0))
    return main + ("\n\n" + notes if notes.strip() else "")


def _pieces(table: bytes, fc_clx: int, lcb_clx: int) -> list[tuple[int, int, int, bool]]:
    """The piece table: (first character, last character, byte offset, compressed) per piece."""
    clx = table[fc_clx : fc_clx + lcb_clx]
    position = 0
    while position < len(clx) and clx[position] == 0x01:  # Prc: property modifiers, skipped
        (size,) = struct.unpack_from("<H", clx, position + 1)
        position += 3 + size
    if position >= len(clx) or clx[position] != 0x02:
        raise ParseError("damaged Word document: no piece table")
    (size,) = struct.unpack_from("<I", clx, position + 1)
    plc = clx[position + 5 : position + 5 + size]
    count = (len(plc) - 4) // 12
    if count <= 0 or count > _MAX_PIECES:
        raise ParseError("damaged Word document: empty piece table")
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    pieces = []
    for index in range(count):
        (fc,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * index + 2)
        compressed = bool(fc & 0x40000000)
        offset = (fc & 0x3FFFFFFF) // 2 if compressed else fc & 0x3FFFFFFF
        pieces.append((cps[index], cps[index + 1], offset, compressed))
    return pieces


def _read_pieces(word: bytes, pieces: list[tuple[int, int, int, bool]], start: int, end: int) -> str:
    """Characters ``start`` to ``end`` of the document's text, across its pieces."""
    parts = []
    for first, last, offset, compressed in pieces:
        low, high = max(first, start), min(last, end)
        if low >= high:
            continue
        skip, length = low - first, high - low
        if compressed:
            parts.append(word[offset + skip : offset + skip + length].decode("cp1252", "replace"))
        else:
            begin = offset + 2 * skip
            parts.append(word[begin : begin + 2 * length].decode("utf-16-le", "replace"))
    return "".join(parts)


def _word6_text(word: bytes, flags: int, codec: str) -> str:
    """Word 6/95 keeps the text of a file saved in full as one run of 8-bit characters."""
    if flags & 0x0004:  # fComplex: saved with "fast save", the text is scattered in pieces
        raise UnsupportedFormat(f"this Word 6/95 .doc was fast-saved and is not read: {_SAVE_AS}")
    fc_min, fc_mac = struct.unpack_from("<II", word, 0x18)
    if not 0 < fc_min <= fc_mac <= len(word):
        raise ParseError("damaged Word 6/95 document: text bounds out of range")
    return word[fc_min:fc_mac].decode(codec, "replace")


def _drop_field_codes(text: str) -> str:
    """Keep what a field shows (between its separator and end), not its code; fields nest."""
    if "\x13" not in text:
        return text
    kept: list[str] = []
    stack: list[bool] = []  # per open field: whether its result part has started
    for character in text:
        if character == "\x13":
            stack.append(False)
        elif character == "\x14" and stack:
            stack[-1] = True
        elif character == "\x15" and stack:
            stack.pop()
        elif all(stack):
            kept.append(character)
    return "".join(kept)


def _summary(ole: olefile.OleFileIO) -> tuple[str, dict[str, str]]:
    """The file's 8-bit code page, and title, author and file dates from its summary information
    (file metadata, never the date of the document itself)."""
    try:
        meta = ole.get_metadata()
    except Exception:  # olefile raises many kinds on damaged property sets
        return "cp1252", {}
    # olefile sets these attributes from its SUMMARY_ATTRIBS list at run time: its stubs cannot name them
    codec = _codec(getattr(meta, "codepage", None))
    metadata: dict[str, str] = {}
    for name, attribute in (
        ("title", "title"),
        ("subject", "subject"),
        ("author", "author"),
        ("last_saved_by", "last_saved_by"),
        ("creation_date", "create_time"),
        ("modification_date", "last_saved_time"),
    ):
        value = getattr(meta, attribute, None)
        if isinstance(value, bytes):
            value = value.decode(codec, "replace")
        text = clean_extracted_text(str(value)).strip() if value else ""
        if text:
            metadata[name] = text
    return codec, metadata


def _codec(codepage: object) -> str:
    """Python's name for a Windows code page number; Windows-1252 when unknown or Unicode."""
    if not isinstance(codepage, int) or codepage in (1200, 1201, 65001):
        return "cp1252"
    try:
        return codecs.lookup(f"cp{codepage}").name
    except LookupError:
        return "cp1252"
