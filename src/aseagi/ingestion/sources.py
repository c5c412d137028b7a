"""Where bulk ingestion may read, and how it lists a source without holding millions of paths in memory.

A token holder must not make the server read ``/etc`` or another user's files: a source is allowed only
inside ``ASEAGI_INGEST_ROOTS`` (real paths, symlinks resolved) or under an allowed object-storage scheme.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, cast

import fsspec

from aseagi.config import Settings
from aseagi.kit.errors import BadRequest, Forbidden

log = logging.getLogger(__name__)

SKIPPED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class ListedFile:
    source: str
    """The path or URL, readable: bytes of a local name that are not UTF-8 are escaped (``\\xff``)."""
    file_name: str
    size: int | None
    mtime: datetime | None
    raw: bytes | None = None
    """The local path's bytes when they are not valid UTF-8: what the file is opened by. None otherwise."""


def readable(path: str) -> tuple[str, bytes | None]:
    """A local path as text that JSON and PostgreSQL can hold, and its raw bytes when it needs escaping.

    Linux names are bytes: ``b'bad\\xffname.txt'`` reaches Python as a lone surrogate, which cannot be
    encoded. It becomes ``bad\\xffname.txt`` to read and to store; the raw bytes open the file and are
    stored beside it (``file_name_raw``, ``source_raw``).
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(path)
        return raw.decode("utf-8", errors="backslashreplace"), raw
    return path, None


def _scheme(source: str) -> str | None:
    if "://" in source:
        return source.split("://", 1)[0].lower()
    return None


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def confine(source: str, settings: Settings) -> str:
    """Return the normalized source if it is allowed; raise Forbidden naming the setting otherwise."""
    if not source or len(source) > 4096 or "\x00" in source:
        raise BadRequest("source must be a folder path or a storage URL")
    scheme = _scheme(source)
    if scheme not in (None, "file"):
        if scheme in {s.lower() for s in settings.ingest_url_schemes}:
            return source
        raise Forbidden(
            f"reading {scheme}:// sources is not allowed: add the scheme to ASEAGI_INGEST_URL_SCHEMES"
        )
    path = Path(source.removeprefix("file://")).expanduser()
    real = Path(os.path.realpath(path))
    roots = [Path(os.path.realpath(root)) for root in settings.allowed_ingest_roots]
    if not any(_inside(real, root) for root in roots):
        raise Forbidden(
            "source is outside the folders ingestion may read: set ASEAGI_INGEST_ROOTS "
            f"(now: {':'.join(str(r) for r in roots)})"
        )
    if not real.exists():
        raise BadRequest(f"no such folder or file: {source}")
    return str(real)


def _local_file(path: str, entry: os.DirEntry[str] | None = None) -> ListedFile | None:
    """The file's listing; one whose details cannot be read is still listed, to fail with its reason."""
    source, raw = readable(path)
    try:
        info = entry.stat(follow_symlinks=False) if entry else os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError:
        return ListedFile(source, os.path.basename(source), None, None, raw)
    return ListedFile(
        source, os.path.basename(source), info.st_size, datetime.fromtimestamp(info.st_mtime, UTC), raw
    )


def list_source(source: str) -> Iterator[ListedFile]:
    """Stream the files under a source (depth-first, one directory at a time). Links are not followed."""
    scheme = _scheme(source)
    if scheme not in (None, "file"):
        yield from _list_remote(source)
        return
    root = source.removeprefix("file://")
    if os.path.isfile(root):
        listed = _local_file(root)
        if listed:
            yield listed
        return
    yield from _walk(root)


def _walk(directory: str) -> Iterator[ListedFile]:
    """Entries in name order, folders entered where they sort: the order is that of the paths' parts,
    so a discovery that stopped can resume after the last path it queued (``listing_key``)."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: readable(e.name)[0])
    except OSError as exc:
        # Listed as an entry of its own: reading it fails with the reason, so the batch tells the user
        # that a folder (and whatever it holds) was not read.
        log.warning("could not list folder %s: %s", readable(directory)[0], exc.strerror or exc)
        source, raw = readable(directory)
        yield ListedFile(source, os.path.basename(source), None, None, raw)
        return
    for entry in entries:
        try:
            if entry.is_symlink() or entry.name in SKIPPED_NAMES:
                continue
            folder = entry.is_dir(follow_symlinks=False)
            plain = not folder and entry.is_file(follow_symlinks=False)
        except OSError:  # listed all the same: reading it will fail with the reason
            folder, plain = False, True
        if folder:
            yield from _walk(entry.path)
        elif plain:
            listed = _local_file(entry.path, entry)
            if listed:
                yield listed


def listing_key(source: str) -> tuple[str, ...]:
    return tuple(part for part in source.split("/") if part)


def _list_remote(source: str) -> Iterator[ListedFile]:
    fs, root = fsspec.core.url_to_fs(source)
    protocol = source.split("://", 1)[0]
    for directory, _, files in fs.walk(root, detail=True):
        for name, info in sorted(files.items()):
            modified = info.get("mtime") or info.get("LastModified")
            mtime = modified if isinstance(modified, datetime) else None
            yield ListedFile(f"{protocol}://{directory.rstrip('/')}/{name}", name, info.get("size"), mtime)


def open_source(source: str, raw: bytes | None = None) -> IO[bytes]:
    """Open a listed source; ``raw`` is the local path's bytes when its name is not valid UTF-8."""
    if raw is not None:
        return open(raw, "rb")
    scheme = _scheme(source)
    if scheme in (None, "file"):
        return open(source.removeprefix("file://"), "rb")
    return cast(IO[bytes], fsspec.open(source, "rb").open())
