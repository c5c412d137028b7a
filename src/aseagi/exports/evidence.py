"""One exhibit's body pages, from its stored original: read from the blob store, hash-checked, drawn,
and redacted before anything is drawn.

PDFs keep their own pages (pages that name a protected person are replaced by a redacted image of
themselves). Every other format is read with the ingestion parsers and drawn as a court would read it.
Nothing here comes from the analysis: a page always shows the original's own content.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pypdfium2
from PIL import Image, ImageOps

from aseagi.exports import render
from aseagi.exports.pdf_redaction import PageRedaction, redact_image, redact_pdf
from aseagi.exports.privacy import Redactor, Replacement
from aseagi.exports.schemas import ExhibitSource, PreparedExhibit
from aseagi.ingestion.parsers import Message, ParseContext, ParsedDocument, detect_type, parse_file
from aseagi.ingestion.storage import CHUNK, BlobStore
from aseagi.kit.errors import Conflict, NotFound

THREAD_CHANNELS = ("sms", "mms", "whatsapp", "chat")


class CustodyBroken(Conflict):
    """The stored bytes no longer hash to what was recorded at ingestion."""


def fetch_original(store: BlobStore, source: ExhibitSource, target: Path) -> tuple[str, int]:
    """Copy the original out of the store while hashing it; its hash must be the one recorded."""
    if not source.storage_key or not store.exists(source.storage_key):
        raise NotFound(
            f"the original of {source.file_name} is not in the blob store: check ASEAGI_STORAGE_URL "
            "or leave it out with --documents"
        )
    digest, size = hashlib.sha256(), 0
    with store.open(source.storage_key) as handle, open(target, "wb") as out:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    sha256 = digest.hexdigest()
    if source.sha256 and sha256 != source.sha256:
        raise CustodyBroken(
            f"the stored original of {source.file_name} hashes to {sha256[:12]}…, not the recorded "
            f"{source.sha256[:12]}…: it was altered; run `aseagi backup verify` and restore it"
        )
    return sha256, size


def prepare(
    source: ExhibitSource, label: str, store: BlobStore, workdir: Path, redactor: Redactor
) -> PreparedExhibit:
    folder = workdir / f"exhibit-{label}"
    folder.mkdir(parents=True, exist_ok=True)
    original = folder / "original"
    sha256, size = fetch_original(store, source, original)
    mime = source.mime_type or detect_type(original)
    body = folder / "body.pdf"
    redactions: list[PageRedaction] = []
    rendered = True
    cleaner = Cleaner(redactor)
    title = cleaner(f"Exhibit {label}: {describe(source)}")
    if mime == "application/pdf":
        body, redactions = redact_pdf(original, folder / "redacted.pdf", redactor)
        rendered = False
    elif mime.startswith("image/"):
        redactions = _render_image(original, body, redactor)
    else:
        parsed = parse_file(original, ParseContext(workdir=folder / "parsed"), mime=mime)
        _render_parsed(parsed, body, title, cleaner)
        if cleaner.replacements:
            redactions = [PageRedaction(1, cleaner.merged(), 0, "before drawing")]
    pages = page_count(body)
    description = redactor.clean(describe(source))
    return PreparedExhibit(
        source=source,
        label=label,
        description=description,
        body=body,
        pages=pages,
        sha256=sha256,
        size=size,
        redactions=tuple(redactions),
        rendered=rendered,
    )


PLACEHOLDER_TITLES = {"untitled", "document", "microsoft word - document1", "(anonymous)"}


def describe(source: ExhibitSource) -> str:
    """The title with the file name, or the file name alone when the title says nothing (a PDF's
    "untitled", a thread's hash key)."""
    title = " ".join((source.title or "").split())
    if not title or title.lower() in PLACEHOLDER_TITLES or re.fullmatch(r"[0-9a-fA-F]{16,}", title):
        return source.file_name
    return f"{title} ({source.file_name})"


def page_count(path: Path) -> int:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def _render_image(original: Path, body: Path, redactor: Redactor) -> list[PageRedaction]:
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:  # HEIC photos stay unreadable; the others are unaffected
        pass
    with Image.open(original) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    image.thumbnail((3000, 3000))
    words, redaction = redact_image(image, redactor)
    render.render_images(body, [image], [words])
    return [redaction] if redaction else []


class Cleaner:
    """The redactor's ``clean``, keeping a tally of what it replaced for the redaction log."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor
        self.replacements: list[Replacement] = []

    def __call__(self, text: str) -> str:
        clean, replacements = self.redactor.apply(text)
        self.replacements += replacements
        return clean

    def merged(self) -> tuple[Replacement, ...]:
        counts: dict[tuple[str, str, str], int] = {}
        for item in self.replacements:
            key = (item.kind, item.role, item.replacement)
            counts[key] = counts.get(key, 0) + item.count
        return tuple(
            Replacement(kind, role, replacement, n) for (kind, role, replacement), n in counts.items()
        )


def _render_parsed(parsed: ParsedDocument, body: Path, title: str, clean: Cleaner) -> None:
    messages = parsed.messages
    if not messages and parsed.mime_type == "application/mbox":
        messages = _member_messages(parsed, body.parent / "members")
    channels = {message.channel for message in messages}
    views = [_view(message, clean) for message in messages]
    if messages and channels == {"email"}:
        attachments = [clean(member.name) for member in parsed.members]
        render.render_emails(body, title, views, attachments)
    elif messages and channels == {"call"}:
        render.render_calls(body, title, views)
    elif messages and channels <= {*THREAD_CHANNELS, "call"}:
        render.render_thread(body, title, views)
    elif parsed.members and not parsed.text.strip():
        lines = [f"{clean(member.name)} ({member.size:,} bytes)" for member in parsed.members]
        render.render_listing(body, title, lines)
    else:
        render.render_text(body, title, [clean(page.text) for page in parsed.pages])


def _member_messages(parsed: ParsedDocument, workdir: Path) -> tuple[Message, ...]:
    """The messages of an mailbox, each read from its member file with the e-mail parser."""
    messages: list[Message] = []
    for number, member in enumerate(parsed.members):
        folder = workdir / str(number)
        folder.mkdir(parents=True, exist_ok=True)
        messages += parse_file(member.path, ParseContext(workdir=folder)).messages
    return tuple(messages)


def _view(message: Message, clean: Cleaner) -> render.MessageView:
    duration = ""
    if message.duration_seconds is not None:
        minutes, seconds = divmod(message.duration_seconds, 60)
        duration = f"{minutes}:{seconds:02d}"
    return render.MessageView(
        sent_at=message.sent_at.strftime("%Y-%m-%d %H:%M %Z").strip() if message.sent_at else "",
        sender=clean(message.sender or ""),
        recipients=clean(", ".join(message.recipients)),
        subject=clean(message.subject or ""),
        content=clean(message.content),
        direction=message.direction or "",
        call_type=message.call_type or "",
        duration=duration,
    )
