"""Backup → restore into an empty database and blob store → every original's hash verified.

Real PostgreSQL, real pg_dump/pg_restore, real files in a real blob store, the real ``aseagi`` command.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from reportlab.pdfgen import canvas

from aseagi.cli.backup import postgres_tool, tool_major
from aseagi.ingestion.storage import BlobStore
from aseagi.kit import migrate
from tests.fixtures.database import temporary_database


def aseagi(*args: str, database: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database, "ASEAGI_DATA_DIR": str(data_dir)}
    env.pop("ASEAGI_STORAGE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "aseagi", *args], capture_output=True, text=True, timeout=300, env=env
    )


def pdf_bytes(title: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, title)
    page.drawString(72, 700, "Minute order, Dept. 12. Detention hearing set for 03/14/2025.")
    page.save()
    return buffer.getvalue()


ORIGINALS = {
    "minute-order.pdf": pdf_bytes("In re J.D., a minor: minute order"),
    "report.pdf": pdf_bytes("Status review report (fictional)"),
    "texts.txt": "03/02/2025 9:14 — Ms. Rivera: the hearing moved to Dept. 12.\n".encode(),
    "photo.bin": bytes(range(256)) * 300,
}


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A migrated database with four originals (one listed twice, as two cases hold it) in a blob store."""
    data_dir = tmp_path_factory.mktemp("source")
    store = BlobStore(str(data_dir / "blobs"))
    with temporary_database("aseagi_backup_src") as url:
        migrate.upgrade(url)
        with psycopg.connect(url) as conn:
            cases = [
                conn.execute(
                    "INSERT INTO cases (docket_number, name) VALUES (%s, %s) RETURNING id", (docket, docket)
                ).fetchone()[0]  # type: ignore[index]
                for docket in ("JV-000001", "JV-000002")
            ]
            for index, (name, content) in enumerate(ORIGINALS.items()):
                blob = store.put_file(io.BytesIO(content))
                for case_id in cases[: 2 if index == 0 else 1]:
                    conn.execute(
                        "INSERT INTO legal_documents (case_id, file_name, sha256, content_hash, storage_key, "
                        "size_bytes, status, text) VALUES (%s, %s, %s, %s, %s, %s, 'done', %s)",
                        (case_id, name, blob.sha256, blob.sha256, blob.key, blob.size, f"text of {name}"),
                    )
            conn.execute(
                "INSERT INTO procrastinate_jobs (queue_name, task_name, args) "
                "VALUES ('ingest', 'aseagi.ingest_document', '{}')"
            )
        yield url, data_dir


def rows(url: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return list(conn.execute(query).fetchall())


def test_backup_then_restore_into_an_empty_database_verifies_every_original(
    source: tuple[str, Path], tmp_path: Path
) -> None:
    source_url, source_data = source
    folder = tmp_path / "backup"
    made = aseagi("backup", str(folder), database=source_url, data_dir=source_data)
    assert made.returncode == 0, made.stderr + made.stdout
    assert "4 original(s)" in made.stdout and "0 problem(s)" in made.stdout

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700, "a backup is the owner's only"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["originals"]["count"] == 4
    assert manifest["schema"] == "public" and manifest["schema_revision"]
    listed = {line.split("\t")[0] for line in (folder / "originals.tsv").read_text().splitlines()}
    assert listed == {hashlib.sha256(content).hexdigest() for content in ORIGINALS.values()}

    target_data = tmp_path / "restored"
    with temporary_database("aseagi_restore") as target_url:
        restored = aseagi("restore", str(folder), database=target_url, data_dir=target_data)
        assert restored.returncode == 0, restored.stderr + restored.stdout
        assert "verified 4 original(s) by hash: 0 problem(s)" in restored.stdout

        query = "SELECT id, case_id, file_name, sha256, storage_key FROM legal_documents ORDER BY id"
        assert rows(target_url, query) == rows(source_url, query)
        assert len(rows(target_url, query)) == 5
        assert rows(target_url, "SELECT version_num FROM alembic_version") == rows(
            source_url, "SELECT version_num FROM alembic_version"
        )
        assert rows(target_url, "SELECT count(*) FROM procrastinate_jobs") == [(1,)]
        # the restored store holds the very bytes, checked here independently of the command
        store = BlobStore(str(target_data / "blobs"))
        for sha256, key in rows(target_url, "SELECT DISTINCT sha256, storage_key FROM legal_documents"):
            assert store.hash_of(str(key)) == sha256
            restored_blob = Path(store.path(str(key)))
            assert stat.S_IMODE(restored_blob.stat().st_mode) == 0o400
            assert stat.S_IMODE(restored_blob.parent.stat().st_mode) == 0o700
        # the chain-of-custody check the operators already know agrees
        verified = aseagi("verify", database=target_url, data_dir=target_data)
        assert verified.returncode == 0, verified.stderr + verified.stdout

        again = aseagi("restore", str(folder), database=target_url, data_dir=target_data)
        assert again.returncode != 0
        assert "not empty" in again.stderr


def test_a_changed_original_in_the_backup_fails_the_restore(source: tuple[str, Path], tmp_path: Path) -> None:
    source_url, source_data = source
    folder = tmp_path / "backup"
    assert aseagi("backup", str(folder), database=source_url, data_dir=source_data).returncode == 0
    sha256, _, key = (folder / "originals.tsv").read_text().splitlines()[0].split("\t")
    copy = folder / "blobs" / key
    copy.write_bytes(copy.read_bytes() + b"altered")
    with temporary_database("aseagi_restore") as target_url:
        restored = aseagi("restore", str(folder), database=target_url, data_dir=tmp_path / "restored")
    assert restored.returncode == 1
    assert f"CHANGED  {key}  expected {sha256}" in restored.stdout


def test_backup_reports_an_original_that_changed_in_the_store(
    source: tuple[str, Path], tmp_path: Path
) -> None:
    source_url, source_data = source
    data_dir = tmp_path / "data"
    (data_dir / "blobs").parent.mkdir(parents=True)
    subprocess.run(["cp", "-a", str(source_data / "blobs"), str(data_dir / "blobs")], check=True)
    victim = next(p for p in (data_dir / "blobs").rglob("*") if p.is_file())
    victim.chmod(0o640)
    victim.write_bytes(b"not the original")
    made = aseagi("backup", str(tmp_path / "backup"), database=source_url, data_dir=data_dir)
    assert made.returncode == 1
    assert f"CHANGED  {victim.relative_to(data_dir / 'blobs')}" in made.stdout


def test_backup_refuses_a_folder_that_is_not_empty(source: tuple[str, Path], tmp_path: Path) -> None:
    source_url, source_data = source
    (tmp_path / "old.txt").write_text("keep me")
    made = aseagi("backup", str(tmp_path), database=source_url, data_dir=source_data)
    assert made.returncode == 1 and "not empty" in made.stderr
    assert (tmp_path / "old.txt").read_text() == "keep me"


def test_the_client_programs_chosen_are_never_older_than_the_server() -> None:
    for needed in (14, 15, 16):
        try:
            chosen = postgres_tool("pg_dump", needed)
        except BaseException:  # typer.Exit: none on this machine that new
            continue
        major = tool_major(chosen)
        assert major is not None and major >= needed
