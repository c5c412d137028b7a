"""Outlook's ``winmail.dat`` (TNEF): the message body as one page, every attachment as a member.

Outlook wraps a message's attachments and rich body in TNEF when it mails someone outside Exchange, so a
court notice may arrive as nothing but ``winmail.dat``. tnefparse decodes the container; the body is the
plain text when there is one, else the HTML, else the (decompressed) RTF. The document carries no
``Message``: the e-mail that brought the file records the message itself, and a saved ``winmail.dat``
says nothing about who received it. Part checksums are not checked: Outlook itself writes wrong ones for
its MAPI property blocks, so a mismatch says nothing about damage.
"""

from __future__ import annotations

import logging
import struct
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from tnefparse.tnef import TNEF

from aseagi.ingestion.parsers.base import (
    LimitExceeded,
    Member,
    Page,
    ParseContext,
    ParsedDocument,
    ParseError,
)
from aseagi.ingestion.parsers.member_files import MemberWriter
from aseagi.ingestion.parsers.messages_text import html_to_text, tidy_text
from aseagi.ingestion.parsers.rtf import rtf_text

logging.getLogger("tnefparse").setLevel(logging.ERROR)
MIME_TYPE = "application/vnd.ms-tnef"
COPY_BUDGET_BYTES = 32 * 1024**3
"""Parts x file size above which a winmail.dat is refused (about 8 s of copying; a real one needs < 2 GB)."""
_HEADER_BYTES = 6
_PART_OVERHEAD = 11
"""Level (1), id (2), type (2), length (4) before a part's data, and its checksum (2) after."""


class TnefParser:
    """``application/vnd.ms-tnef`` (``winmail.dat``, ``application/ms-tnef`` attachments)."""

    mime_types: ClassVar[tuple[str, ...]] = (MIME_TYPE, "application/ms-tnef")

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ParseError(f"cannot read the winmail.dat file: {exc.strerror}") from exc
        _check_part_count(data)
        try:
            tnef = TNEF(data, do_checksum=False)
        except Exception as exc:  # a damaged container raises anything from struct.error to KeyError
            raise ParseError(f"the winmail.dat (TNEF) file is damaged ({type(exc).__name__})") from exc
        warnings: list[str] = []
        members = _attachments(tnef, context, warnings)
        subject = _property(tnef, TNEF.ATTSUBJECT, str)
        sent = _property(tnef, TNEF.ATTDATESENT, datetime)
        body = _body(tnef, warnings)
        header = "\n".join(
            f"{label}: {value}"
            for label, value in (("Subject", subject), ("Date", sent and sent.strftime("%Y-%m-%d %H:%M")))
            if value
        )
        parts = [header, body]
        if members:
            parts.append("Attachments: " + "; ".join(member.name for member in members))
        return ParsedDocument(
            mime_type=MIME_TYPE,
            pages=(Page(number=1, text="\n\n".join(part for part in parts if part)),),
            title=subject or None,
            document_date=sent.date() if sent else None,
            metadata={"attachments": str(len(members))},
            members=tuple(members),
            warnings=tuple(warnings),
        )


def _check_part_count(data: bytes) -> None:
    """tnefparse copies the rest of the file for every part it reads, so parts x size bounds its work.

    Outlook writes a few parts per attachment; a small file of many thousand tiny parts would hold the
    parser for minutes, so it is refused after walking the part headers (no part is read).
    """
    offset, parts = _HEADER_BYTES, 0
    while offset + _PART_OVERHEAD <= len(data):
        (length,) = struct.unpack_from("<I", data, offset + 5)
        offset += _PART_OVERHEAD + length
        parts += 1
        if parts * len(data) > COPY_BUDGET_BYTES:
            raise LimitExceeded(
                f"the winmail.dat has more than {parts} parts in {len(data)} bytes, too many to read safely"
            )


def _property(tnef: TNEF, name: int, kind: type[Any]) -> Any:
    return next(
        (part.data for part in tnef.msgprops if part.name == name and isinstance(part.data, kind)), None
    )


def _body(tnef: TNEF, warnings: list[str]) -> str:
    """Plain text, else HTML, else RTF: the first that holds any text."""
    try:
        plain = _text(tnef.body)
        if plain.strip():
            return tidy_text(plain)
        html = _text(tnef.htmlbody)
        if html.strip():
            return html_to_text(html)
        rtf = tnef.rtfbody
        return tidy_text(rtf_text(rtf)) if isinstance(rtf, bytes) and rtf.strip() else ""
    except Exception as exc:  # the body is lost, the attachments are not
        warnings.append(f"the message body is unreadable ({type(exc).__name__})")
        return ""


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.rstrip(b"\x00").decode("cp1252", errors="replace")
    return value.rstrip("\x00") if isinstance(value, str) else ""


def _attachments(tnef: TNEF, context: ParseContext, warnings: list[str]) -> list[Member]:
    writer = MemberWriter(context.workdir, prefix="attachment")
    limit = context.limits.max_archive_members
    members: list[Member] = []
    for number, attachment in enumerate(tnef.attachments, start=1):
        data = attachment.data.encode("utf-8") if isinstance(attachment.data, str) else attachment.data
        if not isinstance(data, bytes) or not data:
            continue
        if len(members) >= limit:
            warnings.append(f"more than {limit} attachments; the rest were skipped")
            break
        try:
            name = " ".join(str(attachment.long_filename() or attachment.name).split())
        except Exception:  # an undecodable name: the attachment is still kept
            name = ""
        members.append(writer.write_bytes(name or f"attachment-{number}", data))
    return members
