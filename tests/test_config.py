"""Settings: a wrong one fails in one line naming it, the defaults bind to loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from aseagi.config import SettingsError, load_settings
from tests.fixtures.cli import aseagi


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
