"""E-mail (RFC 822 / MIME, and Apple Mail ``.emlx``) into one message, one cited page and its attachments.

Mail from the wild is often broken (missing boundaries, bad charsets, illegal headers). The stdlib parser
never raises on such input; it records *defects*, which become warnings here, so a damaged message still
yields whatever text it holds. Headers are read with ``policy.default`` (decoded, typed addresses and
dates) and, when that header parser chokes, re-read through the legacy ``compat32`` decoding.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.message import Message as MimePart
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import ClassVar

from aseagi.ingestion.parsers.base import Member, Message, Page, ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.email_parts import BodyCollector
from aseagi.ingestion.parsers.messages_text import tidy_text

_EMLX_LENGTH_LINE = re.compile(rb"\A[ \t]*(\d+)[ \t]*\r?\n")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
NO_HEADERS_WARNING = "no e-mail headers found: the file is read as plain text"


def _clean(value: str) -> str:
    """One line of header text; raw 8-bit bytes (kept as surrogates by the parser) read as UTF-8."""
    if any("\udc80" <= char <= "\udcff" for char in value):
        value = value.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
    return " ".join(value.split())


def read_emlx(raw: bytes) -> bytes:
    """The RFC 822 part of an Apple Mail ``.emlx``: a byte count line, the message, then a plist trailer."""
    match = _EMLX_LENGTH_LINE.match(raw)
    if not match:
        return raw
    start = match.end()
    return raw[start : start + int(match.group(1))]


class _Headers:
    """Header access that survives malformed headers: ``policy.default`` first, ``compat32`` decoding next."""

    def __init__(self, message: EmailMessage, raw: bytes) -> None:
        self._message = message
        self._legacy: MimePart | None = None
        self._raw = raw
        self.failures: list[str] = []

    def _legacy_message(self) -> MimePart:
        if self._legacy is None:
            self._legacy = BytesParser(policy=policy.compat32).parsebytes(self._raw, headersonly=True)
        return self._legacy

    def _legacy_values(self, name: str) -> list[str]:
        values = []
        for value in self._legacy_message().get_all(name) or []:
            try:
                values.append(str(make_header(decode_header(str(value)))))
            except Exception:
                values.append(str(value))
        return values

    def text(self, name: str) -> str | None:
        try:
            value = self._message.get(name)
            return None if value is None else _clean(str(value))
        except Exception as exc:
            self.failures.append(f"header {name} unreadable ({type(exc).__name__}); decoded leniently")
            values = self._legacy_values(name)
            return _clean(values[0]) if values else None

    def addresses(self, name: str) -> list[str]:
        try:
            found: list[str] = []
            for header in self._message.get_all(name) or []:
                addresses = getattr(header, "addresses", ())
                found.extend(_clean(str(address)) for address in addresses if str(address))
            if found or not self._message.get_all(name):
                return found
        except Exception as exc:
            self.failures.append(f"header {name} unreadable ({type(exc).__name__}); decoded leniently")
        pairs = getaddresses(self._legacy_values(name))
        return [
            _clean(f"{real} <{addr}>" if real and addr else (addr or real))
            for real, addr in pairs
            if addr or real
        ]

    def date(self) -> datetime | None:
        raw = self.text("Date")
        if not raw:
            return None
        try:
            moment = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if moment.tzinfo is None:  # "-0000": the time is UTC, the sender's zone unknown (RFC 5322 3.3)
            moment = moment.replace(tzinfo=UTC)
        return moment


def _thread_key(headers: _Headers) -> str | None:
    for name in ("References", "In-Reply-To", "Message-ID"):
        value = headers.text(name)
        if value:
            found = _MESSAGE_ID.findall(value)
            return found[0] if found else value.split()[0]
    return None


def _defect_warnings(message: MimePart) -> list[str]:
    found: list[str] = []
    for index, part in enumerate(message.walk()):
        for defect in getattr(part, "defects", ()):
            where = "message" if index == 0 else f"part {index}"
            note = f"e-mail defect in {where}: {type(defect).__name__}"
            if note not in found:
                found.append(note)
    return found


def _header_block(fields: list[tuple[str, str | None]]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in fields if value)


class EmailParser:
    """``message/rfc822`` files (``.eml``, ``.emlx``, saved ``.txt`` mail) into one e-mail message."""

    mime_types: ClassVar[tuple[str, ...]] = ("message/rfc822",)

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ParseError(f"cannot read the e-mail file: {exc.strerror}") from exc
        return self.parse_bytes(read_emlx(raw.removeprefix(b"\xef\xbb\xbf")), context)

    def parse_bytes(self, raw: bytes, context: ParseContext) -> ParsedDocument:
        """Parse an RFC 822 message already in memory (used by the Outlook parser for non-OLE ``.msg``)."""
        if not raw.strip():
            raise ParseError("the e-mail file is empty")
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        headers = _Headers(message, raw)
        warnings = _defect_warnings(message)

        collector = BodyCollector(context)
        collector.visit(message)
        warnings.extend(collector.warnings)

        sender = headers.addresses("From") or headers.addresses("Sender")
        recipients = tuple(headers.addresses("To") + headers.addresses("Cc"))
        subject = headers.text("Subject")
        sent_at = headers.date()
        date_text = headers.text("Date")
        if date_text and sent_at is None:
            warnings.append(f"unreadable Date header {date_text!r}: the message has no date")
        if not any(headers.text(name) for name in ("From", "To", "Date", "Subject", "Message-ID")):
            warnings.append(NO_HEADERS_WARNING)

        body = tidy_text("\n\n".join(collector.bodies))
        page_text = _page_text(headers, date_text, body, collector.members)
        metadata = {
            key: value
            for key, value in (
                ("message_id", headers.text("Message-ID")),
                ("in_reply_to", headers.text("In-Reply-To")),
                ("from", sender[0] if sender else None),
                ("attachments", str(len(collector.members))),
            )
            if value
        }
        warnings.extend(headers.failures)
        return ParsedDocument(
            mime_type="message/rfc822",
            pages=(Page(number=1, text=page_text),),
            title=subject,
            document_date=sent_at.date() if sent_at else None,
            metadata=metadata,
            messages=(
                Message(
                    channel="email",
                    sender=sender[0] if sender else None,
                    recipients=recipients,
                    sent_at=sent_at,
                    subject=subject,
                    content=body,
                    thread=_thread_key(headers),
                ),
            ),
            members=tuple(collector.members),
            warnings=tuple(dict.fromkeys(warnings)),
        )


def _page_text(headers: _Headers, date_text: str | None, body: str, members: list[Member]) -> str:
    block = _header_block(
        [
            ("From", ", ".join(headers.addresses("From")) or headers.text("From")),
            ("To", ", ".join(headers.addresses("To")) or None),
            ("Cc", ", ".join(headers.addresses("Cc")) or None),
            ("Date", date_text),
            ("Subject", headers.text("Subject")),
        ]
    )
    parts = [block, body]
    if members:
        parts.append("Attachments: " + "; ".join(member.name for member in members))
    return "\n\n".join(part for part in parts if part)
