"""Structured logs: JSON lines off a terminal, text on one, and no secret in either."""

from __future__ import annotations

import io
import json
import logging
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aseagi.kit.logging import REDACTED, RedactSecrets, configure_logging, redact, secret_values
from tests.fixtures.database import temporary_database

TELEGRAM = "7312345678:AAHk3fZq9_Xy-abcdefghijklmnopqrstuv"
ANTHROPIC = "sk-ant-api03-Zx9qfictionalKEYfictionalKEY-0123456789"
API_TOKEN = "asg_Q2xvdWRzIGFyZSBub3QgcmVhbCB0b2tlbnM_abc"
DB_PASSWORD = "c0rrect-h0rse-battery"


@pytest.fixture
def secrets_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TELEGRAM)
    monkeypatch.setenv("ANTHROPIC_API_KEY", ANTHROPIC)
    monkeypatch.setenv("DATABASE_URL", f"postgresql://aseagi:{DB_PASSWORD}@db:5432/aseagi")
    monkeypatch.delenv("ASEAGI_LOG_FORMAT", raising=False)


@pytest.fixture
def captured(secrets_in_env: None) -> Iterator[io.StringIO]:
    """The root logger writing to a StringIO (not a terminal: JSON), restored afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    configure_logging("DEBUG", stream)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def entries(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_off_a_terminal_every_line_is_one_json_object(captured: io.StringIO) -> None:
    log = logging.getLogger("aseagi.ingestion")
    log.info("stored %s (%d pages)", "minute-order.pdf", 3, extra={"batch": "b-17", "pages": 3})
    log.warning("second line\nwith a newline inside")
    first, second = entries(captured)
    assert first["level"] == "INFO" and first["logger"] == "aseagi.ingestion"
    assert first["message"] == "stored minute-order.pdf (3 pages)"
    assert first["batch"] == "b-17" and first["pages"] == 3
    assert str(first["time"]).endswith("+00:00")
    assert second["message"] == "second line\nwith a newline inside"


def test_secrets_are_redacted_from_messages_arguments_and_tracebacks(captured: io.StringIO) -> None:
    log = logging.getLogger("telegram.ext")
    log.info("HTTP Request: POST https://api.telegram.org/bot%s/getUpdates", TELEGRAM)
    log.info("headers: Authorization: Bearer %s", API_TOKEN)
    log.info("calling the API with %s", API_TOKEN)
    log.info("anthropic key %s", ANTHROPIC)
    log.info("connecting to postgresql://aseagi:%s@db.example.supabase.co:5432/postgres", DB_PASSWORD)
    log.info("dsn host=db user=aseagi password=%s", DB_PASSWORD)
    try:
        raise RuntimeError(f"upstream refused token {API_TOKEN} and key {ANTHROPIC}")
    except RuntimeError:
        log.exception("call failed")
    output = captured.getvalue()
    for secret in (TELEGRAM, ANTHROPIC, API_TOKEN, DB_PASSWORD, TELEGRAM.split(":")[1]):
        assert secret not in output
    lines = entries(captured)
    assert lines[0]["message"] == f"HTTP Request: POST https://api.telegram.org/bot{REDACTED}/getUpdates"
    assert lines[1]["message"] == f"headers: Authorization: Bearer {REDACTED}"
    assert lines[4]["message"] == (
        f"connecting to postgresql://aseagi:{REDACTED}@db.example.supabase.co:5432/postgres"
    )
    assert "RuntimeError" in str(lines[-1]["exception"])
    assert lines[-1]["message"] == "call failed"


def test_the_configured_secret_values_are_redacted_even_without_a_known_shape() -> None:
    odd = "plainOldSecretWithNoPrefix42"
    literals = secret_values({"TELEGRAM_BOT_TOKEN": odd, "DATABASE_URL": "postgresql://u:pw-9876543@h/d"})
    assert redact(f"token={odd} and pw-9876543", literals) == f"token={REDACTED} and {REDACTED}"
    assert redact(
        "user postgres logged in", secret_values({"DATABASE_URL": "postgresql://postgres@h/d"})
    ) == ("user postgres logged in")


def test_the_filter_cleans_records_for_handlers_we_do_not_own() -> None:
    record = logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1, "key %s", (ANTHROPIC,), None)
    assert RedactSecrets([]).filter(record) is True
    assert record.getMessage() == f"key sk-ant-{REDACTED}"


def test_the_cli_logs_json_through_a_pipe_and_text_on_a_terminal(tmp_path: Path) -> None:
    """A real command (migrations log each step) with stderr a pipe, then a pseudo-terminal."""
    with temporary_database("aseagi_logs") as url:
        env = {**os.environ, "DATABASE_URL": url, "ASEAGI_DATA_DIR": str(tmp_path)}
        env.pop("ASEAGI_LOG_FORMAT", None)
        piped = subprocess.run(
            [sys.executable, "-m", "aseagi", "db", "upgrade"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert piped.returncode == 0, piped.stderr
        lines = [json.loads(line) for line in piped.stderr.splitlines()]
        assert any(line["logger"].startswith("alembic") for line in lines)

    with temporary_database("aseagi_logs") as url:
        env["DATABASE_URL"] = url
        leader, follower = pty.openpty()
        result = subprocess.run(
            [sys.executable, "-m", "aseagi", "db", "upgrade"],
            stdout=subprocess.PIPE, stderr=follower, env=env, timeout=120,
        )  # fmt: skip
        os.close(follower)
        text = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            text += chunk
        os.close(leader)
        assert result.returncode == 0
        decoded = text.decode()
        assert "INFO alembic" in decoded
        assert not decoded.lstrip().startswith("{")


def test_uvicorn_access_lines_lose_the_websocket_token_but_keep_their_shape(
    captured: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    """uvicorn installs its own handlers after ours; the logger-level filter still cleans its records."""
    from uvicorn.logging import AccessFormatter

    access = logging.getLogger("uvicorn.access")
    own = logging.StreamHandler(io.StringIO())
    own.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s'))
    monkeypatch.setattr(access, "handlers", [own])
    monkeypatch.setattr(access, "propagate", False)
    access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "GET", f"/ws/updates?token={API_TOKEN}", "1.1", 101)
    line = own.stream.getvalue()  # type: ignore[attr-defined]
    assert API_TOKEN not in line
    assert f"/ws/updates?token=asg_{REDACTED}" in line and "101" in line
