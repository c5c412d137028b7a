"""No secret in any log, however it is spelled: redaction reads the decoded query, every Authorization-like
header and Telegram bot tokens in URLs, through the real logging setup and a real server's own logs."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect

from aseagi.kit import migrate
from aseagi.kit.logging import REDACTED, configure_logging, redact
from tests.bot.fake_telegram import FakeTelegram, serve
from tests.fixtures.database import temporary_database
from tests.live.running_api import ROOT, create_token, free_port, wait_for

TOKEN = "asg_Q2xvdWRzIGFyZSBub3QgcmVhbCB0b2tlbnM_abc"
SECRET_PART = TOKEN.removeprefix("asg_")[:20]
BOT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"


def percent_all(text: str) -> str:
    return "".join(f"%{ord(c):02X}" for c in text)


ENCODED_QUERIES = {
    "literal": f"/ws/updates?token={TOKEN}",
    "first letter escaped": f"/ws/updates?token=%61{TOKEN[1:]}",
    "upper-case name": f"/ws/updates?TOKEN={TOKEN}",
    "after another parameter": f"/ws/updates?case=DEMO&token={TOKEN}",
    "every byte escaped": f"/ws/updates?token={percent_all(TOKEN)}",
    "double-encoded": f"/ws/updates?token=%2561{TOKEN[1:]}",
    "triple-encoded": f"/ws/updates?token=%252561{TOKEN[1:]}",
    "name escaped": f"/ws/updates?to%6Ben={TOKEN}",
    "equals sign escaped": f"/ws/updates?token%3D{TOKEN}",
    "equals sign double-encoded": f"/ws/updates?token%253D{TOKEN}",
    "login link": f"/?login={SECRET_PART}",
}


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Our logging setup writing JSON lines to a StringIO; the root logger restored afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    configure_logging("INFO", stream)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def leaked(output: str) -> list[str]:
    """Which spellings of the secrets appear in ``output``."""
    forms = [TOKEN, SECRET_PART, percent_all(TOKEN)[:30], BOT_TOKEN.split(":")[1], BOT_TOKEN]
    return [form for form in forms if form in output]


@pytest.mark.parametrize("path", ENCODED_QUERIES.values(), ids=ENCODED_QUERIES.keys())
def test_uvicorn_access_lines_lose_every_encoding_of_the_token(captured: io.StringIO, path: str) -> None:
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", path, "1.1", 101
    )
    logging.getLogger("uvicorn.error").info('%s - "WebSocket %s" [accepted]', "127.0.0.1:5000", path)
    output = captured.getvalue()
    assert not leaked(output), output
    assert output.count(REDACTED) >= 2
    assert '"GET /ws/updates' in output or '"GET /?login' in output, "the line keeps its shape"


@pytest.mark.parametrize(
    "line",
    [
        f"headers: Authorization: Bearer {TOKEN}",
        f"Authorization: Basic {SECRET_PART}==",
        f"{{'authorization': 'token {TOKEN}'}}",
        f"[(b'Host', b'api'), (b'Authorization', b'Bearer {TOKEN}')]",
        f'{{"Authorization": "{SECRET_PART}"}}',
        f"x-api-key: {SECRET_PART}",
        f"Cookie: aseagi_session={SECRET_PART}; theme=dark",
        f"X-Telegram-Bot-Api-Secret-Token: {SECRET_PART}",
        f"POST https://api.telegram.org/bot{BOT_TOKEN}/getUpdates",
        f"GET http://127.0.0.1:8081/file/bot{BOT_TOKEN}/documents/file_1.pdf",
        f"POST https://api.telegram.org/bot{BOT_TOKEN.replace(':', '%3A')}/getMe",
    ],
)
def test_headers_and_bot_urls_are_redacted_through_our_loggers(captured: io.StringIO, line: str) -> None:
    logging.getLogger("aseagi.bot").warning("request: %s", line)
    (entry,) = [json.loads(text) for text in captured.getvalue().splitlines()]
    assert not leaked(entry["message"]), entry["message"]
    assert REDACTED in entry["message"]


def test_redaction_leaves_ordinary_lines_alone_and_is_idempotent() -> None:
    ordinary = [
        "GET /documents?case=JV-2025-001234&limit=50 HTTP/1.1",
        "parsed 12 pages, 100% done",
        "https://example.org/search?q=hearing%20date",
    ]
    for line in ordinary:
        assert redact(line) == line
    once = redact(f"GET /ws/updates?token=%61{TOKEN[1:]} Authorization: Bearer {TOKEN}")
    assert redact(once) == once


@pytest.fixture
def uvicorn_loggers_restored() -> Iterator[None]:
    """An in-process uvicorn server (the fake Telegram) reconfigures uvicorn's loggers: put them back."""
    loggers = [logging.getLogger(name) for name in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    saved = [(logger.level, list(logger.handlers), logger.propagate) for logger in loggers]
    yield
    for logger, (level, handlers, propagate) in zip(loggers, saved, strict=True):
        logger.setLevel(level)
        logger.handlers[:] = handlers
        logger.propagate = propagate


@pytest.mark.usefixtures("uvicorn_loggers_restored")
async def test_httpx_request_lines_lose_the_bot_token(captured: io.StringIO) -> None:
    """httpx logs each request URL (python-telegram-bot's requests carry the bot token in the path)."""
    logging.getLogger("httpx").setLevel(logging.INFO)
    try:
        async with serve(FakeTelegram()) as fake, httpx.AsyncClient() as client:
            await client.post(f"{fake.url}/bot{BOT_TOKEN}/getMe")
            await client.get(f"{fake.url}/bot{BOT_TOKEN}/getUpdates?token={TOKEN}")
    finally:
        logging.getLogger("httpx").setLevel(logging.WARNING)
    output = captured.getvalue()
    assert "HTTP Request" in output
    assert not leaked(output), output


@pytest.fixture(scope="module")
def api_with_logs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """``aseagi api`` logging at INFO to a file: (base URL, a valid read token, the log file)."""
    with temporary_database("aseagi_redaction") as database_url:
        migrate.upgrade(database_url)
        token = create_token(database_url, "read")
        port = free_port()
        log_file = tmp_path_factory.mktemp("logs") / "api.log"
        env = os.environ | {
            "DATABASE_URL": database_url,
            "ASEAGI_DATA_DIR": str(tmp_path_factory.mktemp("redaction-data")),
            "ASEAGI_LOG_LEVEL": "INFO",
        }
        with open(log_file, "wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "aseagi", "api", "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                cwd=ROOT,
                stderr=sink,
                stdout=sink,
            )
            base = f"http://127.0.0.1:{port}"
            try:
                wait_for(f"{base}/health", process=process)
                yield base, token, log_file
            finally:
                process.terminate()
                process.wait(10)


async def test_a_real_server_logs_no_spelling_of_a_token(api_with_logs: tuple[str, str, Path]) -> None:
    base, token, log_file = api_with_logs
    ws_base = base.replace("http://", "ws://")
    spellings = [
        f"/ws/updates?heartbeat=0.2&token=%61{token[1:]}",
        f"/ws/updates?heartbeat=0.2&token={percent_all(token)}",
        f"/ws/updates?heartbeat=0.2&TOKEN=x&token={token}",
        f"/ws/scanning?token={token}&heartbeat=0.2",
    ]
    for path in spellings:
        async with connect(ws_base + path) as ws:  # the server decodes each: all are accepted
            assert json.loads(await asyncio.wait_for(ws.recv(), 5))["kind"] == "heartbeat"
    async with httpx.AsyncClient() as client:
        await client.get(f"{base}/health?token=%2561{token[1:]}&TOKEN={token}")
        await client.get(f"{base}/documents", headers={"Authorization": f"Bearer {token}"})
    await asyncio.sleep(0.5)
    output = log_file.read_text()
    assert "/ws/updates" in output and "/health" in output, "the access lines are logged"
    secret = token.removeprefix("asg_")
    for form in (token, secret[:16], percent_all(token)[:30], "%61" + token[1:12]):
        assert form not in output, f"{form!r} leaked"
