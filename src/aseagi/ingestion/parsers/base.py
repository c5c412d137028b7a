"""The contract every parser keeps.

A parser turns one original file into text pages, metadata, messages and members. It runs inside an
isolated parser process (see ``ingestion.isolation``), so it may raise anything; the errors below are
the ones that mean something to the user and become the document's recorded reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar, Literal, Protocol

Channel = Literal["email", "sms", "mms", "whatsapp", "call", "letter", "chat"]


class ParseError(Exception):
    """The file is of a known type but cannot be read (truncated, corrupt). The message is shown to users."""


class EncryptedDocument(ParseError):
    """The file is password-protected; ASEAGI never guesses passwords."""


class UnsupportedFormat(Exception):
    """No parser reads this type; the document is recorded as ``unsupported`` with this reason."""


class LimitExceeded(ParseError):
    """A safety limit (archive depth, member count, expanded size, ratio, pages) was hit."""


@dataclass(frozen=True)
class Limits:
    """Safety limits for one file. Defaults suit a laptop; settings may tighten them."""

    max_pages: int = 5000
    """Pages beyond this are not read (the document records a warning)."""
    max_pdf_pages: int = 10_000
    """A PDF declaring more pages than this is refused before any page is read (``ASEAGI_MAX_PDF_PAGES``)."""
    max_archive_depth: int = 3
    """Archives inside archives deeper than this are refused."""
    max_archive_members: int = 20000
    """An archive with more members than this is refused (LimitExceeded)."""
    max_expanded_bytes: int = 2 * 1024**3
    """Total uncompressed size an archive may expand to."""
    max_compression_ratio: float = 200.0
    """Per-member and total uncompressed/compressed ratio above which an archive is a bomb."""
    max_text_chars: int = 50_000_000
    """Text beyond this is cut (with a warning)."""
    ocr: bool = True
    """Whether OCR may run for pages without a usable text layer."""
    ocr_language: str = "eng"
    """Tesseract language(s), e.g. ``eng`` or ``eng+spa``."""


@dataclass(frozen=True)
class ParseContext:
    """What a parser may use besides the file itself."""

    workdir: Path
    """An empty private folder; members (archive entries, attachments, mbox messages) are written here."""
    limits: Limits = field(default_factory=Limits)
    depth: int = 0
    """How deep inside archives this file is (0 for a file from the source itself)."""


@dataclass(frozen=True)
class Page:
    """One page (or one logical section for formats without pages) of extracted text."""

    number: int
    """1-based page number, as a person would cite it."""
    text: str
    """The page's text. Every offset in the analysis refers to positions in this string."""
    ocr: bool = False
    """True when the text came from OCR rather than a text layer."""


@dataclass(frozen=True)
class Message:
    """One message found in the file (an email, a text, a WhatsApp line, a call record)."""

    channel: Channel
    sender: str | None
    recipients: tuple[str, ...]
    sent_at: datetime | None
    """When it was sent, timezone-aware when the source says the zone; taken from the source, never now()."""
    subject: str | None
    content: str
    thread: str | None = None
    """A thread or conversation key where the format has one (Message-ID chain, SMS address, chat name)."""
    direction: Literal["incoming", "outgoing"] | None = None
    duration_seconds: int | None = None
    """For calls."""
    call_type: str | None = None
    """For calls: incoming, outgoing, missed, rejected, voicemail…"""


@dataclass(frozen=True)
class Member:
    """A file contained in this one: an archive entry, an email attachment, one message of an mbox."""

    name: str
    """The name inside the container; metadata only, never used as a filesystem path."""
    path: Path
    """Where the parser wrote the member's bytes, inside ``ParseContext.workdir``."""
    size: int


@dataclass(frozen=True)
class ParsedDocument:
    """Everything one parser learnt from one file."""

    mime_type: str
    pages: tuple[Page, ...]
    title: str | None = None
    document_date: date | None = None
    """The document's own date when the format states it (email Date, PDF creation date is NOT used)."""
    metadata: dict[str, str] = field(default_factory=dict)
    messages: tuple[Message, ...] = ()
    members: tuple[Member, ...] = ()
    warnings: tuple[str, ...] = ()
    """Partial-read notes: pages skipped, text cut, OCR unavailable, defects found."""

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages)


class Parser(Protocol):
    """A parser for one family of formats, registered by MIME type."""

    mime_types: ClassVar[tuple[str, ...]]

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument: ...
