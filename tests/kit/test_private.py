"""Owner-only on disk whatever the umask: data directory, inbox, blob store, admin token, bot state."""

from __future__ import annotations

import io
import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aseagi.cli.up import write_secret
from aseagi.config import DATA_DIR_WARNED, Settings, prepare_data_dir
from aseagi.ingestion.storage import BlobStore


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """umask 000: without explicit modes everything would be created world-readable (0777/0666)."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def settings_in(data_dir: Path) -> Settings:
    return Settings(ASEAGI_DATA_DIR=data_dir)  # type: ignore[call-arg]


@pytest.mark.usefixtures("permissive_umask")
def test_data_directory_and_inbox_are_created_owner_only(tmp_path: Path) -> None:
    settings = settings_in(tmp_path / "home" / "aseagi")
    prepare_data_dir(settings)
    for folder in (tmp_path / "home", settings.data_dir, settings.data_dir / "inbox"):
        assert mode(folder) == 0o700, folder


@pytest.mark.usefixtures("permissive_umask")
def test_originals_and_their_folders_are_the_owners_only(tmp_path: Path) -> None:
    root = tmp_path / "data" / "blobs"
    store = BlobStore(str(root))
    blob = store.put_file(io.BytesIO(b"Declaration of the social worker, page 1"))
    stored = Path(store.path(blob.key))
    assert mode(stored) == 0o400
    folder = stored.parent
    while folder != tmp_path:
        assert mode(folder) == 0o700, folder
        folder = folder.parent
    assert mode(root / "tmp") == 0o700


@pytest.mark.usefixtures("permissive_umask")
def test_an_original_being_written_is_never_readable_by_others(tmp_path: Path) -> None:
    store = BlobStore(str(tmp_path / "blobs"))
    seen: list[int] = []

    class Spy(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            seen.extend(mode(path) for path in (tmp_path / "blobs" / "tmp").iterdir())
            return super().read(size)

    store.put_file(Spy(b"x" * 3_000_000))
    assert seen and set(seen) == {0o600}


@pytest.mark.usefixtures("permissive_umask")
def test_admin_token_file_is_0600(tmp_path: Path) -> None:
    path = tmp_path / "data" / "admin-token"
    prepare_data_dir(settings_in(path.parent))
    write_secret(path, "asg_example-secret-value")
    assert mode(path) == 0o600


def test_an_existing_data_directory_open_to_others_gets_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = tmp_path / "shared"
    data_dir.mkdir()
    data_dir.chmod(0o755)
    with caplog.at_level(logging.WARNING):
        prepare_data_dir(settings_in(data_dir))
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "readable by other users" in warnings[0].getMessage()
    assert "chmod -R go-rwx" in warnings[0].getMessage()
    assert mode(data_dir) == 0o755, "the owner's choice is reported, not changed"
    caplog.clear()
    data_dir.chmod(0o700)
    with caplog.at_level(logging.WARNING):
        prepare_data_dir(settings_in(data_dir))
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_warning_is_given_once_for_a_process_and_the_children_it_starts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_WARNED, "")  # restored (unset) afterwards
    data_dir = tmp_path / "shared"
    data_dir.mkdir(mode=0o750)
    data_dir.chmod(0o750)
    env = os.environ | {"ASEAGI_DATA_DIR": str(data_dir)}
    code = "from aseagi.config import get_settings; get_settings()"
    alone = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert alone.returncode == 0
    assert len(alone.stderr.strip().splitlines()) == 1
    assert "readable by other users" in alone.stderr
    with caplog.at_level(logging.WARNING):
        prepare_data_dir(settings_in(data_dir))
        prepare_data_dir(settings_in(data_dir))
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    env = os.environ | {"ASEAGI_DATA_DIR": str(data_dir)}  # now with the marker, as `aseagi up` passes on
    child = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert child.returncode == 0
    assert "readable by other users" not in child.stderr, "a child of a warned process stays quiet"
