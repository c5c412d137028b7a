"""Outlook ``.msg`` (OLE compound file) into one e-mail message, a cited page and its attachments.

extract-msg reads the MAPI properties. Outlook stores the body as plain text, HTML or compressed RTF
(sometimes RTF that encapsulates HTML); the first that yields text wins. Embedded messages are saved as
standalone ``.msg`` members, so each is ingested as its own document. Files named ``.msg`` that are really
RFC 822 text (some tools save them so) are handed to the e-mail parser.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import getaddresses
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import extract_msg
from striprtf.striprtf import rtf_to_text

from aseagi.ingestion.parsers.base import Member, Message, Page, ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.email import EmailParser
from aseagi.ingestion.parsers.email_parts import SMALL_INLINE_IMAGE_BYTES
from aseagi.ingestion.parsers.member_files import MemberWriter, safe_suffix
from aseagi.ingestion.parsers.messages_text import html_to_text, tidy_text

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_T = TypeVar("_T")
logging.getLogger("extract_msg").setLevel(logging.ERROR)


def _bytes_text(value: object) -> str:
    if isinstance(value, bytes):
        for encoding in ("utf-8", "cp1252"):
            try:
                return value.decode(encoding)
            except UnicodeDecodeError:
                continue
        return value.decode("latin-1")
    return value if isinstance(value, str) else ""


class _Reader:
    """Reads properties one at a time: a damaged property becomes a warning, not a lost message."""

    def __init__(self, message: Any, context: ParseContext) -> None:
        self.message = message
        self.warnings: list[str] = []
        self.members: list[Member] = []
        self._writer = MemberWriter(context.workdir, prefix="attachment")
        self._max_members = context.limits.max_archive_members

    def get(self, name: str, convert: Callable[[Any], _T]) -> _T | None:
        try:
            value = getattr(self.message, name, None)
            return None if value is None else convert(value)
        except Exception as exc:
            self.warnings.append(f"Outlook property {name} unreadable ({type(exc).__name__})")
            return None

    def body(self) -> str:
        plain = self.get("body", _bytes_text)
        if plain and plain.strip():
            return tidy_text(plain)
        html = self.get("htmlBody", _bytes_text)
        if html and html.strip():
            return html_to_text(html)
        return self._rtf_body()

    def _rtf_body(self) -> str:
        rtf = self.get("rtfBody", _bytes_text)
        if not rtf:
            return ""
        deencapsulated = self.get("deencapsulatedRtf", lambda value: value)
        if deencapsulated is not None:
            kind = getattr(deencapsulated, "content_type", None)
            if kind == "html" and getattr(deencapsulated, "html", None):
                return html_to_text(_bytes_text(deencapsulated.html))
            if kind == "text" and getattr(deencapsulated, "text", None):
                return tidy_text(_bytes_text(deencapsulated.text))
        try:
            return tidy_text(rtf_to_text(rtf, errors="ignore"))
        except Exception as exc:
            self.warnings.append(f"RTF body unreadable ({type(exc).__name__})")
            return ""

    def attachments(self) -> None:
        for attachment in self.get("attachments", list) or []:
            try:
                self._attachment(attachment)
            except Exception as exc:
                self.warnings.append(f"attachment unreadable ({type(exc).__name__}); skipped")

    def _attachment(self, attachment: Any) -> None:
        name = next(
            (
                str(n)
                for n in (
                    getattr(attachment, attr, None)
                    for attr in ("longFilename", "shortFilename", "displayName", "name")
                )
                if n
            ),
            "attachment",
        )
        data = attachment.data
        if hasattr(data, "exportBytes"):  # an embedded message: save it as a standalone .msg
            payload, suffix = data.exportBytes(), ".msg"
            if not name.lower().endswith(".msg"):
                name = f"{name}.msg"
        elif isinstance(data, bytes):
            payload, suffix = data, safe_suffix(name, getattr(attachment, "mimetype", None))
        else:
            self.warnings.append(f"attachment {name!r} has no content (linked or web attachment); skipped")
            return
        mimetype = str(getattr(attachment, "mimetype", "") or "")
        if getattr(attachment, "contentId", None) and mimetype.startswith("image/"):
            if len(payload) < SMALL_INLINE_IMAGE_BYTES:
                return
        if len(self.members) >= self._max_members:
            self.warnings.append(f"more than {self._max_members} attachments; the rest were skipped")
            return
        self.members.append(self._writer.write_bytes(name, payload, suffix=suffix))


def _recipients(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    found = []
    for real, address in getaddresses([value.replace(";", ",")]):
        real = " ".join(real.split())
        if real and address and real != address:
            found.append(f"{real} <{address}>")
        elif address or real:
            found.append(address or real)
    return tuple(found)


def _aware(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)  # MAPI times are UTC


class OutlookMsgParser:
    """``application/vnd.ms-outlook``: Outlook messages (and other Outlook items, read as far as they go)."""

    mime_types: ClassVar[tuple[str, ...]] = ("application/vnd.ms-outlook",)

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        try:
            with path.open("rb") as handle:
                magic = handle.read(len(_OLE_MAGIC))
        except OSError as exc:
            raise ParseError(f"cannot read the Outlook file: {exc.strerror}") from exc
        if magic != _OLE_MAGIC:
            return _as_rfc822(path, context)
        try:
            message = extract_msg.openMsg(str(path), strict=False)
        except Exception as exc:
            raise ParseError(f"the Outlook .msg file is damaged ({type(exc).__name__}: {exc})") from exc
        try:
            return _document(_Reader(message, context))
        finally:
            message.close()


def _as_rfc822(path: Path, context: ParseContext) -> ParsedDocument:
    raw = path.read_bytes()
    head = raw[:4096].decode("latin-1")
    if ":" not in head.split("\n", 1)[0]:
        raise ParseError("not an Outlook .msg file (no OLE signature) and not an e-mail either")
    parsed = EmailParser().parse_bytes(raw, context)
    note = "not an Outlook .msg file: read as an RFC 822 e-mail"
    return dataclasses.replace(parsed, warnings=(note, *parsed.warnings))


def _document(reader: _Reader) -> ParsedDocument:
    sender = reader.get("sender", str)
    to = _recipients(reader.get("to", str))
    cc = _recipients(reader.get("cc", str))
    subject = reader.get("subject", str)
    sent_at = reader.get("date", _aware)
    body = reader.body()
    reader.attachments()
    fields = [
        ("From", sender),
        ("To", ", ".join(to)),
        ("Cc", ", ".join(cc)),
        ("Date", sent_at.isoformat(sep=" ") if sent_at else None),
        ("Subject", subject),
    ]
    parts = ["\n".join(f"{label}: {value}" for label, value in fields if value), body]
    if reader.members:
        parts.append("Attachments: " + "; ".join(member.name for member in reader.members))
    message_id = reader.get("messageId", str)
    thread = reader.get("inReplyTo", str) or message_id
    return ParsedDocument(
        mime_type="application/vnd.ms-outlook",
        pages=(Page(number=1, text="\n\n".join(part for part in parts if part)),),
        title=subject,
        document_date=sent_at.date() if sent_at else None,
        metadata={
            key: value
            for key, value in (("message_id", message_id), ("attachments", str(len(reader.members))))
            if value
        },
        messages=(
            Message(
                channel="email",
                sender=sender,
                recipients=to + cc,
                sent_at=sent_at,
                subject=subject,
                content=body,
                thread=thread,
            ),
        ),
        members=tuple(reader.members),
        warnings=tuple(dict.fromkeys(reader.warnings)),
    )
