"""Originals, content-addressed by SHA-256, behind fsspec (a local folder or object storage).

An original is written once and never changed: its key is its hash (``ab/cd/abcd…``). Storing the same
bytes again is a no-op. ``verify`` re-hashes what is stored, for the chain of custody. A local store is
its owner's only: folders 0700, originals 0400, whatever the umask.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import fsspec
from fsspec.core import url_to_fs

from aseagi.kit.private import ORIGINAL_MODE, create_private_file, private_folder

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    key: str
    size: int
    created: bool
    """False when the same bytes were already stored."""


def blob_key(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


class BlobStore:
    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        fs, root = url_to_fs(self.url)
        self.fs: fsspec.AbstractFileSystem = fs
        self.root = root.rstrip("/")
        self.local = "file" in cast(
            tuple[str, ...], (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))
        )
        self._folders: set[str] = set()
        """Folders of the local store known to exist (making sure costs a system call per file)."""
        if self.local:
            private_folder(Path(self.root, "tmp"))

    def path(self, key: str) -> str:
        return f"{self.root}/{key}"

    def put_file(self, source: Path | IO[bytes]) -> StoredBlob:
        """Copy ``source`` in while hashing it (one read), then move it under its hash."""
        temporary = self.path(f"tmp/{uuid.uuid4().hex}")
        digest = hashlib.sha256()
        size = 0
        handle: IO[bytes] = open(source, "rb") if isinstance(source, Path) else source
        try:
            with self._create(temporary) as out:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
        except BaseException:
            self._discard(temporary)
            raise
        finally:
            if isinstance(source, Path):
                handle.close()
        sha256 = digest.hexdigest()
        key = blob_key(sha256)
        final = self.path(key)
        if os.path.exists(final) if self.local else self.fs.exists(final):
            self._discard(temporary)
            return StoredBlob(sha256, key, size, created=False)
        if self.local:
            folder = os.path.dirname(final)
            if folder not in self._folders:
                private_folder(folder)
                self._folders.add(folder)
            os.chmod(temporary, ORIGINAL_MODE)
            try:
                os.replace(temporary, final)
            except FileNotFoundError:  # its folder was removed since we made it
                private_folder(folder)
                os.replace(temporary, final)
        else:
            self.fs.mv(temporary, final)
        return StoredBlob(sha256, key, size, created=True)

    def _create(self, path: str) -> IO[bytes]:
        if not self.local:
            return cast(IO[bytes], self.fs.open(path, "wb"))
        try:
            return os.fdopen(create_private_file(path), "wb")
        except FileNotFoundError:  # the temporary folder was removed while we ran
            private_folder(os.path.dirname(path))
            return os.fdopen(create_private_file(path), "wb")

    def _discard(self, path: str) -> None:
        try:
            if self.local:
                os.unlink(path)
            else:
                self.fs.rm(path)
        except FileNotFoundError:
            pass

    def open(self, key: str) -> IO[bytes]:
        return cast(IO[bytes], self.fs.open(self.path(key), "rb"))

    def exists(self, key: str) -> bool:
        return bool(self.fs.exists(self.path(key)))

    def hash_of(self, key: str) -> str:
        digest = hashlib.sha256()
        with self.open(key) as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def download(self, key: str, target: Path) -> Path:
        with self.open(key) as handle, open(target, "wb") as out:
            while chunk := handle.read(CHUNK):
                out.write(chunk)
        return target

    def keys(self) -> Iterator[str]:
        """Every stored key, streamed directory by directory."""
        for directory, _, files in self.fs.walk(self.root):
            relative = str(directory)[len(self.root) :].strip("/")
            if relative.startswith("tmp"):
                continue
            for name in files:
                yield f"{relative}/{name}" if relative else name

    def info(self) -> dict[str, Any]:
        return {"url": self.url, "local": self.local}
