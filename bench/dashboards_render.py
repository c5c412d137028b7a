"""How long each dashboard takes to render with N documents in the case (default 100,000).

Seeds a fresh database with SQL generate_series, starts the API, then for each page measures
(1) a full server-side render with Streamlit's AppTest (every API call included) and
(2) the time until headless Chromium shows the page's own content, when Chromium is installed.

    .venv/bin/python bench/dashboards_render.py 100000   (with ASEAGI_TEST_DATABASE_URL set)
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402
from tests.dashboards.browser import chromium, chromium_binary  # noqa: E402
from tests.dashboards.conftest import sign_in  # noqa: E402
from tests.dashboards.seed import DOCKET, seed_bulk, seed_case  # noqa: E402
from tests.fixtures.database import temporary_database  # noqa: E402
from tests.live.running_api import free_port, running_api, wait_for  # noqa: E402

from aseagi.cli.dashboards import streamlit_argv  # noqa: E402
from aseagi.dashboards.signin import TOKEN_KEY  # noqa: E402
from aseagi.kit import migrate  # noqa: E402

VIEWS = ROOT / "src" / "aseagi" / "dashboards" / "views"
BROWSER = {
    "": ["PROJ344 Master", "documents · page 1 of"],
    "legal": ["Legal Intelligence", "Findings to review"],
    "ceo": ["CEO Dashboard", "Processing health"],
    "timeline": ["Timeline & Violations", "Export ICS"],
    "scanning": ["Scanning Monitor", "job-demo-1"],
    "document": ["Document viewer", "Hash and custody"],
}


def apptest_seconds(name: str, session: str, **query: str) -> float:
    app = AppTest.from_file(str(VIEWS / f"{name}.py"), default_timeout=300)
    app.session_state[TOKEN_KEY] = session
    for key, value in query.items():
        app.query_params[key] = value
    started = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - started
    assert not app.exception, [e.message for e in app.exception]
    return elapsed


async def browser_seconds(url: str, link: str, document_id: str, shots: Path) -> dict[str, float]:
    timings = {}
    async with chromium(shots / "profile") as tab:
        await tab.open(link, ["Signed in as"])
        for path, expected in BROWSER.items():
            query = f"?case={DOCKET}" + (f"&document={document_id}" if path == "document" else "")
            _, seconds = await tab.open(f"{url}/{path}{query}", expected, timeout=300)
            timings[path or "master"] = seconds
            await tab.screenshot(shots / f"{path or 'master'}.png")
    return timings


def login_code(database: str) -> str:
    """A sign-in code as ``aseagi login-link`` makes one."""
    made = subprocess.run(
        [sys.executable, "-m", "aseagi", "login-link", "--name", "bench"],
        capture_output=True, text=True, check=True, env={**os.environ, "DATABASE_URL": database},
    )  # fmt: skip
    return made.stdout.strip().splitlines()[-1].split("login=", 1)[1]


def main(count: int) -> None:
    with temporary_database("aseagi_bench") as database, tempfile.TemporaryDirectory() as folder:
        migrate.upgrade(database)
        seeded = seed_case(database)
        started = time.perf_counter()
        seed_bulk(database, seeded.case_id, count)
        print(f"seeded {count:,} documents in {time.perf_counter() - started:.1f}s")
        with running_api(database, Path(folder)) as api:
            os.environ["ASEAGI_API_URL"] = api
            session = sign_in(api, database, "write")
            for name in ("master", "legal_intelligence", "ceo", "timeline", "scanning_monitor"):
                apptest_seconds(name, session, case=DOCKET)  # warm caches once, as a second visitor would
                print(f"AppTest {name:<20} {apptest_seconds(name, session, case=DOCKET):6.2f}s")
            seconds = apptest_seconds("document_viewer", session, case=DOCKET, document=str(seeded.order_id))
            print(f"AppTest {'document_viewer':<20} {seconds:6.2f}s")
            if chromium_binary() is None:
                return
            port = free_port()
            process = subprocess.Popen(streamlit_argv(None, port), cwd=ROOT, stdout=subprocess.DEVNULL)
            try:
                wait_for(f"http://127.0.0.1:{port}/_stcore/health", process=process)
                shots = Path(folder) / "shots"
                shots.mkdir()
                link = f"http://127.0.0.1:{port}/?login={login_code(database)}"
                timings = asyncio.run(
                    browser_seconds(f"http://127.0.0.1:{port}", link, str(seeded.order_id), shots)
                )
                for name, value in timings.items():
                    print(f"Chromium {name:<19} {value:6.2f}s (navigation to content drawn)")
            finally:
                process.terminate()
                process.wait(10)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
