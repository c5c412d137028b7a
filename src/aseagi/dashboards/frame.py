"""What every page shares: page set-up and sign-in, the API client, the case picker, opening a document."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from aseagi.dashboards import signin
from aseagi.dashboards.client import ApiClient, ApiError

log = logging.getLogger(__name__)

MULTIPAGE_FLAG = "aseagi_multipage"
VIEWER_PAGE = "views/document_viewer.py"
OPEN_DOCUMENT = "aseagi_open_document"
NO_DOCUMENTS = "No documents yet: run `aseagi ingest PATH` or send a file to the bot."
PAGE_SIZE = 50


def multipage() -> bool:
    """True under ``app.py`` (st.navigation); False when a page runs alone on its own port."""
    return bool(st.session_state.get(MULTIPAGE_FLAG))


def start_page(title: str, icon: str = "⚖️") -> None:
    """A page run alone sets itself up and checks the visitor (``app.py`` does both for all pages)."""
    if multipage():
        return
    st.set_page_config(page_title=f"ASEAGI · {title}", page_icon=icon, layout="wide")
    try:
        visitor = signin.check()
    except ApiError as exc:
        st.error(str(exc))
        st.stop()
    if visitor is None:
        signin.sign_in_page()
        st.stop()
    signin.sidebar(visitor)


def client() -> ApiClient:
    """The API as the signed-in visitor; anyone else gets the sign-in page and nothing more."""
    visitor = signin.visitor()
    if visitor is None:
        signin.sign_in_page()
        st.stop()
    return signin.api_for(visitor.token)


def can_write() -> bool:
    """False for a read session: its pages show verify, dismiss and start disabled, with ``READ_ONLY``."""
    visitor = signin.visitor()
    return visitor is not None and visitor.can_write


READ_ONLY = signin.READ_ONLY


def guarded(render: Callable[[], None]) -> None:
    """Run a page; an API failure becomes one line on screen (the traceback goes to the log)."""
    try:
        render()
    except ApiError as exc:
        log.warning("dashboard: %s", exc)
        st.error(str(exc))


def case_selector(api: ApiClient) -> str | None:
    """The case picker in the sidebar (remembered in the URL as ``?case=``). None: every case."""
    cases = api.get("/cases", limit=500)["items"]
    if not cases:
        return None
    dockets = [c["docket_number"] for c in cases]
    labels = {
        c["docket_number"]: f"{c['docket_number']} · {c['name']}" if c.get("name") else c["docket_number"]
        for c in cases
    }
    options = ["", *dockets] if len(dockets) > 1 else dockets
    wanted = st.query_params.get("case") or st.session_state.get("aseagi_case") or dockets[0]
    index = options.index(wanted) if wanted in options else 0
    chosen = st.sidebar.selectbox(
        "Case", options, index=index, format_func=lambda d: labels.get(d, "All cases"), key="case_picker"
    )
    st.session_state["aseagi_case"] = chosen
    if chosen:
        st.query_params["case"] = chosen
    return chosen or None


def open_document(document_id: str) -> None:
    """Show a document in the viewer: its page when all dashboards run together, else below this page."""
    st.session_state[OPEN_DOCUMENT] = document_id
    if multipage():
        st.switch_page(VIEWER_PAGE, query_params={"document": document_id})


def document_picker(documents: list[dict[str, Any]], key: str) -> None:
    """A select-and-open control for a list of documents (works on a phone, unlike row clicks)."""
    if not documents:
        return
    names = {d["id"]: f"{d['file_name']} ({d.get('relevancy_score', '')})" for d in documents}
    columns = st.columns([4, 1])
    chosen = columns[0].selectbox("Open a document", list(names), format_func=names.__getitem__, key=key)
    if columns[1].button("Open", key=f"{key}-open", width="stretch") and chosen:
        open_document(chosen)
