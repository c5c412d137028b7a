"""Outlook ``.msg`` (OLE compound file) into one e-mail message, a cited page and its attachments.

olefile reads the compound file and ``mapi`` its MAPI properties (extract-msg, which did this before, is
GPL). The transport headers, when the message came from the Internet, give From, To, Cc and Message-ID as
they were sent; the properties fill in what they lack. Outlook stores the body as plain text, HTML or
compressed RTF; the first that yields text wins. Embedded messages are saved as standalone ``.msg``
members, so each is ingested as its own document. Files named ``.msg`` that are really RFC 822 text (some
tools save them so) are handed to the e-mail parser.
"""

from __future__ import annotations

import dataclasses
import mimetypes
from collections.abc import Callable
from datetime import datetime
from email import policy
from email.header import decode_header, make_header
from email.message import Message as MimePart
from email.parser import HeaderParser
from email.utils import getaddresses
from pathlib import Path
from typing import ClassVar, TypeVar

import compressed_rtf
import olefile

from aseagi.ingestion.parsers.base import Member, Message, Page, ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.email import EmailParser
from aseagi.ingestion.parsers.email_parts import SMALL_INLINE_IMAGE_BYTES
from aseagi.ingestion.parsers.mapi import (
    ATTACHMENT_PREFIX,
    EMBEDDED_MESSAGE,
    RECIPIENT_PREFIX,
    TOP_LEVEL_HEADER,
    MapiObject,
    codec_of,
)
from aseagi.ingestion.parsers.member_files import MemberWriter, safe_suffix
from aseagi.ingestion.parsers.messages_text import html_to_text, tidy_text
from aseagi.ingestion.parsers.msg_export import embedded_message_file
from aseagi.ingestion.parsers.rtf import rtf_text

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_PREFIX = "Microsoft Mail Internet Headers Version 2.0"
_MSGFLAG_UNSENT = 0x8
_RECIPIENT_TYPES = {1: "To", 2: "Cc"}
_ATTACH_BY_VALUE, _ATTACH_EMBEDDED = 1, 5
_T = TypeVar("_T")


def _bytes_text(value: bytes, codec: str | None = None) -> str:
    for encoding in (codec, "utf-8", "cp1252"):
        if encoding:
            try:
                return value.decode(encoding)
            except UnicodeDecodeError:
                continue
    return value.decode("latin-1")


def _decoded(value: str | None) -> str | None:
    """A header value with RFC 2047 words decoded and its folding undone."""
    if value is None:
        return None
    try:
        value = str(make_header(decode_header(value)))
    except Exception:
        value = str(value)
    return " ".join(value.split()) or None


