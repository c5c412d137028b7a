"""The dashboards' web server: Streamlit's own (``st.App``) with the sign-in steps of ``web.py`` in front.

``streamlit run server.py [-- PAGE]`` serves every dashboard (``app.py``), or one page alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from aseagi.dashboards.web import ROUTES, LoginLinks

HERE = Path(__file__).resolve().parent


def script(argv: list[str]) -> Path:
    """``app.py``, or ``views/PAGE.py`` when a page name follows ``--``; an unknown name is refused."""
    page = argv[1] if len(argv) > 1 else None
    if page is None:
        return HERE / "app.py"
    found = {p.stem: p for p in (HERE / "views").glob("*.py") if not p.stem.startswith("_")}
    if page not in found:
        raise SystemExit(f"unknown dashboard page {page!r}: use one of {', '.join(sorted(found))}")
    return found[page]


app = st.App(str(script(sys.argv)), routes=ROUTES, middleware=[Middleware(LoginLinks)])
