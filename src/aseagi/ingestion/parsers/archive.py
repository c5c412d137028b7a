"""Archives (zip, tar, gzip): members copied out under generated names, within the safety limits.

An archive is the one input that can make a small upload fill a disk (zip bombs) or write outside its
folder (``../../etc/passwd``, absolute names, symlinks). So: nothing is extracted by its own name; the
member count and the declared sizes are checked before anything is written; and while copying, the bytes
actually produced are counted, because the sizes an archive declares can lie. The compression-ratio test
only applies to members (and totals) above ``RATIO_FLOOR_BYTES``: a tiny file of spaces may compress
1000:1 legitimately, and cannot fill a disk.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import ClassVar

from aseagi.ingestion.parsers.base import (
    EncryptedDocument,
    LimitExceeded,
    Member,
    ParseContext,
    ParsedDocument,
    ParseError,
)
from aseagi.ingestion.parsers.member_files import ByteSource, MemberWriter
from aseagi.ingestion.parsers.messages_text import paginate

RATIO_FLOOR_BYTES = 1024 * 1024
_SKIPPED_PARTS = {"__MACOSX", ".DS_Store"}


def _check_depth(context: ParseContext) -> None:
    if context.depth >= context.limits.max_archive_depth:
        raise LimitExceeded(
            f"archive nested {context.depth} levels deep; the limit is {context.limits.max_archive_depth}"
        )


def _is_junk(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return any(part in _SKIPPED_PARTS or part.startswith("._") for part in parts)


def _ratio_exceeded(expanded: int, compressed: int, limit: float) -> bool:
    return expanded > RATIO_FLOOR_BYTES and expanded > limit * max(compressed, 1)


class _Extraction:
    """Copies members within a byte budget; removes what it wrote if a limit is hit."""

    def __init__(self, context: ParseContext, kind: str) -> None:
        self.limits = context.limits
        self.writer = MemberWriter(context.workdir, prefix="member")
        self.members: list[Member] = []
        self.warnings: list[str] = []
        self.index: list[str] = []
        self.kind = kind
        self.expanded = 0

    def copy(self, name: str, source: ByteSource, compressed_size: int | None) -> None:
        budget = self.limits.max_expanded_bytes - self.expanded
        if compressed_size is not None:
            allowed = int(compressed_size * self.limits.max_compression_ratio)
            budget = min(budget, max(RATIO_FLOOR_BYTES, allowed))
        member = self.writer.write_stream(name, source, max_bytes=budget)
        self.expanded += member.size
        self.members.append(member)
        self.index.append(f"{len(self.members):>6}. {name}  ({member.size} bytes)")

    def skip(self, name: str, reason: str) -> None:
        self.warnings.append(f"{name!r} skipped: {reason}")
        self.index.append(f"     -  {name}  (skipped: {reason})")

    def discard(self) -> None:
        for member in self.members:
            member.path.unlink(missing_ok=True)

    def document(self, path: Path, mime_type: str) -> ParsedDocument:
        heading = f"{self.kind} archive {path.name}: {len(self.members)} member(s)"
        return ParsedDocument(
            mime_type=mime_type,
            pages=paginate(self.index, heading=heading),
            title=path.name,
            metadata={"members": str(len(self.members)), "expanded_bytes": str(self.expanded)},
            members=tuple(self.members),
            warnings=tuple(self.warnings),
        )


class ZipParser:
    """``application/zip`` (and zip-based packages routed here): every file member becomes a Member."""

    mime_types: ClassVar[tuple[str, ...]] = ("application/zip",)

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        _check_depth(context)
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise ParseError(f"the zip archive is damaged or not a zip file ({exc})") from exc
        with archive:
            infos = archive.infolist()
            _check_zip_plan(infos, context)
            extraction = _Extraction(context, "Zip")
            try:
                _extract_zip(archive, infos, extraction)
            except BaseException:
                extraction.discard()
                raise
        return extraction.document(path, "application/zip")


def _zip_file_entries(infos: list[zipfile.ZipInfo]) -> Iterator[tuple[zipfile.ZipInfo, str | None]]:
    """Each entry with the reason it is not extracted (``None`` when it is)."""
    for info in infos:
        if info.is_dir():
            continue
        mode = info.external_attr >> 16
        if _is_junk(info.filename):
            continue
        if stat.S_ISLNK(mode):
            yield info, "symbolic link"
        elif info.flag_bits & 0x1:
            yield info, "encrypted"
        else:
            yield info, None


def _check_zip_plan(infos: list[zipfile.ZipInfo], context: ParseContext) -> None:
    limits = context.limits
    if len(infos) > limits.max_archive_members:
        raise LimitExceeded(
            f"the archive has {len(infos)} members; the limit is {limits.max_archive_members}"
        )
    entries = list(_zip_file_entries(infos))
    readable = [info for info, reason in entries if reason is None]
    encrypted = [info for info, reason in entries if reason == "encrypted"]
    if encrypted and not readable:
        raise EncryptedDocument("the zip archive is password-protected; ASEAGI never guesses passwords")
    declared = sum(info.file_size for info in readable)
    if declared > limits.max_expanded_bytes:
        raise LimitExceeded(
            f"zip bomb refused: members declare {declared} bytes, more than {limits.max_expanded_bytes}"
        )
    for info in readable:
        if _ratio_exceeded(info.file_size, info.compress_size, limits.max_compression_ratio):
            raise LimitExceeded(
                f"zip bomb refused: {info.filename!r} expands {info.file_size} bytes from "
                f"{info.compress_size} (ratio above {limits.max_compression_ratio:g})"
            )
    compressed = sum(info.compress_size for info in readable)
    if _ratio_exceeded(declared, compressed, limits.max_compression_ratio):
        raise LimitExceeded(f"zip bomb refused: {declared} bytes from {compressed} compressed")


def _extract_zip(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], extraction: _Extraction) -> None:
    for info, reason in _zip_file_entries(infos):
        if reason is not None:
            extraction.skip(info.filename, reason)
            continue
        try:
            with archive.open(info) as source:
                extraction.copy(info.filename, source, info.compress_size)
        except LimitExceeded:
            raise
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
            extraction.skip(info.filename, f"unreadable ({exc})")
    total_compressed = sum(info.compress_size for info in infos)
    if _ratio_exceeded(extraction.expanded, total_compressed, extraction.limits.max_compression_ratio):
        raise LimitExceeded(
            f"zip bomb refused: {extraction.expanded} bytes from {total_compressed} compressed"
        )


class TarParser:
    """Tar archives, plain or compressed (``.tar``, ``.tar.gz``, ``.tgz``, ``.tar.bz2``, ``.tar.xz``), and a
    lone compressed file (``.gz``, ``.bz2``, ``.xz``)."""

    mime_types: ClassVar[tuple[str, ...]] = (
        "application/x-tar",
        "application/gzip",
        "application/x-bzip2",
        "application/x-xz",
    )

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        _check_depth(context)
        try:
            archive = tarfile.open(path, mode="r:*")
        except tarfile.ReadError:
            return _parse_lone_compressed(path, context)
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise ParseError(f"the tar archive is damaged ({exc})") from exc
        with archive:
            extraction = _Extraction(context, "Tar")
            try:
                infos = _plan_tar(archive, path, context)
                if not infos and _compression(path) is not None:  # zeros read as an empty tar: a lone file
                    return _parse_lone_compressed(path, context)
                for info in infos:
                    if not info.isfile():
                        extraction.skip(info.name, "link or special file")
                        continue
                    source = archive.extractfile(info)
                    if source is not None:
                        extraction.copy(info.name, source, None)
            except (LimitExceeded, EncryptedDocument):
                extraction.discard()
                raise
            except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
                extraction.warnings.append(f"the tar archive is cut short or damaged ({exc})")
        return extraction.document(path, "application/x-tar")


_Opener = type[gzip.GzipFile] | type[bz2.BZ2File] | type[lzma.LZMAFile]
_COMPRESSIONS: dict[bytes, tuple[str, str, str, _Opener]] = {
    b"\x1f\x8b": ("Gzip", "application/gzip", ".gz", gzip.GzipFile),
    b"BZh": ("Bzip2", "application/x-bzip2", ".bz2", bz2.BZ2File),
    b"\xfd7zXZ\x00": ("XZ", "application/x-xz", ".xz", lzma.LZMAFile),
}
"""Magic bytes -> (kind, MIME type, extension, opener) of the single-file compressions."""


def _compression(path: Path) -> tuple[str, str, str, _Opener] | None:
    with path.open("rb") as handle:
        head = handle.read(6)
    return next((found for magic, found in _COMPRESSIONS.items() if head.startswith(magic)), None)


def _plan_tar(archive: tarfile.TarFile, path: Path, context: ParseContext) -> list[tarfile.TarInfo]:
    """Read the member headers first: count and declared sizes are checked before anything is written."""
    limits = context.limits
    infos: list[tarfile.TarInfo] = []
    declared = 0
    for info in archive:
        if info.isdir() or _is_junk(info.name):
            continue
        infos.append(info)
        declared += info.size if info.isfile() else 0
        if len(infos) > limits.max_archive_members:
            raise LimitExceeded(f"the archive has more than {limits.max_archive_members} members")
        if declared > limits.max_expanded_bytes:
            raise LimitExceeded(
                f"zip bomb refused: members declare more than {limits.max_expanded_bytes} bytes"
            )
    if _ratio_exceeded(declared, path.stat().st_size, limits.max_compression_ratio):
        raise LimitExceeded(f"zip bomb refused: {declared} bytes from {path.stat().st_size} compressed")
    return infos


def _parse_lone_compressed(path: Path, context: ParseContext) -> ParsedDocument:
    """A ``.gz``, ``.bz2`` or ``.xz`` that is not a tar: one member, the decompressed file."""
    compression = _compression(path)
    if compression is None:
        raise ParseError("the tar archive is damaged or not a tar file")
    kind, mime_type, extension, opener = compression
    extraction = _Extraction(context, kind)
    stem = path.name[: -len(extension)] if path.name.lower().endswith(extension) else ""
    name = stem or f"{path.name}.decompressed"
    try:
        with opener(path, "rb") as source:
            extraction.copy(name, source, path.stat().st_size)
    except LimitExceeded:
        extraction.discard()
        raise
    except (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError) as exc:
        extraction.discard()
        raise ParseError(f"the {kind.lower()} file is damaged or not {kind.lower()} ({exc})") from exc
    return extraction.document(path, mime_type)
