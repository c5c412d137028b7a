"""Walking a MIME tree: which parts are the readable body and which are attachments.

``multipart/alternative`` holds the same text several ways, so only its best rendering is kept (plain text
before HTML, unless the plain text is only a stub of the HTML's). Attached messages (``message/rfc822``,
digests) are not read here: they are written out as members and become documents of their own, so their
text is never mixed into the outer message.
"""

from __future__ import annotations

from email import policy
from email.message import Message as MimePart
from email.parser import BytesParser
from typing import Any

import charset_normalizer

from aseagi.ingestion.parsers.base import EncryptedDocument, Member, ParseContext, ParseError
from aseagi.ingestion.parsers.cms import SIGNED_MIME_TYPES, is_mime_entity, signed_content
from aseagi.ingestion.parsers.member_files import MemberWriter, safe_suffix
from aseagi.ingestion.parsers.messages_text import could_be_stub, html_to_text, is_stub_of

SMALL_INLINE_IMAGE_BYTES = 4096
"""Inline images smaller than this are logos, spacers and signature icons, not evidence."""


def decode_text_part(part: MimePart) -> str:
    """The part's text; unknown or wrong charsets fall back to detection, then UTF-8 with replacement."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    charset = part.get_content_charset() or "us-ascii"
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        pass
    best = charset_normalizer.from_bytes(payload).best()
    if best is not None:
        return str(best)
    return payload.decode("utf-8", errors="replace")


def _filename(part: MimePart) -> str | None:
    try:
        name = part.get_filename()
    except Exception:
        return None
    return " ".join(str(name).split()) or None if name else None


def _disposition(part: MimePart) -> str | None:
    try:
        return part.get_content_disposition()
    except Exception:
        return None


def _message_bytes(part: MimePart) -> bytes | None:
    payload: Any = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else payload
    if isinstance(inner, MimePart):
        return inner.as_bytes(policy=policy.compat32)
    if isinstance(inner, str):
        return inner.encode("utf-8", errors="surrogateescape")
    return None


class BodyCollector:
    """Collects body texts in reading order and writes attachments as members."""

    def __init__(self, context: ParseContext) -> None:
        self.bodies: list[str] = []
        self.members: list[Member] = []
        self.warnings: list[str] = []
        self._writer = MemberWriter(context.workdir, prefix="attachment")
        self._max_members = context.limits.max_archive_members

    def visit(self, part: MimePart) -> None:
        try:
            self._visit(part)
        except Exception as exc:  # one broken part must not lose the rest of the message
            self.warnings.append(f"e-mail part unreadable ({type(exc).__name__}: {exc}); skipped")

    def _visit(self, part: MimePart) -> None:
        content_type = part.get_content_type()
        maintype = part.get_content_maintype()
        if content_type == "message/rfc822" or (maintype == "message" and _filename(part)):
            self._attach_message(part)
        elif part.is_multipart() and maintype == "multipart":
            children = [child for child in part.get_payload() if isinstance(child, MimePart)]
            if content_type == "multipart/alternative" and children:
                children = [_best_alternative(children)]
            elif content_type == "multipart/signed" and children:
                children = children[:1]  # the signature part is a certificate chain, not evidence
            for child in children:
                self.visit(child)
        elif maintype == "message":  # delivery-status, external-body, partial: readable header blocks
            payload = part.get_payload()
            blocks = payload if isinstance(payload, list) else [payload]
            self.bodies.append("\n\n".join(str(block).strip() for block in blocks if str(block).strip()))
        elif content_type in SIGNED_MIME_TYPES or _is_p7m(part):
            self._opaque_smime(part)
        elif maintype == "text" and _is_inline_text(part):
            text = decode_text_part(part)
            self.bodies.append(html_to_text(text) if content_type == "text/html" else text)
        else:
            self._attach_leaf(part)

    def _opaque_smime(self, part: MimePart) -> None:
        """Opaque S/MIME: a signed body is read as the MIME entity it wraps. An encrypted one, or a signed
        file that is not a MIME entity (``order.pdf.p7m``), stays a member and becomes its own document."""
        payload = part.get_payload(decode=True)
        try:
            content = signed_content(payload if isinstance(payload, bytes) else b"")
        except EncryptedDocument:
            self.warnings.append("the message body is S/MIME encrypted: it cannot be read without the key")
            self._attach_leaf(part)
            return
        except ParseError as exc:
            self.warnings.append(f"S/MIME part unreadable ({exc}); kept as an attachment")
            self._attach_leaf(part)
            return
        if not is_mime_entity(content):
            self._attach_leaf(part)
            return
        self.visit(BytesParser(policy=policy.default).parsebytes(content))

    def _attach_message(self, part: MimePart) -> None:
        data = _message_bytes(part)
        if data is None:
            self.warnings.append("attached message without content; skipped")
            return
        self._add(_filename(part) or "attached-message.eml", data, ".eml")

    def _attach_leaf(self, part: MimePart) -> None:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            payload = str(part.get_payload() or "").encode("utf-8", errors="surrogateescape")
        content_type = part.get_content_type()
        inline = _disposition(part) == "inline" or (part.get("Content-ID") is not None)
        if inline and part.get_content_maintype() == "image" and len(payload) < SMALL_INLINE_IMAGE_BYTES:
            return
        if not payload:
            return
        name = _filename(part) or f"attachment{safe_suffix(None, content_type) or '.bin'}"
        self._add(name, payload, safe_suffix(name, content_type))

    def _add(self, name: str, data: bytes, suffix: str) -> None:
        if len(self.members) >= self._max_members:
            self.warnings.append(f"more than {self._max_members} attachments; the rest were skipped")
            return
        self.members.append(self._writer.write_bytes(name, data, suffix=suffix))


def _is_body(part: MimePart, content_type: str) -> bool:
    return part.get_content_type() == content_type and not _filename(part)


def _html_of(part: MimePart) -> MimePart | None:
    """The HTML body of an alternative: the part itself, or the first HTML inside a ``multipart/related``."""
    if _is_body(part, "text/html"):
        return part
    if part.get_content_type() == "multipart/related":
        payload = part.get_payload()
        children = (
            [child for child in payload if isinstance(child, MimePart)] if isinstance(payload, list) else []
        )
        return next((child for child in children if _is_body(child, "text/html")), None)
    return None


def _is_stub(plain: str, html_part: MimePart) -> bool:
    raw = html_part.get_payload(decode=True)
    if isinstance(raw, bytes) and not could_be_stub(plain, len(raw)):
        return False  # the HTML's text is shorter than its markup: no need to parse it to know
    return is_stub_of(plain, html_to_text(decode_text_part(html_part)))


def _is_p7m(part: MimePart) -> bool:
    """Mailers label opaque S/MIME ``application/octet-stream`` too; its ``smime.p7m`` name gives it away."""
    name = _filename(part) or ""
    return part.get_content_type() == "application/octet-stream" and name.lower() == "smime.p7m"


def _is_inline_text(part: MimePart) -> bool:
    """Text shown in the message: no attachment disposition, and no file name unless marked ``inline``."""
    disposition = _disposition(part)
    if disposition == "attachment":
        return False
    return disposition == "inline" or not _filename(part)


def _best_alternative(children: list[MimePart]) -> MimePart:
    """Plain text if offered, else HTML, else the richest (last) alternative, as RFC 2046 orders them.

    A plain part that is only a stub ("This message has an HTML body.") or much shorter than the HTML's
    text gives way to the HTML alternative (or the ``multipart/related`` holding it).
    """
    plain = next((child for child in children if _is_body(child, "text/plain")), None)
    if plain is not None:
        richer = next((child for child in children if _html_of(child) is not None), None)
        html = None if richer is None else _html_of(richer)
        if richer is not None and html is not None and _is_stub(decode_text_part(plain), html):
            return richer
    for wanted in ("text/plain", "text/html"):
        for child in children:
            if child.get_content_type() == wanted and not _filename(child):
                return child
    for child in reversed(children):
        if child.is_multipart():
            return child
    return children[-1]
