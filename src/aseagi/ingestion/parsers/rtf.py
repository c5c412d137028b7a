"""RTF documents (WordPad, TextEdit, court e-filing exports, Outlook message bodies).

RTF escapes non-ASCII characters as ``\\'xx`` bytes in the document's code page (``\\ansicpg``, or
a font's ``\\fcharset``); striprtf decodes them. Some writers also put raw 8-bit bytes in the file,
so the file itself is decoded with the declared code page before stripping.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import ClassVar

from striprtf.striprtf import rtf_to_text

from aseagi.ingestion.parsers.base import Page, ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.text import clean_extracted_text, split_form_feeds

_ANSICPG = re.compile(rb"\\ansicpg(\d{3,5})")
_CHARSET_WORDS = {b"\\mac": "mac_roman", b"\\pca": "cp850", b"\\pc": "cp437"}
_PAGE_BREAK = re.compile(r"\\page(?![a-z])(?:-?\d+)? ?")
"""``\\page`` becomes a form feed (``\\'0c``), which ``split_form_feeds`` turns into a page break."""
_SURROGATES = re.compile("[\ud800-\udfff]")


class RtfParser:
    """Rich Text Format."""

    mime_types: ClassVar[tuple[str, ...]] = ("application/rtf", "text/rtf")

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        data = path.read_bytes()
        if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
            raise ParseError("not an RTF document (no {\\rtf header)")
        encoding = declared_code_page(data)
        text = rtf_text(data)
        return ParsedDocument(
            mime_type="application/rtf",
            pages=split_form_feeds(text) or (Page(number=1, text=""),),
            metadata={"code_page": encoding},
        )


def rtf_text(data: bytes) -> str:
    """The text of an RTF document (also an Outlook RTF body); ParseError when it cannot be read."""
    encoding = declared_code_page(data)
    source = _PAGE_BREAK.sub(r"\\'0c", data.decode(encoding, errors="replace"))
    try:
        text = rtf_to_text(source, encoding=encoding, errors="replace")
    except (ValueError, IndexError, LookupError, RecursionError) as exc:
        raise ParseError(f"unreadable RTF ({type(exc).__name__})") from exc
    return clean_extracted_text(join_surrogates(text))


def declared_code_page(data: bytes) -> str:
    """The code page of ``\\'xx`` escapes and raw bytes, from the header; Windows-1252 by default."""
    head = data[:4096]
    match = _ANSICPG.search(head)
    if match is not None:
        candidate = f"cp{int(match.group(1))}"
        try:
            codecs.lookup(candidate)
        except LookupError:
            return "cp1252"
        return "utf-8" if candidate == "cp65001" else candidate
    for word, encoding in _CHARSET_WORDS.items():
        if re.search(re.escape(word) + rb"(?![a-z])", head[:200]):
            return encoding
    return "cp1252"


def join_surrogates(text: str) -> str:
    """RTF writes astral characters (emoji) as two ``\\u`` surrogates; lone halves become U+FFFD."""
    if not _SURROGATES.search(text):
        return text
    return text.encode("utf-16-le", errors="surrogatepass").decode("utf-16-le", errors="replace")
