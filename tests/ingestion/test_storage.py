from __future__ import annotations

import hashlib
import io
import stat
from pathlib import Path

from aseagi.ingestion.storage import BlobStore, blob_key


def test_same_bytes_are_stored_once_under_their_hash(tmp_path: Path) -> None:
    store = BlobStore(str(tmp_path / "blobs"))
    data = b"Minute order, Dept. 12\n" * 1000
    first = store.put_file(io.BytesIO(data))
    second = store.put_file(io.BytesIO(data))
    assert first.sha256 == second.sha256 == hashlib.sha256(data).hexdigest()
    assert first.created and not second.created
    assert first.key == blob_key(first.sha256) == f"{first.sha256[:2]}/{first.sha256[2:4]}/{first.sha256}"
    stored = Path(store.path(first.key))
    assert stored.read_bytes() == data
    assert not stat.S_IMODE(stored.stat().st_mode) & 0o222, "originals are read-only"
    assert list(store.keys()) == [first.key]
    assert not any((tmp_path / "blobs" / "tmp").iterdir())


def test_verify_detects_a_changed_original(tmp_path: Path) -> None:
    store = BlobStore(str(tmp_path / "blobs"))
    source = tmp_path / "report.txt"
    source.write_bytes(b"The mother was contacted on March 2, 2024.")
    blob = store.put_file(source)
    assert store.hash_of(blob.key) == blob.sha256
    path = Path(store.path(blob.key))
    path.chmod(0o644)
    path.write_bytes(b"The mother was contacted on March 3, 2024.")
    assert store.hash_of(blob.key) != blob.sha256
    assert source.read_bytes().endswith(b"March 2, 2024."), "the source is never touched"


def test_memory_filesystem_works_like_object_storage() -> None:
    store = BlobStore("memory://aseagi-test-blobs")
    blob = store.put_file(io.BytesIO(b"abc"))
    assert not store.local
    assert store.exists(blob.key)
    with store.open(blob.key) as handle:
        assert handle.read() == b"abc"
