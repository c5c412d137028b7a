"""Android "SMS Backup & Restore" XML (texts, MMS, call logs) into messages and a cited transcript.

Backups come from outside and can be huge (MMS photos inline as base64), so the XML is streamed with
defusedxml (no entity expansion, no external resources) and every record is cleared once read. Phones and
sync tools often leave the file cut short; everything read before the break is kept, with a warning.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, Literal
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XmlSyntaxError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from aseagi.ingestion.parsers.base import Member, Message, ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.member_files import MemberWriter, safe_suffix
from aseagi.ingestion.parsers.messages_text import transcript_pages

OWNER = "me"
"""How the phone's owner appears as sender or recipient: the backup does not name its own number."""

_ROOTS = {"smses", "calls"}
_OUTGOING_SMS_TYPES = {"2", "4", "5", "6"}  # sent, outbox, failed, queued (3 is a draft: never sent)
_MMS_FROM, _MMS_TO_TYPES = "137", {"151", "130", "129"}  # PduHeaders FROM; TO, CC, BCC
_CALL_TYPES = {
    "1": "incoming",
    "2": "outgoing",
    "3": "missed",
    "4": "voicemail",
    "5": "rejected",
    "6": "refused",
    "7": "answered externally",
}
_NULLS = {"", "null", "(unknown)"}


def _value(element: Element, name: str) -> str | None:
    raw = element.get(name)
    return None if raw is None or raw.strip().lower() in _NULLS else raw


def epoch_to_datetime(raw: str | None) -> datetime | None:
    """Backup timestamps are milliseconds since 1970 in UTC; a few tools write seconds."""
    if raw is None:
        return None
    try:
        number = int(raw.strip())
    except ValueError:
        return None
    if number <= 0:
        return None
    seconds = number / 1000 if number >= 100_000_000_000 else number
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def party(address: str | None, contact_name: str | None) -> str:
    """``Mother (+15550100)``, or whichever of the two the backup has."""
    if contact_name and address and contact_name != address:
        return f"{contact_name} ({address})"
    return contact_name or address or "(unknown)"


class _BackupReader:
    """Turns records into messages and writes MMS attachments; collects warnings instead of failing."""

    def __init__(self, context: ParseContext) -> None:
        self.messages: list[Message] = []
        self.members: list[Member] = []
        self.warnings: list[str] = []
        self.skipped = 0
        self._writer = MemberWriter(context.workdir, prefix="mms-part")
        self._max_members = context.limits.max_archive_members

    def read(self, element: Element) -> None:
        if not element.attrib:
            self.skipped += 1
            return
        if element.tag == "sms":
            self.messages.append(self._sms(element))
        elif element.tag == "mms":
            self.messages.append(self._mms(element))
        elif element.tag == "call":
            self.messages.append(self._call(element))

    def _sms(self, element: Element) -> Message:
        address = _value(element, "address")
        who = party(address, _value(element, "contact_name"))
        sms_type = element.get("type", "1")
        outgoing = sms_type in _OUTGOING_SMS_TYPES or sms_type == "3"
        direction: Literal["incoming", "outgoing"] | None = (
            None if sms_type == "3" else ("outgoing" if outgoing else "incoming")
        )
        return Message(
            channel="sms",
            sender=OWNER if outgoing else who,
            recipients=(who,) if outgoing else (OWNER,),
            sent_at=self._date(element),
            subject=_value(element, "subject"),
            content=element.get("body") or "",
            thread=address,
            direction=direction,
        )

    def _mms(self, element: Element) -> Message:
        address = _value(element, "address")
        contact = _value(element, "contact_name")
        outgoing = element.get("msg_box", "1") != "1"
        senders: list[str] = []
        receivers: list[str] = []
        for addr in element.iter("addr"):
            number = _value(addr, "address")
            if number and number != "insert-address-token":
                (senders if addr.get("type") == _MMS_FROM else receivers).append(number)
        group = bool(address and "~" in address)
        single_contact = None if group else contact
        texts = []
        for part in element.iter("part"):
            text = self._mms_part(part)
            if text:
                texts.append(text)
        if outgoing:
            sender = OWNER
            numbers = receivers or (address or "").split("~")
            recipients = tuple(party(n, single_contact) for n in numbers if n)
        else:
            number = senders[0] if senders else address
            sender = party(number, single_contact if number == address else None)
            others = tuple(n for n in receivers if n not in senders) if group else ()
            recipients = others or (OWNER,)
        return Message(
            channel="mms",
            sender=sender,
            recipients=recipients,
            sent_at=self._date(element),
            subject=_value(element, "sub"),
            content="\n".join(texts),
            thread=address,
            direction="outgoing" if outgoing else "incoming",
        )

    def _mms_part(self, part: Element) -> str | None:
        content_type = (part.get("ct") or "").lower()
        if content_type == "application/smil":
            return None
        if content_type.startswith("text/") and _value(part, "text"):
            return part.get("text")
        data = part.get("data")
        if not data:
            return None
        name = next((v for k in ("fn", "name", "cl") if (v := _value(part, k))), None) or "mms-part"
        try:
            payload = base64.b64decode("".join(data.split()), validate=True)
        except (binascii.Error, ValueError):
            self.warnings.append(f"MMS attachment {name!r}: corrupt base64 data; skipped")
            return f"[attachment {name}: unreadable]"
        if len(self.members) >= self._max_members:
            self.warnings.append(f"more than {self._max_members} MMS attachments; the rest were skipped")
            return f"[attachment {name}: not extracted]"
        self.members.append(self._writer.write_bytes(name, payload, suffix=safe_suffix(name, content_type)))
        return f"[attachment {name}]"

    def _call(self, element: Element) -> Message:
        number = _value(element, "number")
        who = party(number, _value(element, "contact_name"))
        call_type = _CALL_TYPES.get(element.get("type", ""), "unknown")
        outgoing = call_type == "outgoing"
        try:
            duration: int | None = int(element.get("duration", ""))
        except ValueError:
            duration = None
        return Message(
            channel="call",
            sender=OWNER if outgoing else who,
            recipients=(who,) if outgoing else (OWNER,),
            sent_at=self._date(element),
            subject=None,
            content="",
            thread=number,
            direction="outgoing" if outgoing else "incoming",
            duration_seconds=duration,
            call_type=call_type,
        )

    def _date(self, element: Element) -> datetime | None:
        moment = epoch_to_datetime(element.get("date"))
        if moment is None:
            self.warnings.append(f"{element.tag} record with unreadable date {element.get('date')!r}")
        return moment