class _Reader:
    """Reads properties one at a time: a damaged property becomes a warning, not a lost message."""

    def __init__(self, message: MapiObject, context: ParseContext) -> None:
        self.message = message
        self.warnings: list[str] = []
        self.members: list[Member] = []
        self._writer = MemberWriter(context.workdir, prefix="attachment")
        self._context = context
        self._budget = context.limits.max_expanded_bytes
        self.headers = self.get("transport headers", self._headers) or MimePart()

    def get(self, what: str, read: Callable[[], _T | None]) -> _T | None:
        try:
            return read()
        except Exception as exc:
            self.warnings.append(f"Outlook property {what} unreadable ({type(exc).__name__})")
            return None

    def _headers(self) -> MimePart | None:
        text = self.message.string(0x007D)
        if not text or not text.strip():
            return None
        if text.startswith(_HEADER_PREFIX):
            text = text[len(_HEADER_PREFIX) :].lstrip()
        return HeaderParser(policy=policy.compat32).parsestr(text)

    def header(self, name: str) -> str | None:
        return self.get(f"header {name}", lambda: _decoded(self.headers.get(name)))

    def sender(self) -> str | None:
        name = self.get("sender name", lambda: self.message.string(0x0C1A))
        address = self.get("sender address", self._sender_address)
        if name and address and name != address:
            return f"{name} <{address}>"
        return name or address

    def _sender_address(self) -> str | None:
        smtp = self.message.string(0x5D01)
        if smtp:
            return smtp
        address = self.message.string(0x0C1F)  # an Exchange sender has an X.500 path here, not an address
        return address if address and "@" in address and not address.startswith("/") else None

    def recipients(self, header: str) -> tuple[str, ...]:
        value = self.header(header)
        if not value:
            value = "; ".join(self.get("recipients", lambda: self._recipient_table(header)) or ())
        if not value:
            display = 0x0E04 if header == "To" else 0x0E03
            value = self.get(f"display {header}", lambda: self.message.string(display))
        return _recipients(value)

    def _recipient_table(self, header: str) -> list[str]:
        found = []
        for recipient in self.message.children(RECIPIENT_PREFIX):
            if _RECIPIENT_TYPES.get((recipient.integer(0x0C15) or 0) & 0xF) != header:
                continue
            name = recipient.string(0x3001)
            address = recipient.string(0x39FE) or recipient.string(0x3003)
            if address and "@" not in address:
                address = None
            found.append(
                f"{name} <{address}>" if name and address and name != address else name or address or ""
            )
        return [entry for entry in found if entry]

    def sent_at(self) -> datetime | None:
        if (self.message.integer(0x0E07) or 0) & _MSGFLAG_UNSENT:
            return None  # a draft: its times say when it was saved, not sent
        return self.message.time(0x0039) or self.message.time(0x0E06)

    def body(self) -> str:
        plain = self.get("body", lambda: self.message.string(0x1000))
        if plain and plain.strip():
            return tidy_text(plain)
        html = self.get("HTML body", self._html)
        if html and html.strip():
            return html_to_text(html)
        return self._rtf_body()

    def _html(self) -> str | None:
        data = self.message.binary(0x1013)
        if data is None:
            return self.message.string(0x1013)
        return _bytes_text(data, codec_of(self.message.integer(0x3FDE)))

    def _rtf_body(self) -> str:
        compressed = self.get("RTF body", lambda: self.message.binary(0x1009))
        if not compressed:
            return ""
        try:
            return tidy_text(rtf_text(compressed_rtf.decompress(compressed)))
        except Exception as exc:
            self.warnings.append(f"RTF body unreadable ({type(exc).__name__})")
            return ""

    def attachments(self) -> None:
        for attachment in self.get("attachments", lambda: self.message.children(ATTACHMENT_PREFIX)) or []:
            name = "attachment"
            try:
                name = next(
                    (n for n in map(attachment.string, (0x3707, 0x3704, 0x3001)) if n and n.strip()), name
                )
                self._attachment(attachment, name)
            except Exception as exc:
                self.warnings.append(f"attachment {name!r} unreadable ({type(exc).__name__}: {exc}); skipped")

    def _attachment(self, attachment: MapiObject, name: str) -> None:
        mimetype = attachment.string(0x370E) or mimetypes.guess_type(name)[0] or ""
        if attachment.is_storage(EMBEDDED_MESSAGE):
            payload = self._embedded(attachment, name)
            if payload is None:
                return
            suffix = ".msg"
            if not name.lower().endswith(".msg"):
                name = f"{name}.msg"
        else:
            data = attachment.binary(0x3701)
            if data is None:
                self.warnings.append(
                    f"attachment {name!r} has no content (linked or web attachment); skipped"
                )
                return
            payload, suffix = data, safe_suffix(name, mimetype)
        if attachment.string(0x3712) and mimetype.startswith("image/"):
            if len(payload) < SMALL_INLINE_IMAGE_BYTES:
                return
        if len(self.members) >= self._context.limits.max_archive_members:
            self.warnings.append(
                f"more than {self._context.limits.max_archive_members} attachments; the rest were skipped"
            )
            return
        if len(payload) > self._budget:
            limit = self._context.limits.max_expanded_bytes
            self.warnings.append(f"attachment {name!r} skipped: the attachments exceed {limit} bytes")
            return
        self._budget -= len(payload)
        self.members.append(self._writer.write_bytes(name, payload, suffix=suffix))

    def _embedded(self, attachment: MapiObject, name: str) -> bytes | None:
        method = attachment.integer(0x3705)
        if method not in (None, _ATTACH_EMBEDDED, _ATTACH_BY_VALUE):
            self.warnings.append(f"attachment {name!r} is an embedded OLE object, not a message; skipped")
            return None
        limits = self._context.limits
        if self._context.depth >= limits.max_archive_depth:
            self.warnings.append(
                f"embedded message {name!r} not extracted: nested {self._context.depth} levels deep, "
                f"the limit is {limits.max_archive_depth}"
            )
            return None
        return embedded_message_file(self.message.ole, (*attachment.path, EMBEDDED_MESSAGE), self._budget)


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
            ole = olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT)
        except Exception as exc:
            raise ParseError(f"the Outlook .msg file is damaged ({type(exc).__name__}: {exc})") from exc
        with ole:
            try:
                message = MapiObject(ole, (), TOP_LEVEL_HEADER, context.limits.max_expanded_bytes)
            except Exception as exc:
                raise ParseError(f"the Outlook .msg file is damaged ({type(exc).__name__}: {exc})") from exc
            return _document(_Reader(message, context))


def _as_rfc822(path: Path, context: ParseContext) -> ParsedDocument:
    raw = path.read_bytes()
    head = raw[:4096].decode("latin-1")
    if ":" not in head.split("\n", 1)[0]:
        raise ParseError("not an Outlook .msg file (no OLE signature) and not an e-mail either")
    parsed = EmailParser().parse_bytes(raw, context)
    note = "not an Outlook .msg file: read as an RFC 822 e-mail"
    return dataclasses.replace(parsed, warnings=(note, *parsed.warnings))


def _document(reader: _Reader) -> ParsedDocument:
    message = reader.message
    sender = reader.header("From") or reader.sender()
    to = reader.recipients("To")
    cc = reader.recipients("Cc")
    subject = reader.get("subject", lambda: message.string(0x0037))
    sent_at = reader.get("date", reader.sent_at)
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
    message_id = reader.header("Message-ID") or reader.get(
        "message id", lambda: _decoded(message.string(0x1035))
    )
    thread = reader.get("in reply to", lambda: _decoded(message.string(0x1042))) or message_id
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
