from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aseagi.config import SettingsError, load_settings
from tests.fixtures.database import temporary_database


def aseagi(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aseagi", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ASEAGI_API_PORT", "eighty"),
        ("DATABASE_URL", "mysql://x@y/z"),
        ("ASEAGI_CORS_ORIGINS", "*"),
        ("TELEGRAM_ALLOWED_USERS", "alice"),
        ("ASEAGI_LOG_LEVEL", "LOUD"),
    ],
)
def test_a_wrong_setting_fails_with_one_line_naming_it(name: str, value: str) -> None:
    result = aseagi("db", "current", env={name: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]
    assert "Traceback" not in result.stderr


def test_load_settings_raises_settings_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASEAGI_API_PORT", "70000")
    with pytest.raises(SettingsError, match="ASEAGI_API_PORT"):
        load_settings()


def test_defaults_bind_to_loopback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("ASEAGI_API_HOST", "ASEAGI_CORS_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.api_host == "127.0.0.1"
    assert settings.api_port == 8000
    assert settings.cors_origins == []


def test_token_lifecycle_through_the_cli() -> None:
    with temporary_database("aseagi_cli") as url:
        env = {"DATABASE_URL": url}
        assert aseagi("db", "upgrade", env=env).returncode == 0
        created = aseagi("token", "create", "--name", "bot", "--scope", "write", env=env)
        assert created.returncode == 0, created.stderr
        secret = created.stdout.strip().splitlines()[-1]
        assert secret.startswith("asg_")
        listed = aseagi("token", "list", env=env)
        assert "bot" in listed.stdout
        assert secret not in listed.stdout
        assert aseagi("token", "revoke", "bot", env=env).returncode == 0
        again = aseagi("token", "revoke", "bot", env=env)
        assert again.returncode == 1
        assert again.stderr.startswith("error:")
        bad_scope = aseagi("token", "create", "--name", "x", "--scope", "root", env=env)
        assert bad_scope.returncode == 1
        assert "Traceback" not in bad_scope.stderr


def test_unreachable_database_is_one_line() -> None:
    result = aseagi("db", "current", env={"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/x"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: database error")


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
