"""Writing a small OLE compound file ([MS-CFB] version 3), so an embedded Outlook message becomes a ``.msg``.

olefile only reads compound files, and the one Python writer we know of is GPL, so this writes the
format's plain essentials: 512-byte sectors, a mini stream for streams under 4096 bytes, a FAT (with
DIFAT sectors past 109 FAT sectors) and a directory whose sibling trees are balanced red-black trees.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field

_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SECTOR = 512
_MINI_SECTOR = 64
_MINI_CUTOFF = 4096
_IDS_PER_SECTOR = _SECTOR // 4
_HEADER_DIFAT = 109
_FREE, _END, _FAT_SECTOR, _DIFAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
_NO_STREAM = 0xFFFFFFFF
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1
_UNUSED_ENTRY = struct.pack(
    "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, _NO_STREAM, _NO_STREAM, _NO_STREAM, b"", 0, 0, 0, 0, 0
)


@dataclass
class Storage:
    """A storage (folder) of the compound file; the root is the storage passed to ``compound_file``."""

    name: str
    clsid: bytes = b"\x00" * 16
    """The class id of the storage (the root of an Outlook message carries IMessage's)."""
    entries: list[Storage | Stream] = field(default_factory=list)


@dataclass
class Stream:
    """A stream (file) of the compound file."""

    name: str
    data: bytes


@dataclass
class _Entry:
    node: Storage | Stream
    kind: int
    children: list[int] = field(default_factory=list)
    left: int = _NO_STREAM
    right: int = _NO_STREAM
    child: int = _NO_STREAM
    color: int = _BLACK
    start: int = _END
    size: int = 0


def _order(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: shorter names first, then by upper-cased code points."""
    return len(name), name.upper()


class _Sectors:
    """The sectors after the header, each chain recorded in the FAT as it is added."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.fat: list[int] = []

    def add_chain(self, payload: bytes) -> int:
        count = math.ceil(len(payload) / _SECTOR)
        if count == 0:
            return _END
        first = len(self.fat)
        self.fat += [*range(first + 1, first + count), _END]
        self.data += payload.ljust(count * _SECTOR, b"\x00")
        return first


def compound_file(root: Storage) -> bytes:
    """The bytes of a compound file holding ``root``'s streams and storages."""
    entries: list[_Entry] = []
    _flatten(root, entries, _ROOT)
    for entry in entries:
        if entry.children:
            entry.child = _balanced_tree(
                entries, sorted(entry.children, key=lambda i: _order(entries[i].node.name))
            )

    sectors = _Sectors()
    mini_stream, mini_fat = bytearray(), list[int]()
    for entry in entries:
        if not isinstance(entry.node, Stream):
            continue
        data = entry.node.data
        entry.size = len(data)
        if len(data) >= _MINI_CUTOFF:
            entry.start = sectors.add_chain(data)
        elif data:
            count = math.ceil(len(data) / _MINI_SECTOR)
            entry.start = len(mini_fat)
            mini_fat += [entry.start + i + 1 for i in range(count - 1)] + [_END]
            mini_stream += data.ljust(count * _MINI_SECTOR, b"\x00")
    entries[0].start = sectors.add_chain(bytes(mini_stream)) if mini_stream else _END
    entries[0].size = len(mini_stream)
    mini_fat_start = sectors.add_chain(_ids(mini_fat, _IDS_PER_SECTOR)) if mini_fat else _END
    mini_fat_sectors = math.ceil(len(mini_fat) / _IDS_PER_SECTOR)
    unused = [_UNUSED_ENTRY] * (-len(entries) % (_SECTOR // 128))
    directory_start = sectors.add_chain(b"".join([*(_directory_entry(entry) for entry in entries), *unused]))
    return _finish(sectors, directory_start, mini_fat_start, mini_fat_sectors)


def _flatten(node: Storage | Stream, entries: list[_Entry], kind: int) -> int:
    index = len(entries)
    entries.append(_Entry(node=node, kind=kind))
    if isinstance(node, Storage):
        children = [
            _flatten(child, entries, _STORAGE if isinstance(child, Storage) else _STREAM)
            for child in node.entries
        ]
        entries[index].children = children
    return index


def _balanced_tree(
    entries: list[_Entry], ordered: list[int], depth: int = 0, height: int | None = None
) -> int:
    """The middle entry is the root; the deepest level is red, so every path has as many black nodes."""
    if not ordered:
        return _NO_STREAM
    height = height if height is not None else len(ordered).bit_length()
    middle = len(ordered) // 2
    entry = entries[ordered[middle]]
    entry.left = _balanced_tree(entries, ordered[:middle], depth + 1, height)
    entry.right = _balanced_tree(entries, ordered[middle + 1 :], depth + 1, height)
    entry.color = _RED if depth == height - 1 and depth > 0 else _BLACK
    return ordered[middle]


def _ids(values: list[int], per_sector: int) -> bytes:
    padded = values + [_FREE] * (-len(values) % per_sector)
    return struct.pack(f"<{len(padded)}I", *padded)


def _directory_entry(entry: _Entry) -> bytes:
    name = entry.node.name.encode("utf-16-le")[:62]
    storage = entry.node if isinstance(entry.node, Storage) else None
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,
        len(name) + 2,
        entry.kind,
        entry.color,
        entry.left,
        entry.right,
        entry.child,
        storage.clsid if storage else b"\x00" * 16,
        0,
        0,
        0,
        entry.start,
        entry.size,
    )


def _finish(sectors: _Sectors, directory_start: int, mini_fat_start: int, mini_fat_sectors: int) -> bytes:
    """Append the FAT (and DIFAT) sectors, then the header that points at them."""
    used = len(sectors.fat)
    fat_count = difat_count = 0
    while True:
        total = used + fat_count + difat_count
        need_fat = math.ceil(total / _IDS_PER_SECTOR)
        need_difat = math.ceil(max(0, need_fat - _HEADER_DIFAT) / (_IDS_PER_SECTOR - 1))
        if (need_fat, need_difat) == (fat_count, difat_count):
            break
        fat_count, difat_count = need_fat, need_difat
    fat_ids = list(range(used, used + fat_count))
    difat_ids = list(range(used + fat_count, used + fat_count + difat_count))
    fat = sectors.fat + [_FAT_SECTOR] * fat_count + [_DIFAT_SECTOR] * difat_count
    body = sectors.data + _ids(fat, _IDS_PER_SECTOR)
    overflow = fat_ids[_HEADER_DIFAT:]
    for number in range(difat_count):
        chunk = overflow[number * 127 : (number + 1) * 127]
        following = difat_ids[number + 1] if number + 1 < len(difat_ids) else _END
        body += _ids(chunk, 127) + struct.pack("<I", following)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        _MAGIC,
        b"\x00" * 16,
        0x003E,
        3,
        0xFFFE,
        9,
        6,
        b"\x00" * 6,
        0,
        fat_count,
        directory_start,
        0,
        _MINI_CUTOFF,
        mini_fat_start,
        mini_fat_sectors,
        difat_ids[0] if difat_ids else _END,
        difat_count,
    )
    header_difat = fat_ids[:_HEADER_DIFAT]
    header += _ids(header_difat, 1) + struct.pack("<I", _FREE) * (_HEADER_DIFAT - len(header_difat))
    return bytes(header + body)
