"""The red team's finding, measured on a real ``aseagi api`` process: a 349-byte PDF whose page declares
200 in x 200 in with a /UserUnit of 75,000 used to take 12.9 s and 3.3 GB of the API's memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aseagi.kit import migrate
from tests.fixtures.database import temporary_database
from tests.live.running_api import ROOT, create_token, free_port, wait_for
from tests.originals.pdfs import GIANT_PAGE, one_page_pdf

MEMORY_CEILING_MB = 500


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc: not Linux?")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, str]]:
    """(base URL, pid of the API process, database URL)."""
    with temporary_database("aseagi_pages") as database_url:
        migrate.upgrade(database_url)
        port = free_port()
        env = os.environ | {
            "DATABASE_URL": database_url,
            "ASEAGI_DATA_DIR": str(tmp_path_factory.mktemp("pages-data")),
            "ASEAGI_LOG_LEVEL": "WARNING",
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "aseagi", "api", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/health", process=process)
            yield base, process.pid, database_url
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def test_the_giant_page_renders_quickly_and_outside_the_api_process(server: tuple[str, int, str]) -> None:
    base, pid, database_url = server
    assert len(GIANT_PAGE) == 349
    writer = {"Authorization": f"Bearer {create_token(database_url, 'write')}"}
    reader = {"Authorization": f"Bearer {create_token(database_url, 'read')}"}

    def page_url(name: str, content: bytes) -> str:
        uploaded = httpx.post(f"{base}/process/document", files={"file": (name, content)}, headers=writer)
        assert uploaded.status_code == 202, uploaded.text
        return f"{base}/originals/{uploaded.json()['document_id']}/pages/1"

    def timed_get(url: str) -> float:
        started = time.monotonic()
        page = httpx.get(url, headers=reader, timeout=60)
        elapsed = time.monotonic() - started
        assert page.status_code == 200, page.text
        assert page.content[:8] == b"\x89PNG\r\n\x1a\n"
        return elapsed

    # an ordinary page first: the server has served a page before, as a running one has
    cold = timed_get(page_url("letter.pdf", one_page_pdf("/MediaBox [0 0 612 792]")))
    giant = page_url("giant.pdf", GIANT_PAGE)
    timings = [timed_get(giant) for _ in range(3)]
    peak = peak_memory_mb(pid)
    print(
        f"first page (cold) {cold:.2f} s; giant page: {', '.join(f'{t:.2f}' for t in timings)} s; "
        f"API peak memory {peak:.0f} MB"
    )
    assert max(timings) < 2.0, timings
    assert peak < MEMORY_CEILING_MB, f"the API process peaked at {peak:.0f} MB"
