"""A real API server (``aseagi api``) on a committed database, for tests that cross process boundaries.

The rolled-back ``session`` fixture cannot serve here: NOTIFY is delivered on commit only, and the
dashboards and the Chromium test talk to the server over HTTP from other processes.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def create_token(database_url: str, scope: str, name: str | None = None) -> str:
    """A token row written directly (the tokens module's format: ``asg_`` + secret, SHA-256 stored)."""
    secret = "asg_" + secrets.token_urlsafe(32)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO api_tokens (name, token_hash, prefix, scope) VALUES (%s, %s, %s, %s)",
            (
                name or f"test-{scope}-{secrets.token_hex(3)}",
                hashlib.sha256(secret.encode()).hexdigest(),
                secret[:10],
                scope,
            ),
        )
    return secret


def wait_for(url: str, timeout: float = 60.0, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


@contextmanager
def running_api(database_url: str, data_dir: Path) -> Iterator[str]:
    """``aseagi api`` on a spare port; yields its base URL; stops it at the end."""
    port = free_port()
    env = dict(os.environ)
    env |= {"DATABASE_URL": database_url, "ASEAGI_DATA_DIR": str(data_dir), "ASEAGI_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [sys.executable, "-m", "aseagi", "api", "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/health", process=process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
