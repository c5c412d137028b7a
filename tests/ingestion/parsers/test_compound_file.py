"""The compound-file writer (embedded Outlook messages saved as .msg), read back by olefile."""

from __future__ import annotations

import io
import random
import uuid

import olefile
import pytest

from aseagi.ingestion.parsers import compound_file
from aseagi.ingestion.parsers.compound_file import Storage, Stream

# Around the 64-byte mini sector, the 4096-byte mini stream cutoff and the 512-byte sector
SIZES = (0, 1, 63, 64, 65, 511, 512, 513, 4095, 4096, 4097, 20_000)


def _clsid_text(clsid: bytes) -> str:
    return str(uuid.UUID(bytes_le=clsid)).upper() if any(clsid) else ""


def _read_back(data: bytes) -> olefile.OleFileIO:
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)


def _random_tree(rng: random.Random, name: str, depth: int) -> Storage:
    storage = Storage(name, clsid=rng.randbytes(16))
    for index in range(rng.randrange(1, 40)):
        if depth < 3 and rng.random() < 0.1:
            storage.entries.append(_random_tree(rng, f"__recip_version1.0_#{index:08X}", depth + 1))
        else:
            size = rng.choice([*SIZES, rng.randrange(9000)])
            storage.entries.append(Stream(f"__substg1.0_{index:04X}001F", rng.randbytes(size)))
    return storage


def _expected(storage: Storage, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], bytes | Storage]:
    found: dict[tuple[str, ...], bytes | Storage] = {}
    for entry in storage.entries:
        where = (*path, entry.name)
        if isinstance(entry, Storage):
            found[where] = entry
            found.update(_expected(entry, where))
        else:
            found[where] = entry.data
    return found


@pytest.mark.parametrize("seed", range(12))
def test_every_stream_and_storage_reads_back(seed: int) -> None:
    root = _random_tree(random.Random(seed), "Root Entry", 0)
    ole = _read_back(compound_file.compound_file(root))
    expected = _expected(root)
    assert {tuple(e) for e in ole.listdir(streams=True, storages=True)} == set(expected)
    for path, value in expected.items():
        if isinstance(value, Storage):
            assert ole.get_type(list(path)) == olefile.STGTY_STORAGE
            assert ole.getclsid(list(path)) == _clsid_text(value.clsid)
        else:
            assert ole.openstream(list(path)).read() == value, path
    assert ole.getclsid([]) == _clsid_text(root.clsid)


def test_a_file_past_109_fat_sectors_uses_difat_sectors() -> None:
    big = bytes(range(256)) * 32_000  # 8 MB: more FAT sectors than the header can list
    root = Storage("Root Entry", entries=[Stream("big", big), Stream("small", b"x" * 100)])
    data = compound_file.compound_file(root)
    assert int.from_bytes(data[0x48:0x4C], "little") > 0  # DIFAT sectors in use
    ole = _read_back(data)
    assert ole.openstream("big").read() == big
    assert ole.openstream("small").read() == b"x" * 100


@pytest.mark.parametrize("count", [*range(1, 70), 127, 128, 255, 256, 257])
def test_sibling_trees_are_red_black(count: int) -> None:
    """Windows refuses a directory whose sibling trees break the red-black rules; olefile does not check."""
    entries = [compound_file._Entry(node=Stream(f"s{i:04d}", b""), kind=2) for i in range(count)]
    root = compound_file._balanced_tree(entries, list(range(count)))

    def black_height(index: int, parent_red: bool) -> int:
        if index == compound_file._NO_STREAM:
            return 1
        entry = entries[index]
        red = entry.color == compound_file._RED
        assert not (red and parent_red)
        left, right = black_height(entry.left, red), black_height(entry.right, red)
        assert left == right
        return left + (0 if red else 1)

    assert entries[root].color == compound_file._BLACK
    black_height(root, False)
