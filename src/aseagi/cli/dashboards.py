"""``aseagi dashboards``: every dashboard in one Streamlit process, or one page alone on its own port."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

DASHBOARDS = Path(__file__).resolve().parents[1] / "dashboards"
PAGE_PORTS = {
    "master": 8501,
    "legal_intelligence": 8502,
    "ceo": 8503,
    "timeline": 8504,
    "scanning_monitor": 8505,
    "document_viewer": 8506,
}
"""Standalone ports, as the old deployment ran its dashboards (8501–8505)."""


def streamlit_argv(page: str | None = None, port: int | None = None, host: str = "127.0.0.1") -> list[str]:
    """The command that serves the dashboards (all of them, or ``page`` alone) behind the sign-in steps
    of ``dashboards/server.py``."""
    if page is not None and page not in PAGE_PORTS:
        raise typer.BadParameter(f"unknown page {page!r}: use one of {', '.join(PAGE_PORTS)}")
    chosen = port or (PAGE_PORTS[page] if page else 8501)
    return [
        sys.executable, "-m", "streamlit", "run", str(DASHBOARDS / "server.py"),
        "--server.port", str(chosen), "--server.address", host, "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--client.toolbarMode", "minimal",
        *(["--", page] if page else []),
    ]  # fmt: skip


def dashboards(
    page: Annotated[str | None, typer.Option(help=f"Serve one page alone: {', '.join(PAGE_PORTS)}.")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8501, or the page's own port).")] = None,
    host: Annotated[str, typer.Option(help="Bind address.")] = "127.0.0.1",
) -> None:
    """Serve the dashboards. They call the API at ASEAGI_API_URL with each visitor's own session: sign in
    with the link `aseagi up` or `aseagi login-link` prints, or with an API token."""
    argv = streamlit_argv(page, port, host)
    os.execv(argv[0], argv)  # Streamlit takes this process's place, so a stop signal reaches it
