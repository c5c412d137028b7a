"""``aseagi binder`` and ``aseagi chronology`` as a user runs them: a subprocess on a migrated database."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
from tests.exports import planted
from tests.exports.rows import CASE_FILES, add_demo_case
from tests.fixtures.database import temporary_database

from aseagi.kit import migrate
from aseagi.kit.db import create_engine, session_factory, sqlalchemy_url, transaction

CliEnv = tuple[dict[str, str], list[str]]


def aseagi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aseagi", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


@pytest.fixture(scope="module")
def cli_env(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliEnv]:
    data = tmp_path_factory.mktemp("cli-data")
    with temporary_database("aseagi_exports_cli") as url:
        migrate.upgrade(url)

        async def load() -> list[str]:
            engine = create_engine(sqlalchemy_url(url), pool_size=1)
            try:
                async with transaction(session_factory(engine)) as session:
                    _, documents = await add_demo_case(session, demo_folder, str(data / "blobs"))
                    return [str(d.id) for d in documents]
            finally:
                await engine.dispose()

        ids = asyncio.run(load())
        yield {"DATABASE_URL": url, "ASEAGI_DATA_DIR": str(data)}, ids


def test_binder_command_writes_verified_files_and_prints_their_paths(cli_env: CliEnv, tmp_path: Path) -> None:
    env, ids = cli_env
    out = tmp_path / "binder"
    chosen = [
        ids[CASE_FILES.index("2025-03-01_supplemental_report.pdf")],
        ids[CASE_FILES.index("mother_call_log.xml")],
    ]
    args = ["binder", "DEMO", "--out", str(out), "--bates-prefix", "MW", "--start", "101", "--letters"]
    for document_id in chosen:
        args += ["--documents", document_id]
    result = aseagi(*args, env=env)
    assert result.returncode == 0, result.stderr
    printed = [Path(line) for line in result.stdout.splitlines()]
    assert [p.name for p in printed] == [
        "MW_exhibits.pdf",
        "MW_exhibits_manifest.json",
        "MW_exhibits_manifest.csv",
        "MW_exhibits_redaction_log.json",
    ]
    assert all(p.is_file() for p in printed)
    manifest = json.loads(printed[1].read_text())
    assert [(e["exhibit"], e["document_id"]) for e in manifest["exhibits"]] == list(
        zip("AB", chosen, strict=True)
    )
    document = pypdfium2.PdfDocument(str(printed[0]))
    texts = [page.get_textpage().get_text_range() for page in document]
    assert [f"MW{100 + n:06d}" in t for n, t in enumerate(texts, 1)] == [True] * len(texts)
    assert "EXHIBIT B" in "".join(texts) and planted.SHORT_NAME in "".join(texts)
    assert planted.FULL_NAME not in " ".join(" ".join(texts).split())
    document.close()

    chronology = aseagi("chronology", "DEMO", "--format", "csv", "--out", str(tmp_path), env=env)
    assert chronology.returncode == 0, chronology.stderr
    content = Path(chronology.stdout.strip()).read_text()
    assert "Ex. A at " in content and planted.FULL_NAME not in content


def test_binder_command_failures_are_one_line(cli_env: CliEnv, tmp_path: Path) -> None:
    env, _ = cli_env
    for args, expected in (
        (["binder", "NOPE", "--out", str(tmp_path)], "no case"),
        (["binder", "DEMO", "--out", str(tmp_path), "--bates-prefix", "../x"], "Bates prefix"),
        (["binder", "DEMO", "--out", str(tmp_path), "--documents", "not-a-uuid"], "UUID"),
        (["chronology", "DEMO", "--format", "xls"], "unknown format"),
    ):
        result = aseagi(*args, env=env)
        assert result.returncode == 1, args
        assert (
            result.stderr.startswith("error:")
            and expected in result.stderr
            and "Traceback" not in result.stderr
        )
