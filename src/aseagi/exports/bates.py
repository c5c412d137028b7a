"""Bates numbers and page numbers, stamped into the bottom band of every page.

A stamp is a small content stream appended to the page (no page merging, so it is fast). A stored PDF's
own content is first scaled into the area above the band, so the stamp never covers it.
"""

from __future__ import annotations

import re

from pypdf import PageObject, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject

from aseagi.exports.privacy import WIC_827_SHORT
from aseagi.exports.render import STAMP_BAND
from aseagi.kit.errors import BadRequest

FONT_NAME = "/FAseagiStamp"
STAMP_SIZE = 9
MAX_PREFIX = 20


def bates_label(prefix: str, number: int, digits: int = 6) -> str:
    return f"{prefix}{number:0{digits}d}"


def check_prefix(prefix: str) -> str:
    """A Bates prefix is letters, digits, '-' and '_' (it becomes part of file names)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,20}", prefix):
        raise BadRequest(
            f"the Bates prefix {prefix[:30]!r} is not usable: use 1 to {MAX_PREFIX} letters, digits, "
            "'-' or '_'"
        )
    return prefix


def _literal(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({escaped})".encode("cp1252", "replace")


class Stamper:
    """Stamps pages added to one writer; the stamp font is one shared object."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
        self.font = writer._add_object(font)

    def _stream(self, data: bytes) -> IndirectObject:
        stream = DecodedStreamObject()
        stream.set_data(data)
        return self.writer._add_object(stream)

    def stamp(self, page: PageObject, *, page_number: int, bates: str, scale_content: bool) -> None:
        """Page number centred, Bates number right, confidentiality notice left, in the bottom band."""
        if page.get("/Rotate"):
            page.transfer_rotation_to_content()
        box = page.mediabox
        left, bottom = float(box.left), float(box.bottom)
        width, height = float(box.width), float(box.height)
        contents: list[IndirectObject] = []
        if scale_content:
            scale = max(0.5, (height - STAMP_BAND) / height)
            dx = left * (1 - scale) + width * (1 - scale) / 2
            dy = bottom * (1 - scale) + STAMP_BAND
            contents.append(self._stream(f"q {scale:.4f} 0 0 {scale:.4f} {dx:.2f} {dy:.2f} cm\n".encode()))
        existing = page.get("/Contents")
        if isinstance(existing, IndirectObject) and isinstance(existing.get_object(), ArrayObject):
            existing = existing.get_object()  # a reference to an array of streams: take its streams
        if isinstance(existing, ArrayObject):
            contents += list(existing)
        elif existing is not None:
            contents.append(
                existing if isinstance(existing, IndirectObject) else self.writer._add_object(existing)
            )
        if scale_content:
            contents.append(self._stream(b"\nQ\n"))
        y = bottom + 16
        text = (
            b"\nq 0 g BT "
            + FONT_NAME.encode()
            + b" %d Tf " % STAMP_SIZE
            + f"{left + 36:.2f} {y:.2f} Td ".encode()
            + _literal(WIC_827_SHORT)
            + b" Tj ET"
            + b" BT "
            + FONT_NAME.encode()
            + b" %d Tf " % STAMP_SIZE
            + f"{left + width / 2 - 20:.2f} {y:.2f} Td ".encode()
            + _literal(f"Page {page_number}")
            + b" Tj ET"
            + b" BT "
            + FONT_NAME.encode()
            + b" %d Tf " % (STAMP_SIZE + 1)
            + f"{left + width - 36 - 6.2 * len(bates):.2f} {y:.2f} Td ".encode()
            + _literal(bates)
            + b" Tj ET Q\n"
        )
        if not scale_content:
            contents.insert(0, self._stream(b"q\n"))
            contents.append(self._stream(b"\nQ\n"))
        contents.append(self._stream(text))
        page[NameObject("/Contents")] = ArrayObject(contents)
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject):
            resources = DictionaryObject()
            page[NameObject("/Resources")] = resources
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else None
        if not isinstance(fonts, DictionaryObject):
            fonts = DictionaryObject()
            resources[NameObject("/Font")] = fonts
        fonts[NameObject(FONT_NAME)] = self.font
