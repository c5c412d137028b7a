"""A message embedded in another, as the standalone ``.msg`` file Outlook would save ([MS-OXMSG] 2.2.3).

The embedded storage is copied whole with two changes: its property stream gets the top-level header (8
more reserved bytes), and the named-property mapping, which only the outer message's root holds, is copied
in, so named properties in the copy still resolve.
"""

from __future__ import annotations

import uuid

import olefile

from aseagi.ingestion.parsers.base import LimitExceeded
from aseagi.ingestion.parsers.compound_file import Storage, Stream, compound_file
from aseagi.ingestion.parsers.mapi import EMBEDDED_HEADER, NAMED_PROPERTIES, PROPERTIES, TOP_LEVEL_HEADER


def embedded_message_file(ole: olefile.OleFileIO, path: tuple[str, ...], max_bytes: int) -> bytes:
    """The ``.msg`` bytes of the embedded message at ``path``; LimitExceeded past ``max_bytes`` of streams."""
    root = Storage("Root Entry", clsid=_clsid(ole, list(path)))
    copied = _copy(ole, path, root, max_bytes)
    if not any(entry.name == NAMED_PROPERTIES for entry in root.entries) and ole.exists(NAMED_PROPERTIES):
        named = Storage(NAMED_PROPERTIES, clsid=_clsid(ole, [NAMED_PROPERTIES]))
        _copy(ole, (NAMED_PROPERTIES,), named, max_bytes - copied)
        root.entries.append(named)
    for entry in root.entries:
        if isinstance(entry, Stream) and entry.name == PROPERTIES:
            head = entry.data[:EMBEDDED_HEADER].ljust(EMBEDDED_HEADER, b"\x00")
            entry.data = head + b"\x00" * (TOP_LEVEL_HEADER - EMBEDDED_HEADER) + entry.data[EMBEDDED_HEADER:]
    return compound_file(root)


def _clsid(ole: olefile.OleFileIO, path: list[str]) -> bytes:
    text = ole.getclsid(path)
    return uuid.UUID(text).bytes_le if text else b"\x00" * 16


def _copy(ole: olefile.OleFileIO, path: tuple[str, ...], into: Storage, max_bytes: int) -> int:
    """Copy the storage at ``path`` into ``into``; the bytes copied. olefile has already refused cycles."""
    storages: dict[tuple[str, ...], Storage] = {path: into}
    copied = 0
    entries = [tuple(entry) for entry in ole.listdir(streams=True, storages=True)]
    for entry in sorted(e for e in entries if len(e) > len(path) and e[: len(path)] == path):
        parent = storages.get(entry[:-1])
        if parent is None:
            continue
        if ole.get_type(list(entry)) == olefile.STGTY_STORAGE:
            storages[entry] = Storage(entry[-1], clsid=_clsid(ole, list(entry)))
            parent.entries.append(storages[entry])
            continue
        copied += ole.get_size(list(entry))
        if copied > max_bytes:
            raise LimitExceeded(f"the embedded message holds more than {max_bytes} bytes")
        with ole.openstream(list(entry)) as stream:
            parent.entries.append(Stream(entry[-1], stream.read()))
    return copied
