"""S/MIME ``.p7m`` files: the signed content is read; encrypted content fails as ``encrypted``.

The signed content is either a MIME entity (a message, or a message body with its own ``Content-Type``),
read by the e-mail parser, or any other file (``order.pdf.p7m``), kept as a member that becomes its own
document.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import ClassVar

from aseagi.ingestion.parsers.base import Member, Page, ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.cms import is_mime_entity, signed_content
from aseagi.ingestion.parsers.email import NO_HEADERS_WARNING, EmailParser
from aseagi.ingestion.parsers.member_files import MemberWriter

MIME_TYPE = "application/pkcs7-mime"
_P7_SUFFIX = re.compile(r"\.p7[mcs]$", re.IGNORECASE)


class SmimeParser:
    """``application/pkcs7-mime`` (``.p7m``): CMS signed-data in DER, BER, PEM or base64."""

    mime_types: ClassVar[tuple[str, ...]] = (MIME_TYPE, "application/x-pkcs7-mime")

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ParseError(f"cannot read the .p7m file: {exc.strerror}") from exc
        content = signed_content(data)
        if is_mime_entity(content):
            return _mime_entity(content, context)
        return _signed_file(path.name, content, context)


def _mime_entity(content: bytes, context: ParseContext) -> ParsedDocument:
    parsed = EmailParser().parse_bytes(content, context)
    whole_message = NO_HEADERS_WARNING not in parsed.warnings
    return dataclasses.replace(
        parsed,
        mime_type=MIME_TYPE,
        messages=parsed.messages if whole_message else (),
        metadata={**parsed.metadata, "signed": "S/MIME"},
        warnings=tuple(warning for warning in parsed.warnings if warning != NO_HEADERS_WARNING),
    )


def _signed_file(name: str, content: bytes, context: ParseContext) -> ParsedDocument:
    inner_name = _P7_SUFFIX.sub("", name) if _P7_SUFFIX.search(name) else "signed-content"
    member: Member = MemberWriter(context.workdir, prefix="signed").write_bytes(inner_name, content)
    text = f"S/MIME signed file: {inner_name} ({len(content)} bytes)"
    return ParsedDocument(
        mime_type=MIME_TYPE,
        pages=(Page(number=1, text=text),),
        metadata={"signed": "S/MIME"},
        members=(member,),
    )
