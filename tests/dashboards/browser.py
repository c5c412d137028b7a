"""Headless Chromium driven over the DevTools protocol: open a page, wait for its own content, screenshot.

Streamlit draws after the page loads, so a plain ``--screenshot`` captures an empty page; polling the
page's text until the expected words appear does not.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from tests.live.running_api import free_port

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def chromium_binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class Tab:
    def __init__(self, socket: ClientConnection) -> None:
        self._socket = socket
        self._ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self._ids)
        await self._socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            reply = json.loads(await self._socket.recv())
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result") or {})

    async def text(self) -> str:
        result = await self.call(
            "Runtime.evaluate", expression="document.body ? document.body.innerText : ''"
        )
        return str(result.get("result", {}).get("value") or "")

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = await self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        return result.get("result", {}).get("value")

    async def open(self, url: str, expected: list[str], timeout: float = 60.0) -> tuple[str, float]:
        """Navigate and poll until every expected string is on the page; (text, seconds it took)."""
        started = time.monotonic()
        await self.call("Page.navigate", url=url)
        text = await self.wait_for(expected, timeout, what=url)
        return text, time.monotonic() - started

    async def wait_for(self, expected: list[str], timeout: float = 60.0, what: str = "page") -> str:
        """Poll until every expected string is on the page and Streamlit has finished running."""
        started = time.monotonic()
        text = ""
        while time.monotonic() - started < timeout:
            text = await self.text()
            if all(e in text for e in expected) and "Running..." not in text:
                return text
            await asyncio.sleep(0.2)
        raise TimeoutError(f"{what}: {expected} not rendered within {timeout}s; page text: {text[:500]!r}")

    async def click(self, label: str) -> bool:
        """Click the first button whose text is ``label``; False when there is none."""
        script = f"""(() => {{
            document.activeElement?.blur();  // a Streamlit input commits its value on blur
            const button = [...document.querySelectorAll('button')]
                .find(b => b.innerText.trim().endsWith({json.dumps(label)}));
            if (!button) return false;
            button.click();
            return true;
        }})()"""
        return bool(await self.evaluate(script))

    async def type_into(self, selector: str, text: str) -> None:
        """Focus the element once it is drawn and type as a keyboard would (React sees real input events)."""
        found = f"document.querySelector({json.dumps(selector)})"
        focus = f"(() => {{ const e = {found}; e?.focus(); return !!e; }})()"
        deadline = time.monotonic() + 30
        while not await self.evaluate(focus):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{selector} was not drawn within 30 s")
            await asyncio.sleep(0.2)
        await self.call("Input.insertText", text=text)

    async def screenshot(self, path: Path, settle: float = 1.0) -> None:
        """Wait ``settle`` seconds first: widgets finish drawing shortly after their text is in the page."""
        await asyncio.sleep(settle)
        result = await self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(result["data"]))

    async def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        await self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )


@asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[Tab]:
    binary = chromium_binary()
    assert binary is not None
    port = free_port()
    process = subprocess.Popen(
        [binary, *CHROMIUM_FLAGS, f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
         "--window-size=1280,1600", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        target = await _page_target(port)
        async with connect(target, max_size=64 * 1024 * 1024) as socket:
            tab = Tab(socket)
            await tab.call("Page.enable")
            await tab.viewport(1280, 1600)
            yield tab
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


async def _page_target(port: int) -> str:
    deadline = time.monotonic() + 30
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            try:
                targets = (await http.get(f"http://127.0.0.1:{port}/json/list")).json()
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    return str(pages[0]["webSocketDebuggerUrl"])
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError("Chromium's DevTools endpoint did not come up")
