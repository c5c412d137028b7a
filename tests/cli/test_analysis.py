"""``aseagi demo`` keeps its answer key out of the folder it ingests."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.cli import aseagi
from tests.fixtures.database import temporary_database


def test_demo_keeps_its_answer_key_out_of_the_ingested_folder(tmp_path: Path) -> None:
    with temporary_database("aseagi_cli_demo") as url:
        env = {"DATABASE_URL": url, "ASEAGI_DATA_DIR": str(tmp_path), "ASEAGI_INGEST_ROOTS": ""}
        assert aseagi("db", "upgrade", env=env).returncode == 0
        folder = tmp_path / "inbox" / "DEMO"
        folder.mkdir(parents=True)
        (folder / "ground_truth.json").write_text("{}")  # left there by an older version
        result = aseagi("demo", "--no-wait", env=env)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert not (folder / "ground_truth.json").exists()
        assert (tmp_path / "demo" / "ground_truth.json").is_file()
        assert len([p for p in folder.iterdir() if p.is_file()]) >= 40
