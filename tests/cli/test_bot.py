"""``aseagi bot`` refuses to start, in one line, without what it needs."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from aseagi.cli.bot import bot
from aseagi.config import SettingsError, get_settings, load_settings


@pytest.fixture
def command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASEAGI_DATA_DIR", str(tmp_path / "data"))
    for name in ("TELEGRAM_BOT_TOKEN", "ASEAGI_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    app = typer.Typer()
    app.command()(bot)
    return app


def test_needs_a_bot_token(command: typer.Typer) -> None:
    result = CliRunner().invoke(command, [])
    assert result.exit_code == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in result.output
    get_settings.cache_clear()


def test_needs_an_api_token_and_a_valid_time(command: typer.Typer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    get_settings.cache_clear()
    result = CliRunner().invoke(command, [])
    assert result.exit_code == 2
    assert "ASEAGI_API_TOKEN" in result.output
    monkeypatch.setenv("ASEAGI_API_TOKEN", "asg_x")
    get_settings.cache_clear()
    late = CliRunner().invoke(command, ["--report-at", "25:99"])
    assert late.exit_code == 2
    assert "HH:MM" in late.output
    get_settings.cache_clear()


def test_refuses_long_polling_in_webhook_mode(command: typer.Typer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Polling would delete the webhook the API registered and both would answer every command."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("ASEAGI_API_TOKEN", "asg_x")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.example.test/telegram/webhook")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "a-long-enough-secret")
    get_settings.cache_clear()
    result = CliRunner().invoke(command, [])
    assert result.exit_code == 1
    assert "webhook mode" in result.output
    get_settings.cache_clear()


def test_a_short_webhook_secret_is_a_settings_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "short")
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        load_settings()
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "no spaces or slashes/ allowed here")
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        load_settings()
