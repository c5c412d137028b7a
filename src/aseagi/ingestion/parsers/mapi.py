"""MAPI properties of an Outlook ``.msg`` as [MS-OXMSG] lays them out in an OLE compound file.

Each object (the message, a recipient, an attachment, an embedded message) is a storage. Variable-length
properties are streams named ``__substg1.0_IIIITTTT`` (property id, property type); fixed-length ones are
16-byte entries in the storage's ``__properties_version1.0`` stream, after a header whose size depends on
the kind of object. olefile (BSD) reads the compound file; the properties are read here.
"""

from __future__ import annotations

import codecs
import struct
from datetime import UTC, datetime, timedelta

import olefile

from aseagi.ingestion.parsers.base import LimitExceeded

PROPERTIES = "__properties_version1.0"
NAMED_PROPERTIES = "__nameid_version1.0"
EMBEDDED_MESSAGE = "__substg1.0_3701000D"
RECIPIENT_PREFIX = "__recip_version1.0_#"
ATTACHMENT_PREFIX = "__attach_version1.0_#"

TOP_LEVEL_HEADER = 32
"""Bytes before the first property entry: the top-level message (recipient and attachment counts)."""
EMBEDDED_HEADER = 24
"""An embedded message's header lacks the last 8 reserved bytes of the top-level one."""
CHILD_HEADER = 8
"""Recipients and attachments."""

_PT_LONG, _PT_LONGLONG, _PT_SYSTIME = 0x0003, 0x0014, 0x0040
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
_CODE_PAGES = {
    1200: "utf-16-le",
    20127: "ascii",
    65001: "utf-8",
    50220: "iso2022_jp",
    50221: "iso2022_jp",
    50222: "iso2022_jp",
    51932: "euc_jp",
    51949: "euc_kr",
    52936: "hz",
    54936: "gb18030",
    10000: "mac_roman",
    **{28590 + n: f"iso8859_{n}" for n in range(1, 16)},
}
DEFAULT_CODEC = "cp1252"


def codec_of(code_page: int | None) -> str | None:
    """The Python codec of a Windows code page number, or None when Python has none."""
    if code_page is None:
        return None
    name = _CODE_PAGES.get(code_page, f"cp{code_page}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def filetime(value: int) -> datetime | None:
    """A FILETIME (100 ns ticks since 1601, UTC); None for zero and for the 'never' sentinels."""
    if value <= 0 or value >= 0x7FFF_FFFF_FFFF_FFFF:
        return None
    try:
        return _FILETIME_EPOCH + timedelta(microseconds=value // 10)
    except OverflowError:
        return None


class MapiObject:
    """The properties of one storage; ``path`` is its place in the compound file (``()`` for the root)."""

    def __init__(
        self,
        ole: olefile.OleFileIO,
        path: tuple[str, ...],
        header_size: int,
        max_stream_bytes: int,
        codec: str | None = None,
    ) -> None:
        self.ole = ole
        self.path = path
        self._max_stream_bytes = max_stream_bytes
        self._fixed = self._fixed_properties(header_size)
        self.codec = (
            codec or codec_of(self.integer(0x3FFD)) or codec_of(self.integer(0x3FDE)) or DEFAULT_CODEC
        )
        """How PT_STRING8 (``001E``) values are encoded; recipients and attachments inherit it."""

    def _fixed_properties(self, header_size: int) -> dict[int, tuple[int, bytes]]:
        raw = self.read(PROPERTIES) or b""
        found: dict[int, tuple[int, bytes]] = {}
        for offset in range(header_size, len(raw) - 15, 16):
            tag, _flags = struct.unpack_from("<II", raw, offset)
            found.setdefault(tag >> 16, (tag & 0xFFFF, raw[offset + 8 : offset + 16]))
        return found

    def entry(self, name: str) -> list[str]:
        return [*self.path, name]

    def is_storage(self, name: str) -> bool:
        return (
            self.ole.exists(self.entry(name)) and self.ole.get_type(self.entry(name)) == olefile.STGTY_STORAGE
        )

    def read(self, name: str) -> bytes | None:
        """A stream's bytes, or None when it is absent; a stream larger than the limit is refused."""
        entry = self.entry(name)
        if not self.ole.exists(entry) or self.ole.get_type(entry) != olefile.STGTY_STREAM:
            return None
        size = self.ole.get_size(entry)
        if size > self._max_stream_bytes:
            raise LimitExceeded(
                f"Outlook property {name} holds {size} bytes, more than {self._max_stream_bytes}"
            )
        with self.ole.openstream(entry) as stream:
            data: bytes = stream.read()
        return data

    def string(self, prop_id: int) -> str | None:
        """A PT_UNICODE (UTF-16-LE) or PT_STRING8 (this object's code page) value, without its NULs."""
        unicode = self.read(f"__substg1.0_{prop_id:04X}001F")
        if unicode is not None:
            return unicode.decode("utf-16-le", errors="replace").rstrip("\x00")
        string8 = self.read(f"__substg1.0_{prop_id:04X}001E")
        if string8 is not None:
            return string8.decode(self.codec, errors="replace").rstrip("\x00")
        return None

    def binary(self, prop_id: int) -> bytes | None:
        return self.read(f"__substg1.0_{prop_id:04X}0102")

    def integer(self, prop_id: int) -> int | None:
        kind, value = self._fixed.get(prop_id, (None, b""))
        if kind == _PT_LONG:
            return int.from_bytes(value[:4], "little", signed=True)
        if kind == _PT_LONGLONG:
            return int.from_bytes(value, "little", signed=True)
        return None

    def time(self, prop_id: int) -> datetime | None:
        kind, value = self._fixed.get(prop_id, (None, b""))
        return filetime(int.from_bytes(value, "little")) if kind == _PT_SYSTIME else None

    def children(self, prefix: str) -> list[MapiObject]:
        """The recipients (``RECIPIENT_PREFIX``) or attachments (``ATTACHMENT_PREFIX``) of this message."""
        names = sorted(
            {
                entry[len(self.path)]
                for entry in self.ole.listdir(streams=True, storages=True)
                if len(entry) > len(self.path)
                and tuple(entry[: len(self.path)]) == self.path
                and entry[len(self.path)].startswith(prefix)
            }
        )
        return [
            MapiObject(self.ole, (*self.path, name), CHILD_HEADER, self._max_stream_bytes, self.codec)
            for name in names
            if self.is_storage(name)
        ]
