"""Document viewer: reached from every page (``?document=<id>``), or by searching for a file."""

from __future__ import annotations

import streamlit as st

from aseagi.dashboards import frame
from aseagi.dashboards.viewer import render_document


def render() -> None:
    api = frame.client()
    case = frame.case_selector(api)
    st.title("Document viewer")
    document_id = st.query_params.get("document") or st.session_state.get(frame.OPEN_DOCUMENT)
    query = st.text_input("Find a document", key="viewer-q", placeholder="file name or words in the text")
    if query.strip():
        found = api.get("/documents", case=case, q=query.strip(), sort="relevancy", limit=20)["items"]
        if not found:
            st.info("Nothing matches: try other words.")
        frame.document_picker(found, key="viewer-open")
        document_id = st.session_state.get(frame.OPEN_DOCUMENT, document_id)
    if not document_id:
        top = api.get("/documents", case=case, sort="relevancy", limit=10)["items"]
        if not top:
            st.info(frame.NO_DOCUMENTS)
            return
        st.caption("Or open one of the most relevant:")
        frame.document_picker(top, key="viewer-top")
        document_id = st.session_state.get(frame.OPEN_DOCUMENT)
    if document_id:
        st.query_params["document"] = str(document_id)
        render_document(api, str(document_id))


frame.start_page("Document viewer", "📄")
frame.guarded(render)
