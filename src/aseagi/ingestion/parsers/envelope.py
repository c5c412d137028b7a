"""Mbox envelope lines: which ``From `` lines start a message, for detection and for the mbox parser alike.

Writers differ: Unix mail writes ``From sender Tue Feb 21 10:04:06 2017``, Mozilla and Thunderbird write
``From - Fri Aug 23 10:11:12 2019``, and some tools write ``From sender`` with no date at all. A body line
such as "From time to time" in an unquoted (mboxo) mailbox must not start a message, so a line without
a date counts only when it stands after a blank line (or first in the file), holds nothing but an
address or Mozilla's ``-``, and is followed by a header line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

_DATED = re.compile(r"From \S*[ \t].*\d{1,2}:\d{2}.*\d{4}")
_UNDATED = re.compile(r"From (?:-(?:[ \t].*)?|\S+)[ \t]*")
_HEADER_LINE = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,75}:")
_BOM = b"\xef\xbb\xbf"


def is_separator(line: str, after_blank: bool, next_line: str | None) -> bool:
    """Whether ``line`` starts a new message; ``after_blank`` is True after a blank line or at the start."""
    if not line.startswith("From "):
        return False
    if _DATED.match(line):
        return True
    return (
        after_blank
        and next_line is not None
        and _UNDATED.fullmatch(line.rstrip("\r\n")) is not None
        and _HEADER_LINE.match(next_line) is not None
    )


def is_separator_bytes(line: bytes, after_blank: bool, next_line: bytes | None) -> bool:
    """``is_separator`` for raw lines (separators are ASCII; other bytes never decide it)."""
    following = None if next_line is None else next_line.decode("latin-1")
    return is_separator(line.decode("latin-1"), after_blank, following)


def separators(handle: BinaryIO) -> Iterator[tuple[int, int]]:
    """Each separator line of an open mailbox as (where the line starts, where its message starts).

    The file is read line by line from the start, never whole. A leading UTF-8 BOM is skipped. A
    separator without a date is only known by the line after it, so it waits there as ``pending``.
    """
    offset = 0
    after_blank = True
    pending: tuple[int, bytes] | None = None
    for number, raw in enumerate(handle):
        line = raw
        if number == 0 and line.startswith(_BOM):
            offset, line = len(_BOM), line[len(_BOM) :]
        if pending is not None and is_separator_bytes(pending[1], True, line):
            yield pending[0], pending[0] + len(pending[1])
        pending = None
        if line.startswith(b"From "):
            if is_separator_bytes(line, after_blank, None):
                yield offset, offset + len(line)
            elif after_blank:
                pending = (offset, line)
        after_blank = not line.strip()
        offset += len(line)
