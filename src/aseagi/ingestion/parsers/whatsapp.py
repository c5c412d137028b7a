"""WhatsApp chat exports (``_chat.txt``, ``WhatsApp Chat with X.txt``) into messages and a transcript.

Every phone locale writes its own header: ``[dd/mm/yy, HH:MM:SS] Name: text`` (iOS), ``dd/mm/yy, HH:MM -
Name: text`` (Android), ``m/d/yy, h:mm AM - Name:`` (US), ``yyyy-mm-dd HH:MM``, ``dd.mm.yy``, the 2012
``dd/mm/yyyy HH:MM:SS: Name: text``, with invisible LRM marks and narrow no-break spaces. Whether ``03/04``
is March or April is not written anywhere, so it is inferred per header style within the file: a field
above 12 decides; else the order that keeps the timestamps in sequence; else month-first for 12-hour
(US) exports and day-first otherwise. Timestamps are the phone's local time: they carry no zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import ClassVar

import charset_normalizer

from aseagi.ingestion.parsers.base import Message, ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.messages_text import transcript_pages

_INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff\u2066\u2067\u2068\u2069"),
)
_SPACES = {ord("\u202f"): " ", ord("\u00a0"): " ", ord("\u2009"): " "}
_HEADER = re.compile(
    r"""^(?P<open>\[)?
    (?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{2,4})\.?,?\s+
    (?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?
    (?:\s*(?P<ampm>[AaPp])\.?\s?[Mm]\.?)?
    (?(open)\]\s*|(?:\s*[-–:]\s+|\s*-\s*|\s+))
    (?P<rest>.*)$""",
    re.VERBOSE,
)
_AUTHOR = re.compile(r"^(?P<name>[^:\"“”]{1,80}?): (?P<text>.*)$", re.DOTALL)
_GROUP_NAME = re.compile(r"(?:created group|changed the subject (?:from .* )?to) [\"“](?P<name>[^\"”]+)[\"”]")
_CHAT_FILE_PREFIX = re.compile(r"^(?:WhatsApp Chat (?:with|-|mit|con|avec|com)\s*)", re.IGNORECASE)


@dataclass
class _RawEntry:
    """One header line and its continuation lines, before the date order is known."""

    style: tuple[object, ...]
    fields: tuple[int, int, int]
    clock: tuple[int, int, int]
    line: int
    lines: list[str] = field(default_factory=list)


def _style(match: re.Match[str]) -> tuple[object, ...]:
    """Header lines with the same style were written by the same phone settings, so share a date order."""
    return (
        bool(match["open"]),
        match["sep"],
        len(match["a"]) == 4,
        len(match["c"]),
        bool(match["ampm"]),
        match["second"] is not None,
    )


def _clock(match: re.Match[str]) -> tuple[int, int, int]:
    hour = int(match["hour"])
    if match["ampm"]:
        pm = match["ampm"].lower() == "p"
        hour = hour % 12 + (12 if pm else 0)
    return hour, int(match["minute"]), int(match["second"] or 0)


def _scan(text: str) -> tuple[list[_RawEntry], list[str]]:
    """Split the export into entries (a header line and the lines that follow it)."""
    entries: list[_RawEntry] = []
    preamble: list[str] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.translate(_INVISIBLE).translate(_SPACES)
        match = _HEADER.match(line)
        if match and _plausible(match):
            entries.append(
                _RawEntry(
                    style=_style(match),
                    fields=(int(match["a"]), int(match["b"]), int(match["c"])),
                    clock=_clock(match),
                    line=number,
                    lines=[match["rest"]],
                )
            )
        elif entries:
            entries[-1].lines.append(raw_line.translate(_INVISIBLE))
        elif line.strip():
            preamble.append(line)
    return entries, preamble


def _plausible(match: re.Match[str]) -> bool:
    a, b = int(match["a"]), int(match["b"])
    hour, minute = int(match["hour"]), int(match["minute"])
    if minute > 59 or hour > 23 or (match["ampm"] and hour > 12):
        return False
    if len(match["a"]) == 4:
        return 1 <= b <= 12
    return 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12)


def _year(value: int) -> int:
    return value + 2000 if value < 100 else value


def _as_datetime(entry: _RawEntry, day_first: bool) -> datetime | None:
    a, b, c = entry.fields
    if entry.style[2]:  # year first: yyyy-mm-dd
        year, month, day = a, b, c
    elif day_first:
        day, month, year = a, b, _year(c)
    else:
        month, day, year = a, b, _year(c)
    try:
        return datetime(year, month, day, *entry.clock)
    except ValueError:
        return None


def _backsteps(entries: list[_RawEntry], day_first: bool) -> int:
    stamps = [_as_datetime(entry, day_first) for entry in entries]
    known = [stamp for stamp in stamps if stamp is not None]
    invalid = len(stamps) - len(known)
    return invalid * 1000 + sum(1 for x, y in pairwise(known) if y < x)


def infer_day_first(entries: list[_RawEntry]) -> bool:
    """The date order of one header style (see the module docstring for the rule)."""
    first_over_12 = any(entry.fields[0] > 12 for entry in entries)
    second_over_12 = any(entry.fields[1] > 12 for entry in entries)
    if first_over_12 != second_over_12:
        return first_over_12
    day_first_steps = _backsteps(entries, day_first=True)
    month_first_steps = _backsteps(entries, day_first=False)
    if day_first_steps != month_first_steps:
        return day_first_steps < month_first_steps
    twelve_hour = bool(entries and entries[0].style[4])
    return not twelve_hour


def chat_name(path: Path, group_name: str | None) -> str:
    """``WhatsApp Chat with Mother.txt`` -> ``Mother``; a generic ``_chat.txt`` uses the group's name."""
    stem = _CHAT_FILE_PREFIX.sub("", path.stem).strip() or path.stem
    if group_name and stem.lower().strip("_") in {"chat", "whatsapp chat", ""}:
        return group_name
    return stem


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(raw).best()
        return str(best) if best is not None else raw.decode("utf-8", errors="replace")


class WhatsAppParser:
    """``text/x-whatsapp``: exported WhatsApp chats, any phone, any locale listed above."""

    mime_types: ClassVar[tuple[str, ...]] = ("text/x-whatsapp",)

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        try:
            text = _decode(path.read_bytes())
        except OSError as exc:
            raise ParseError(f"cannot read the chat export: {exc.strerror}") from exc
        entries, preamble = _scan(text)
        if not entries:
            if text.strip():
                raise ParseError("not a WhatsApp chat export: no line starts with a message date and time")
            return ParsedDocument(mime_type="text/x-whatsapp", pages=(), title=path.stem)
        warnings = []
        if preamble:
            warnings.append(f"{len(preamble)} line(s) before the first message were not read as messages")
        order: dict[tuple[object, ...], bool] = {}
        for style in dict.fromkeys(entry.style for entry in entries):
            order[style] = infer_day_first([entry for entry in entries if entry.style == style])
        messages, group_name = _messages(entries, order, warnings)
        thread = chat_name(path, group_name)
        participants = sorted({m.sender for m in messages if m.sender})
        messages = [
            _with_context(m, thread, tuple(p for p in participants if p != m.sender) if m.sender else ())
            for m in messages
        ]
        pages = transcript_pages(messages, heading=f"WhatsApp chat: {thread}", show_recipients=False)
        if len(pages) > context.limits.max_pages:
            warnings.append(f"transcript cut at {context.limits.max_pages} pages of {len(pages)}")
            pages = pages[: context.limits.max_pages]
        styles = sorted("day-first" if day_first else "month-first" for day_first in order.values())
        return ParsedDocument(
            mime_type="text/x-whatsapp",
            pages=pages,
            title=thread,
            metadata={
                "chat": thread,
                "date_order": ",".join(dict.fromkeys(styles)),
                "participants": ", ".join(participants),
            },
            messages=tuple(messages),
            warnings=tuple(warnings),
        )


def _messages(
    entries: list[_RawEntry], order: dict[tuple[object, ...], bool], warnings: list[str]
) -> tuple[list[Message], str | None]:
    messages: list[Message] = []
    group_name: str | None = None
    for entry in entries:
        sent_at = _as_datetime(entry, order[entry.style])
        if sent_at is None:
            warnings.append(f"line {entry.line}: impossible date; the message has no date")
        body = "\n".join(entry.lines).rstrip()
        author = _AUTHOR.match(body)
        if author:
            sender: str | None = author["name"].strip()
            content = author["text"]
        else:
            sender, content = None, body
            found = _GROUP_NAME.search(body)
            group_name = found["name"] if found else group_name
        messages.append(
            Message(
                channel="whatsapp",
                sender=sender,
                recipients=(),
                sent_at=sent_at,
                subject=None,
                content=content,
            )
        )
    return messages, group_name


def _with_context(message: Message, thread: str, recipients: tuple[str, ...]) -> Message:
    return Message(
        channel=message.channel,
        sender=message.sender,
        recipients=recipients,
        sent_at=message.sent_at,
        subject=None,
        content=message.content,
        thread=thread,
    )
