"""ZipParser and TarParser: safe member names, zip bombs, member limits, nesting, encryption."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import stat
import struct
import tarfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from aseagi.ingestion.parsers.archive import TarParser, ZipParser
from aseagi.ingestion.parsers.base import (
    EncryptedDocument,
    LimitExceeded,
    Limits,
    ParseContext,
    ParseError,
)
from aseagi.ingestion.parsers.member_files import MemberWriter
from aseagi.ingestion.parsers.registry import parse_file

MB = 1024 * 1024


def _raw_zip(entries: list[tuple[str, bytes, int, int, int, int]]) -> bytes:
    """A zip written byte by byte: (name, stored data, crc, declared size, method, flags) per entry.

    Lets a test declare sizes and flags that zipfile would never write (bombs, lying sizes, encryption).
    """
    out = io.BytesIO()
    central = []
    for name, data, crc, size, method, flags in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, flags, method, 0, 0x21, crc, len(data), size, len(encoded), 0
            )
        )
        out.write(encoded + data)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                flags,
                method,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0)
    )
    return out.getvalue()


def _zeros_deflated(megabytes: int) -> tuple[bytes, int]:
    """Raw deflate of ``megabytes`` MiB of zeros without compressing them all: full flushes repeat."""
    chunk = bytes(MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = first + repeat * (megabytes - 1) + compressor.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return stream, crc


def _context(tmp_path: Path, **limits: int | float) -> ParseContext:
    return ParseContext(workdir=tmp_path / "work", limits=Limits(**limits))  # type: ignore[arg-type]


def _files_outside_workdir(tmp_path: Path, archive: Path) -> list[Path]:
    work = tmp_path / "work"
    return [p for p in tmp_path.rglob("*") if p != archive and work not in p.parents and p != work]


def test_zip_bomb_of_one_gigabyte_is_refused(tmp_path: Path) -> None:
    stream, crc = _zeros_deflated(1024)
    assert zlib.decompressobj(-15).decompress(stream[:4096], 10) == bytes(10)
    path = tmp_path / "bomb.zip"
    path.write_bytes(_raw_zip([("zeros.bin", stream, crc, 1024 * MB, zipfile.ZIP_DEFLATED, 0)]))
    assert path.stat().st_size < 2 * MB
    with pytest.raises(LimitExceeded, match="zip bomb refused"):
        ZipParser().parse(path, _context(tmp_path))
    assert not any((tmp_path / "work").glob("*"))


def test_declared_total_above_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.bin", os.urandom(3 * MB))
        archive.writestr("b.bin", os.urandom(3 * MB))
    with pytest.raises(LimitExceeded, match="zip bomb refused"):
        ZipParser().parse(path, _context(tmp_path, max_expanded_bytes=5 * MB))


def test_copy_counts_real_bytes_not_declared_ones(tmp_path: Path) -> None:
    writer = MemberWriter(tmp_path / "work")
    with pytest.raises(LimitExceeded):
        writer.write_stream("liar.bin", io.BytesIO(bytes(3 * MB)), max_bytes=2 * MB)
    assert list((tmp_path / "work").iterdir()) == []


def test_lying_declared_size_never_expands_beyond_it(tmp_path: Path) -> None:
    stream, crc = _zeros_deflated(20)
    path = tmp_path / "liar.zip"
    path.write_bytes(_raw_zip([("liar.bin", stream, crc, 1000, zipfile.ZIP_DEFLATED, 0)]))
    doc = ZipParser().parse(path, _context(tmp_path))
    written = sum(p.stat().st_size for p in (tmp_path / "work").iterdir())
    assert written <= 1000
    assert doc.members == ()
    assert any("liar.bin" in w for w in doc.warnings)


def test_ten_thousand_members(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(10_000):
            archive.writestr(f"scans/page-{number}.txt", f"page {number}")
    started = time.perf_counter()
    doc = ZipParser().parse(path, _context(tmp_path))
    elapsed = time.perf_counter() - started
    assert len(doc.members) == 10_000
    assert doc.members[9_999].name == "scans/page-9999.txt"
    assert doc.members[9_999].path.read_text() == "page 9999"
    assert doc.page_count == 100
    print(f"10,000-member zip parsed in {elapsed:.2f} s")


def test_member_count_limit_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(30):
            archive.writestr(f"{number}.txt", "x")
    with pytest.raises(LimitExceeded):
        ZipParser().parse(path, _context(tmp_path, max_archive_members=10))
    assert not (tmp_path / "work").exists() or not any((tmp_path / "work").iterdir())


def test_hostile_names_stay_inside_the_workdir(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    names = ["../../etc/passwd", "/abs/root.txt", "C:\\Windows\\evil.txt", "a/../../../up.txt", "CON"]
    names.append("ok.pdf")
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(zipfile.ZipInfo(name), f"content of {name}")
        link = zipfile.ZipInfo("link-to-etc")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc")
        archive.writestr("__MACOSX/._ok.pdf", "resource fork")
        archive.writestr("folder/", "")
    doc = ZipParser().parse(path, _context(tmp_path))
    work = (tmp_path / "work").resolve()
    assert sorted(m.name for m in doc.members) == sorted(names)
    for member in doc.members:
        assert member.path.resolve().parent == work
        assert member.path.name.startswith("member-")
    assert _files_outside_workdir(tmp_path, path) == []
    assert any("link-to-etc" in warning and "symbolic link" in warning for warning in doc.warnings)
    assert "__MACOSX" not in doc.text
    assert doc.members[-1].path.suffix == ".pdf"


def test_nested_zip_and_depth_limit(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("order.txt", "minute order")
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("inner.zip", inner.getvalue())
    doc = ZipParser().parse(path, _context(tmp_path))
    (member,) = doc.members
    assert member.path.suffix == ".zip"
    nested = ZipParser().parse(member.path, ParseContext(workdir=tmp_path / "inner", depth=1))
    assert nested.members[0].path.read_text() == "minute order"
    with pytest.raises(LimitExceeded):
        ZipParser().parse(path, ParseContext(workdir=tmp_path / "deep", depth=3))


def test_encrypted_members(tmp_path: Path) -> None:
    secret = ("secret.txt", b"\x00" * 20, 0, 8, zipfile.ZIP_STORED, 0x1)
    plain = ("plain.txt", b"readable", zlib.crc32(b"readable"), 8, zipfile.ZIP_STORED, 0)
    all_encrypted = tmp_path / "locked.zip"
    all_encrypted.write_bytes(_raw_zip([secret]))
    with pytest.raises(EncryptedDocument):
        ZipParser().parse(all_encrypted, _context(tmp_path))
    some = tmp_path / "some.zip"
    some.write_bytes(_raw_zip([secret, plain]))
    doc = ZipParser().parse(some, _context(tmp_path))
    assert [m.name for m in doc.members] == ["plain.txt"]
    assert any("secret.txt" in warning and "encrypted" in warning for warning in doc.warnings)


def test_damaged_zip(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(ParseError):
        ZipParser().parse(path, _context(tmp_path))


def test_tar_gz_with_hostile_names(tmp_path: Path) -> None:
    path = tmp_path / "evidence.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, data in (("../../escape.txt", b"escape"), ("/etc/cron.d/x", b"abs"), ("docs/a.txt", b"a")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("link")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    doc = TarParser().parse(path, _context(tmp_path))
    assert [m.name for m in doc.members] == ["../../escape.txt", "/etc/cron.d/x", "docs/a.txt"]
    assert _files_outside_workdir(tmp_path, path) == []
    assert any("link" in warning for warning in doc.warnings)


def test_lone_gzip_and_tar_bomb(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt.gz"
    path.write_bytes(gzip.compress(b"hearing notes"))
    doc = TarParser().parse(path, _context(tmp_path))
    assert doc.members[0].name == "notes.txt"
    assert doc.members[0].path.read_bytes() == b"hearing notes"

    bomb = tmp_path / "zeros.gz"
    bomb.write_bytes(gzip.compress(bytes(50 * MB), compresslevel=1))
    with pytest.raises(LimitExceeded):
        TarParser().parse(bomb, ParseContext(workdir=tmp_path / "bomb"))
    assert not any((tmp_path / "bomb").iterdir())


@pytest.mark.parametrize(("suffix", "compress"), [(".bz2", bz2.compress), (".xz", lzma.compress)])
def test_lone_bzip2_and_xz_and_their_bombs(
    tmp_path: Path, suffix: str, compress: Callable[[bytes], bytes]
) -> None:
    path = tmp_path / f"notes.txt{suffix}"
    path.write_bytes(compress(b"hearing notes"))
    doc = parse_file(path, _context(tmp_path))
    assert doc.members[0].name == "notes.txt"
    assert doc.members[0].path.read_bytes() == b"hearing notes"

    bomb = tmp_path / f"zeros{suffix}"
    bomb.write_bytes(compress(bytes(50 * MB)))
    with pytest.raises(LimitExceeded):
        parse_file(bomb, ParseContext(workdir=tmp_path / "bomb"))
    assert not any((tmp_path / "bomb").iterdir())
