"""End to end: the real multipage app in headless Chromium, every page checked and photographed."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from aseagi.cli.dashboards import streamlit_argv
from tests.dashboards.browser import chromium, chromium_binary
from tests.dashboards.seed import DOCKET, Seeded
from tests.live.running_api import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "master": ["PROJ344 Master", "Documents by status", "4 documents · page 1 of 1"],
    "legal": ["Legal Intelligence", "Findings to review", "notice_not_given"],
    "ceo": ["CEO Dashboard", "Next hearing", "Jurisdiction hearing, Dept. 3"],
    "timeline": ["Timeline & Violations", "Export ICS"],
    "scanning": ["Scanning Monitor", "job-demo-1", "125 of 200 files"],
    "document": ["Document viewer", "Hash and custody", "MINUTE ORDER"],
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        chromium_binary() is None, reason="needs Debian's chromium (apt-get install -y chromium)"
    ),
]


@pytest.fixture(scope="module")
def dashboards_url(
    api_environment: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    port = free_port()
    env = dict(os.environ) | api_environment | {"HOME": str(tmp_path_factory.mktemp("home"))}
    process = subprocess.Popen(streamlit_argv(None, port), env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/_stcore/health", process=process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


async def test_every_page_renders_in_chromium(dashboards_url: str, seeded: Seeded, tmp_path: Path) -> None:
    shots = Path(os.environ.get("ASEAGI_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    async with chromium(tmp_path / "profile") as tab:
        for path, expected in PAGES.items():
            query = f"?case={DOCKET}" + (f"&document={seeded.order_id}" if path == "document" else "")
            url_path = "" if path == "master" else path  # the home page lives at /
            text, seconds = await tab.open(f"{dashboards_url}/{url_path}{query}", expected)
            assert "Page not found" not in text
            assert "Traceback" not in text
            assert "Error" not in text.split("\n")[0]
            timings[path] = seconds
            await tab.screenshot(shots / f"{path}.png")
        await tab.viewport(390, 844, mobile=True)
        await tab.open(f"{dashboards_url}/?case={DOCKET}", PAGES["master"])
        await tab.screenshot(shots / "master-phone.png")
    for path in [*PAGES, "master-phone"]:
        image = (shots / f"{path}.png").read_bytes()
        assert image[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(image) > 20_000, f"{path}.png looks blank"
    print("render seconds:", {k: round(v, 2) for k, v in timings.items()})