def _records(path: Path) -> Iterator[tuple[str, Element | None]]:
    """Yields ``("root", root)`` once, then ``("record", element)``; each record is freed after use."""
    root: Element | None = None
    depth = 0
    for event, element in iterparse(str(path), events=("start", "end"), forbid_dtd=True):
        if event == "start":
            depth += 1
            if depth == 1:
                root = element
                yield "root", element
            continue
        depth -= 1
        if depth == 1 and root is not None:
            yield "record", element
            root.clear()


class SmsBackupParser:
    """``application/x-sms-backup+xml`` (SMS Backup & Restore ``sms-*.xml`` and ``calls-*.xml``)."""

    mime_types: ClassVar[tuple[str, ...]] = ("application/x-sms-backup+xml",)

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        reader = _BackupReader(context)
        root_tag: str | None = None
        try:
            for kind, element in _records(path):
                if element is None:
                    continue
                if kind == "root":
                    root_tag = element.tag
                    if root_tag not in _ROOTS:
                        raise ParseError(
                            f"not an SMS Backup & Restore file: the root element is <{root_tag}>"
                        )
                else:
                    reader.read(element)
        except (XmlSyntaxError, DefusedXmlException) as exc:
            if not reader.messages:
                raise ParseError(
                    f"the SMS backup is not readable XML ({exc}); no message could be read"
                ) from exc
            reader.warnings.append(
                f"the SMS backup is cut short or damaged ({exc}); "
                f"{len(reader.messages)} record(s) read before the break"
            )
        except OSError as exc:
            raise ParseError(f"cannot read the SMS backup: {exc.strerror}") from exc
        if reader.skipped:
            reader.warnings.append(f"{reader.skipped} empty record(s) without any attribute skipped")
        return _document(path, root_tag, reader, context)


def _document(
    path: Path, root_tag: str | None, reader: _BackupReader, context: ParseContext
) -> ParsedDocument:
    oldest = datetime.max.replace(tzinfo=UTC)
    messages = sorted(reader.messages, key=lambda m: m.sent_at or oldest)
    calls = sum(1 for m in messages if m.channel == "call")
    heading = f"{'Call log' if root_tag == 'calls' else 'Text messages'} backup {path.name}"
    pages = transcript_pages(messages, heading=heading)
    warnings = list(dict.fromkeys(reader.warnings))
    if len(pages) > context.limits.max_pages:
        warnings.append(f"transcript cut at {context.limits.max_pages} pages of {len(pages)}")
        pages = pages[: context.limits.max_pages]
    return ParsedDocument(
        mime_type="application/x-sms-backup+xml",
        pages=pages,
        title=path.name,
        metadata={"messages": str(len(messages) - calls), "calls": str(calls), "root": root_tag or ""},
        messages=tuple(messages),
        members=tuple(reader.members),
        warnings=tuple(warnings),
    )
