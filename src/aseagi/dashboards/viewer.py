"""The document viewer: text with findings marked, the original, the score breakdown, chain of custody."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from aseagi.dashboards import frame
from aseagi.dashboards.binder_controls import binder_button
from aseagi.dashboards.client import ApiClient
from aseagi.dashboards.highlight import Mark, legend_html, marks_from_analysis, page_html

SCORES = ("relevancy", "micro", "macro", "legal")
PAGE_IMAGE_TYPES = ("application/pdf", "image/")


def inline_viewer(api: ApiClient) -> None:
    """When a page runs alone there is no viewer page: the chosen document is shown under it."""
    document_id = st.session_state.get(frame.OPEN_DOCUMENT)
    if document_id and not frame.multipage():
        st.divider()
        render_document(api, str(document_id))


def render_document(api: ApiClient, document_id: str) -> None:
    document = api.get(f"/documents/{document_id}")
    st.subheader(document["file_name"])
    facts = [
        document.get("document_type") or "type unknown",
        document.get("document_date") or "undated",
        document.get("docket_number") or "no docket",
        f"status {document['status']}",
    ]
    st.caption(" · ".join(str(f) for f in facts))
    binder_button(api, document.get("case_id"), key=f"document-{document_id}", documents=[document_id])
    if document.get("smoking_gun"):
        st.warning("Smoking gun: relevancy ≥ 900 with a high-confidence indicator backed by evidence.")
    columns = st.columns(4)
    for column, name in zip(columns, SCORES, strict=True):
        column.metric(f"{name} score", document[f"{name}_score"])
    text_tab, original_tab, scores_tab, custody_tab = st.tabs(
        ["Text and findings", "Original", "Score breakdown", "Hash and custody"]
    )
    with text_tab:
        _text(document)
    with original_tab:
        _original(api, document)
    with scores_tab:
        _scores(document)
    with custody_tab:
        _custody(document)


def _text(document: dict[str, Any]) -> None:
    pages: list[str] = document.get("pages") or []
    if not pages:
        reason = document.get("status_reason") or "no text was extracted"
        st.info(f"No text for this document ({reason}). Open the original tab.")
        return
    marks = marks_from_analysis(document)
    page = 1
    if len(pages) > 1:
        page = int(st.number_input(f"Page (of {len(pages)})", 1, len(pages), 1, key=f"page-{document['id']}"))
    on_page = [m for m in marks if m.page == page]
    st.markdown(legend_html(), unsafe_allow_html=True)
    st.markdown(page_html(pages[page - 1], on_page), unsafe_allow_html=True)
    if on_page:
        with st.expander(f"{len(on_page)} findings on this page", expanded=False):
            st.dataframe(_marks_table(on_page, pages[page - 1]), hide_index=True, width="stretch")


def _marks_table(marks: list[Mark], text: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "kind": m.kind,
                "what": m.label,
                "start": m.start,
                "end": m.end,
                "passage": text[m.start : m.end][:200],
            }
            for m in sorted(marks, key=lambda m: m.start)
        ]
    )


def _original(api: ApiClient, document: dict[str, Any]) -> None:
    if not document.get("storage_key"):
        st.info("No stored original for this document (it came from an older system).")
        return
    mime = document.get("mime_type") or ""
    key = f"original-{document['id']}"
    if any(mime.startswith(t) for t in PAGE_IMAGE_TYPES):
        count = max(1, int(document.get("page_count") or 1))
        page = int(st.number_input("Page image", 1, count, 1, key=f"{key}-page")) if count > 1 else 1
        if st.button("Show page image", key=f"{key}-show"):
            st.image(api.content(f"/originals/{document['id']}/pages/{page}"), width="stretch")
    if st.button("Fetch the original for download", key=f"{key}-fetch"):
        st.session_state[key] = api.content(f"/originals/{document['id']}")
    if key in st.session_state:
        st.download_button(
            "Download the original", st.session_state[key], file_name=document["file_name"], mime=mime or None
        )


def _scores(document: dict[str, Any]) -> None:
    scores = (document.get("analysis") or {}).get("scores") or {}
    if not scores:
        st.info("No score breakdown: this document has not been analyzed.")
        return
    for name in SCORES:
        score = scores.get(name) or {}
        st.markdown(f"**{name}: {score.get('value', document.get(f'{name}_score'))}**")
        rows = [
            {
                "factor": c.get("factor"),
                "points": c.get("points"),
                "page": (c.get("evidence") or {}).get("page"),
                "passage": ((c.get("evidence") or {}).get("quote") or "")[:200],
            }
            for c in score.get("breakdown") or []
        ]
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _custody(document: dict[str, Any]) -> None:
    st.markdown(f"**SHA-256** `{document.get('sha256') or 'not recorded'}`")
    facts = {
        "size (bytes)": document.get("size_bytes"),
        "type": document.get("mime_type"),
        "stored as": document.get("storage_key"),
        "pages (OCR)": f"{document.get('page_count')} ({document.get('ocr_pages')})",
        "processed at": document.get("processed_at"),
        "recorded at": document.get("created_at"),
    }
    st.dataframe(pd.DataFrame([{"": k, "value": str(v)} for k, v in facts.items()]), hide_index=True)
    occurrences = document.get("occurrences") or []
    st.markdown(
        f"**Seen {len(occurrences)} time(s)** (every path, upload or archive member these bytes came from)"
    )
    if occurrences:
        st.dataframe(pd.DataFrame(occurrences), hide_index=True, width="stretch")
