"""End to end in headless Chromium: signing in (link, token form), signed-out and read-only visitors, and
every page of the real multipage app checked and photographed."""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from aseagi.cli.dashboards import streamlit_argv
from tests.dashboards.browser import chromium, chromium_binary
from tests.dashboards.seed import DOCKET, Seeded
from tests.fixtures.cli import aseagi
from tests.live.running_api import create_token, free_port, wait_for

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
    """The dashboards as ``aseagi dashboards`` serves them. Their environment holds an admin token
    (ASEAGI_API_TOKEN, from ``api_environment``): a visitor who has not signed in must not benefit."""
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


def login_link(dashboards_url: str, database_url: str, scope: str, name: str) -> str:
    """A link from the real ``aseagi login-link``, pointed at these dashboards."""
    port = dashboards_url.rsplit(":", 1)[1]
    env = {"DATABASE_URL": database_url, "ASEAGI_DASHBOARDS_PORT": port}
    made = aseagi("login-link", "--scope", scope, "--name", name, env=env)
    assert made.returncode == 0, made.stderr
    return made.stdout.strip().splitlines()[-1]


def revoked(database_url: str, name: str) -> bool:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT revoked_at IS NOT NULL FROM api_tokens WHERE name = %s", (name,)
        ).fetchone()
    assert row is not None
    return bool(row[0])


def test_sign_in_steps_refuse_what_they_should(dashboards_url: str) -> None:
    with httpx.Client(base_url=dashboards_url, follow_redirects=False) as http:
        unknown = http.get("/legal", params={"login": "not-a-code", "case": DOCKET})
        assert unknown.status_code == 303
        assert unknown.headers["location"] == f"/legal?case={DOCKET}&signin=used"
        assert "set-cookie" not in unknown.headers
        for sneaky in ("//evil.example/", "/\\evil.example/"):
            away = http.get(f"{dashboards_url}{sneaky}?login=x")
            location = away.headers["location"]
            assert location[0] == "/", location
            assert location[1] not in "/\\", location  # a path here, never another host
        foreign = http.post("/_aseagi/signout", headers={"Origin": "http://evil.example"})
        assert foreign.status_code == 403


async def test_signed_out_visitor_sees_only_the_sign_in_page(
    dashboards_url: str, seeded: Seeded, tmp_path: Path
) -> None:
    async with chromium(tmp_path / "profile") as tab:
        for path in ["", "legal", "ceo", "timeline", "scanning", f"document?document={seeded.order_id}"]:
            separator = "&" if "?" in path else "?"
            url = f"{dashboards_url}/{path}{separator}case={DOCKET}"
            await tab.open(url, ["ASEAGI · Sign in", "aseagi login-link"])
            await asyncio.sleep(1.0)  # anything else would have been drawn by now
            text = await tab.text()
            for secret in (DOCKET, "In re Demo Child", "PROJ344", "Legal Intelligence", "minute-order"):
                assert secret not in text, (path, secret)
            links = await tab.evaluate("[...document.querySelectorAll('a')].map(a => a.href)")
            assert not [link for link in links if "/legal" in link or "/ceo" in link]


async def test_a_login_link_signs_in_once_and_a_reload_keeps_the_session(
    dashboards_url: str, dashboard_database: str, seeded: Seeded, tmp_path: Path
) -> None:
    link = login_link(dashboards_url, dashboard_database, "write", "link-user")
    async with chromium(tmp_path / "first") as tab:
        await tab.open(link, ["PROJ344 Master", "Signed in as", "link-user"])
        assert "login=" not in await tab.evaluate("location.href")
        assert "aseagi_session" not in await tab.evaluate("document.cookie")  # HttpOnly
        await tab.open(f"{dashboards_url}/legal?case={DOCKET}", PAGES["legal"])  # a new page load
    async with chromium(tmp_path / "second") as tab:
        text, _ = await tab.open(link, ["ASEAGI · Sign in", "already used or has expired"])
        assert DOCKET not in text


async def test_a_read_session_cannot_verify(
    dashboards_url: str, dashboard_database: str, seeded: Seeded, tmp_path: Path
) -> None:
    link = login_link(dashboards_url, dashboard_database, "read", "read-user")
    async with chromium(tmp_path / "profile") as tab:
        await tab.open(link, ["Signed in as", "read-user"])
        await tab.open(
            f"{dashboards_url}/legal?case={DOCKET}", ["Findings to review", "session is read-only"]
        )
        states: list[bool] = []
        for _ in range(150):  # the buttons are drawn shortly after the page's text
            states = await tab.evaluate(
                "[...document.querySelectorAll('button')]"
                ".filter(b => /(Verify|Dismiss)$/.test(b.innerText.trim())).map(b => b.disabled)"
            )
            if states:
                break
            await asyncio.sleep(0.2)
        assert states
        assert all(states)
        assert await tab.click("Verify")
        await asyncio.sleep(1.5)
    with psycopg.connect(dashboard_database) as conn:
        statuses = {r[0] for r in conn.execute("SELECT review_status FROM legal_violations").fetchall()}
    assert statuses == {"suspected"}


async def test_signing_out_revokes_the_session_and_clears_the_cookie(
    dashboards_url: str, dashboard_database: str, seeded: Seeded, tmp_path: Path
) -> None:
    link = login_link(dashboards_url, dashboard_database, "read", "signing-out")
    async with chromium(tmp_path / "profile") as tab:
        await tab.open(link, ["Signed in as", "signing-out", "Sign out", "Documents by status"])
        buttons = await tab.evaluate("[...document.querySelectorAll('button')].map(b => b.innerText)")
        assert await tab.click("Sign out"), buttons
        await tab.wait_for(["Signed out.", "ASEAGI · Sign in"])
        assert revoked(dashboard_database, "signing-out")
        await asyncio.sleep(1.0)  # the page's request that clears the cookie
        text, _ = await tab.open(f"{dashboards_url}/?case={DOCKET}", ["ASEAGI · Sign in"])
        assert "session ended" not in text  # no cookie left at all, not merely a dead one


async def test_the_sign_in_form_takes_an_api_token(
    dashboards_url: str, dashboard_database: str, seeded: Seeded, tmp_path: Path
) -> None:
    token = create_token(dashboard_database, "write", "form-user")
    async with chromium(tmp_path / "profile") as tab:
        await tab.open(f"{dashboards_url}/", ["ASEAGI · Sign in"])
        await tab.type_into("input[type=password]", token)
        assert await tab.click("Sign in")
        text = await tab.wait_for(["PROJ344 Master", "Signed in as", "form-user (dashboard)"])
        assert token not in text
        assert "login=" not in await tab.evaluate("location.href")


async def test_every_page_renders_in_chromium(
    dashboards_url: str, dashboard_database: str, seeded: Seeded, tmp_path: Path
) -> None:
    shots = Path(os.environ.get("ASEAGI_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    async with chromium(tmp_path / "profile") as tab:
        await tab.open(login_link(dashboards_url, dashboard_database, "write", "owner"), ["Signed in as"])
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
