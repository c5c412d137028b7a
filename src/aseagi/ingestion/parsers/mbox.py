"""Unix mailboxes (mbox): every message becomes a member, read afterwards by the e-mail parser.

The mailbox itself only gets an index page (date, sender, subject per message). The file is scanned line by
line for ``From `` separator lines and each message is copied out in chunks, so a mailbox of many
gigabytes is never held in memory. Which ``From `` lines separate messages is decided in ``envelope``:
Unix, Mozilla (``From - ``) and undated envelope lines do; a body line such as "From time to time" does not.
"""

from __future__ import annotations

from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO, ClassVar

from aseagi.ingestion.parsers.base import (
    LimitExceeded,
    Member,
    ParseContext,
    ParsedDocument,
    ParseError,
)
from aseagi.ingestion.parsers.envelope import separators
from aseagi.ingestion.parsers.messages_text import paginate

_HEADER_SAMPLE_BYTES = 64 * 1024
_CHUNK = 1024 * 1024


def _separator_line_starts(handle: BinaryIO) -> tuple[list[int], list[int], int]:
    """Offsets where each separator line starts and where the message after it starts, and the file size."""
    found = list(separators(handle))
    size = handle.seek(0, 2)
    return [line for line, _ in found], [body for _, body in found], size


def _index_line(number: int, head: bytes) -> str:
    headers = BytesParser(policy=policy.compat32).parsebytes(head, headersonly=True)
    date_text = "(no date)"
    try:
        raw_date = headers.get("Date")
        if raw_date:
            date_text = parsedate_to_datetime(str(raw_date)).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, IndexError, OverflowError):
        date_text = "(bad date)"
    sender = _decoded(headers.get("From")) or "(no sender)"
    subject = _decoded(headers.get("Subject")) or "(no subject)"
    return f"{number:>6}. {date_text}  {sender}  {subject}"


def _decoded(value: object) -> str:
    if value is None:
        return ""
    try:
        text = str(make_header(decode_header(str(value))))
    except Exception:
        text = str(value)
    return " ".join(text.split())


def _copy_range(handle: BinaryIO, start: int, end: int, out: BinaryIO) -> bytes:
    """Copy bytes ``[start, end)`` to ``out``; return the first bytes, enough to read the headers."""
    handle.seek(start)
    remaining = end - start
    head = b""
    while remaining > 0:
        chunk = handle.read(min(_CHUNK, remaining))
        if not chunk:
            break
        if len(head) < _HEADER_SAMPLE_BYTES:
            head += chunk[: _HEADER_SAMPLE_BYTES - len(head)]
        out.write(chunk)
        remaining -= len(chunk)
    return head


class MboxParser:
    """``application/mbox`` into one ``message-NNNNNN.eml`` member per message and an index page."""

    mime_types: ClassVar[tuple[str, ...]] = ("application/mbox",)

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise ParseError(f"cannot read the mailbox: {exc.strerror}") from exc
        with handle:
            line_starts, body_starts, size = _separator_line_starts(handle)
            if not body_starts:
                if size == 0:
                    return ParsedDocument(mime_type="application/mbox", pages=(), title=path.name)
                raise ParseError("not an mbox mailbox: no 'From ' separator line was found")
            limit = context.limits.max_archive_members
            if len(body_starts) > limit:
                raise LimitExceeded(
                    f"the mailbox holds {len(body_starts)} messages, more than the limit {limit}"
                )
            ends = [*line_starts[1:], size]
            context.workdir.mkdir(parents=True, exist_ok=True)
            members: list[Member] = []
            index: list[str] = []
            for number, (start, end) in enumerate(zip(body_starts, ends, strict=True), start=1):
                name = f"message-{number:06d}.eml"
                target = context.workdir / name
                with target.open("xb") as out:
                    head = _copy_range(handle, start, end, out)
                members.append(Member(name=name, path=target, size=target.stat().st_size))
                index.append(_index_line(number, head))
        heading = f"Mailbox {path.name}: {len(members)} message(s)"
        return ParsedDocument(
            mime_type="application/mbox",
            pages=paginate(index, heading=heading),
            title=path.name,
            metadata={"messages": str(len(members))},
            members=tuple(members),
        )
