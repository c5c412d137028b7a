"""Writing contained files (attachments, archive entries, mbox messages) into the parser's workdir.

A container's own names are attacker-controlled (``../../etc/passwd``, absolute paths, device names), so
they are never used as file names: every member gets a generated name inside ``ParseContext.workdir`` and
its original name is kept only as ``Member.name``. The original extension survives when it is harmless,
because the pipeline's detection may use it as a hint.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Protocol

from aseagi.ingestion.parsers.base import LimitExceeded, Member

_SAFE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}")
_COPY_CHUNK = 1024 * 1024


def safe_suffix(name: str | None, content_type: str | None = None) -> str:
    """A short alphanumeric extension taken from ``name`` (or guessed from ``content_type``), or ``""``."""
    if name:
        tail = name.replace("\\", "/").rsplit("/", 1)[-1]
        dot = tail.rfind(".")
        if dot > 0 and _SAFE_SUFFIX.fullmatch(tail[dot:]):
            return tail[dot:].lower()
    if content_type:
        guessed = mimetypes.guess_extension(content_type.split(";", 1)[0].strip().lower())
        if guessed and _SAFE_SUFFIX.fullmatch(guessed):
            return guessed
    return ""


class ByteSource(Protocol):
    """Anything ``read(n)`` can drain: an open archive entry, a gzip stream, a file."""

    def read(self, size: int = -1, /) -> bytes: ...


class MemberWriter:
    """Writes members as ``<prefix>-000001<suffix>`` inside the workdir, never overwriting a file."""

    def __init__(self, workdir: Path, prefix: str = "member") -> None:
        self._workdir = workdir
        self._prefix = prefix
        self._count = 0
        workdir.mkdir(parents=True, exist_ok=True)

    @property
    def count(self) -> int:
        return self._count

    def _next_path(self, suffix: str) -> Path:
        self._count += 1
        return self._workdir / f"{self._prefix}-{self._count:06d}{suffix}"

    def write_bytes(self, name: str, data: bytes, suffix: str | None = None) -> Member:
        path = self._next_path(safe_suffix(name) if suffix is None else suffix)
        with path.open("xb") as out:
            out.write(data)
        return Member(name=name, path=path, size=len(data))

    def write_stream(
        self, name: str, source: ByteSource, max_bytes: int, suffix: str | None = None
    ) -> Member:
        """Copy ``source`` while counting real bytes; a member longer than ``max_bytes`` is refused.

        Declared sizes in archive headers can lie, so the count is taken from the bytes actually read.
        The partial file is removed before ``LimitExceeded`` propagates.
        """
        path = self._next_path(safe_suffix(name) if suffix is None else suffix)
        written = 0
        try:
            with path.open("xb") as out:
                while chunk := source.read(_COPY_CHUNK):
                    written += len(chunk)
                    if written > max_bytes:
                        raise LimitExceeded(
                            f"zip bomb refused: member {name!r} expands beyond {max_bytes} bytes"
                        )
                    out.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return Member(name=name, path=path, size=written)
