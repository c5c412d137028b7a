"""``aseagi up`` end to end: the sign-in link it prints works once, and the dashboards it starts hold no
admin token (their visitors sign in)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from tests.fixtures.database import temporary_database
from tests.live.running_api import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


def _children(pid: int) -> dict[int, str]:
    """Direct children of ``pid``: {pid: command line}."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
    return found


def test_up_prints_a_link_that_signs_in_once(tmp_path: Path) -> None:
    api_port, dashboards_port = free_port(), free_port()
    with temporary_database("aseagi_up_link") as url:
        env = {k: v for k, v in os.environ.items() if k not in ("ASEAGI_API_TOKEN", "TELEGRAM_BOT_TOKEN")}
        env |= {
            "DATABASE_URL": url,
            "ASEAGI_DATA_DIR": str(tmp_path / "data"),
            "ASEAGI_DASHBOARDS_PORT": str(dashboards_port),
            "ASEAGI_WORKER_CONCURRENCY": "1",
            "HOME": str(tmp_path),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "aseagi", "up", "--port", str(api_port)],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=_lines, args=(process.stderr, lines), daemon=True).start()
        try:
            link = ""
            deadline = time.monotonic() + 120
            while not link and time.monotonic() < deadline:
                try:
                    line = lines.get(timeout=1).strip()
                except queue.Empty:
                    assert process.poll() is None, "aseagi up exited"
                    continue
                if "/?login=" in line:
                    link = line
            assert link.startswith(f"http://127.0.0.1:{dashboards_port}/?login="), link
            base = f"http://127.0.0.1:{dashboards_port}"
            wait_for(f"{base}/_stcore/health", timeout=120)
            wait_for(f"http://127.0.0.1:{api_port}/health", timeout=60)
            first = httpx.get(link, follow_redirects=False, timeout=30)
            assert first.status_code == 303
            assert first.headers["location"] == "/"
            cookie = first.headers["set-cookie"]
            assert cookie.startswith("aseagi_session=asg_")
            assert "HttpOnly" in cookie
            assert "samesite=strict" in cookie.lower()
            again = httpx.get(link, follow_redirects=False, timeout=30)
            assert again.headers["location"] == "/?signin=used"
            dashboards = [p for p, cmd in _children(process.pid).items() if "dashboards/server.py" in cmd]
            assert len(dashboards) == 1
            environment = Path(f"/proc/{dashboards[0]}/environ").read_bytes().split(b"\0")
            assert not [v for v in environment if v.startswith(b"ASEAGI_API_TOKEN=")]
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
