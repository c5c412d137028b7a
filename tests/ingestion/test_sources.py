from __future__ import annotations

import os
from pathlib import Path

import pytest

from aseagi.config import Settings
from aseagi.ingestion.sources import confine, list_source, open_source
from aseagi.ingestion.tasks import _after_cursor
from aseagi.kit.errors import BadRequest, Forbidden


@pytest.fixture
def roots(tmp_path: Path) -> Settings:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return Settings(ASEAGI_DATA_DIR=tmp_path, ASEAGI_INGEST_ROOTS=str(inbox))  # type: ignore[call-arg]


def test_sources_are_confined_to_the_ingest_roots(roots: Settings, tmp_path: Path) -> None:
    inside = tmp_path / "inbox" / "case"
    inside.mkdir()
    assert confine(str(inside), roots) == str(inside.resolve())
    with pytest.raises(Forbidden, match="ASEAGI_INGEST_ROOTS"):
        confine("/etc", roots)
    with pytest.raises(Forbidden, match="ASEAGI_INGEST_ROOTS"):
        confine(str(tmp_path / "inbox" / ".." / ".."), roots)
    escape = tmp_path / "inbox" / "escape"
    escape.symlink_to("/etc")
    with pytest.raises(Forbidden):
        confine(str(escape), roots)
    with pytest.raises(Forbidden, match="ASEAGI_INGEST_URL_SCHEMES"):
        confine("s3://bucket/evidence", roots)
    with pytest.raises(BadRequest):
        confine(str(tmp_path / "inbox" / "missing"), roots)


def test_allowed_url_schemes(tmp_path: Path) -> None:
    settings = Settings(ASEAGI_DATA_DIR=tmp_path, ASEAGI_INGEST_URL_SCHEMES="s3,memory")  # type: ignore[call-arg]
    assert confine("memory://evidence", settings) == "memory://evidence"


def test_listing_is_ordered_skips_links_and_resumes_after_a_cursor(tmp_path: Path) -> None:
    for name in ("b/2.txt", "b/1.txt", "a.txt", "c/d/e.txt", "c.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "pipe")
    listed = [Path(f.source).relative_to(tmp_path).as_posix() for f in list_source(str(tmp_path))]
    assert listed == ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.txt", "c.txt"]
    resumed = _after_cursor(list_source(str(tmp_path)), str(tmp_path / "b" / "2.txt"))
    assert [Path(f.source).name for f in resumed] == ["e.txt", "c.txt"]
    (tmp_path / "b" / "2.txt").unlink()  # the cursor's own file may be gone when discovery resumes
    resumed = _after_cursor(list_source(str(tmp_path)), str(tmp_path / "b" / "2.txt"))
    assert [Path(f.source).name for f in resumed] == ["e.txt", "c.txt"]


def test_names_that_are_not_utf8_are_listed_readable_with_their_bytes(tmp_path: Path) -> None:
    root = os.fsencode(tmp_path)
    for name in (b"a.txt", b"bad\xffname.txt", b"z.txt"):
        with open(root + b"/" + name, "wb") as handle:
            handle.write(name)
    os.mkdir(root + b"/dir\xe9")
    with open(root + b"/dir\xe9/inner.txt", "wb") as handle:
        handle.write(b"inner")
    listed = list(list_source(str(tmp_path)))
    names = [Path(f.source).relative_to(tmp_path).as_posix() for f in listed]
    assert names == ["a.txt", "bad\\xffname.txt", "dir\\xe9/inner.txt", "z.txt"]
    raw = {f.file_name: f.raw for f in listed}
    assert raw == {
        "a.txt": None,
        "bad\\xffname.txt": root + b"/bad\xffname.txt",
        "inner.txt": root + b"/dir\xe9/inner.txt",
        "z.txt": None,
    }
    for listed_file in listed:  # readable forms are text anything can hold; raw bytes open the file
        listed_file.source.encode("utf-8")
        with open_source(listed_file.source, listed_file.raw) as handle:
            assert handle.read()
    resumed = _after_cursor(list_source(str(tmp_path)), listed[1].source)
    assert [f.file_name for f in resumed] == ["inner.txt", "z.txt"]


def test_a_folder_that_cannot_be_listed_is_listed_itself_to_fail_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads any folder, so the refusal is simulated where the listing asks the file system."""
    for name in ("a.txt", "locked/secret.txt", "z.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    listed = [(Path(f.source).relative_to(tmp_path).as_posix(), f.size) for f in list_source(str(tmp_path))]
    assert listed == [("a.txt", 5), ("locked", None), ("z.txt", 5)]
