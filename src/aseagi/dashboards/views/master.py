"""PROJ344 Master: the case at a glance and the document table that opens the viewer."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import streamlit as st

from aseagi.dashboards import charts, frame, viewer
from aseagi.dashboards.binder_controls import protected_persons_panel
from aseagi.dashboards.client import ApiClient

TABLE_COLUMNS = [
    "file_name",
    "document_type",
    "document_date",
    "relevancy_score",
    "micro_score",
    "macro_score",
    "legal_score",
    "smoking_gun",
    "status",
    "docket_number",
]
SORTS = {"Most relevant": "relevancy", "Newest document date": "date", "Most recently added": "created"}


def render() -> None:
    api = frame.client()
    case = frame.case_selector(api)
    st.title("PROJ344 Master")
    stats = api.get("/stats/documents", case=case)
    if stats["documents"] == 0:
        st.info(frame.NO_DOCUMENTS)
        return
    protected_persons_panel(api, case)
    columns = st.columns(4)
    columns[0].metric("Documents", f"{stats['documents']:,}")
    columns[1].metric("Smoking guns", f"{stats['smoking_guns']:,}")
    columns[2].metric("Fraud indicators", f"{stats['fraud_indicators']:,}")
    columns[3].metric("Perjury indicators", f"{stats['perjury_indicators']:,}")
    left, right = st.columns(2)
    left.plotly_chart(charts.buckets(stats["by_status"], "Documents by status"), width="stretch")
    right.plotly_chart(
        charts.buckets(stats["by_type"], "Documents by type", horizontal=True), width="stretch"
    )
    st.plotly_chart(charts.buckets(stats["by_month"], "Documents by month (document date)"), width="stretch")
    st.plotly_chart(charts.score_histograms(stats["score_bins"]), width="stretch")
    _document_table(api, case, [b["key"] for b in stats["by_type"]])
    viewer.inline_viewer(api)


def _filters(types: list[str]) -> dict[str, Any]:
    with st.expander("Filter and sort documents", expanded=True):
        first, second, third = st.columns(3)
        query = first.text_input("Text search", key="master-q", placeholder="e.g. notice phone call")
        document_type = second.selectbox(
            "Type", ["", *types], key="master-type", format_func=lambda t: t or "Any"
        )
        gun = third.selectbox("Smoking gun", ["Any", "Yes", "No"], key="master-gun")
        low, high = st.slider("Relevancy score", 0, 999, (0, 999), key="master-score")
        dates = st.columns(3)
        date_from = dates[0].date_input(
            "Dated from", value=None, key="master-from", min_value=dt.date(1990, 1, 1)
        )
        date_to = dates[1].date_input("Dated to", value=None, key="master-to", min_value=dt.date(1990, 1, 1))
        sort = dates[2].selectbox("Sort", list(SORTS), key="master-sort")
    return {
        "q": query.strip() or None,
        "document_type": document_type or None,
        "smoking_gun": {"Yes": "true", "No": "false"}.get(gun),
        "min_score": low if low > 0 else None,
        "max_score": high if high < 999 else None,
        "date_from": date_from.isoformat() if isinstance(date_from, dt.date) else None,
        "date_to": date_to.isoformat() if isinstance(date_to, dt.date) else None,
        "sort": SORTS[sort],
    }


def _document_table(api: ApiClient, case: str | None, types: list[str]) -> None:
    st.subheader("Documents")
    params = _filters(types)
    signature = repr(sorted(params.items()))
    if st.session_state.get("master-signature") != signature:
        st.session_state["master-signature"] = signature
        st.session_state["master-page"] = 1
    page_number = int(st.session_state.get("master-page", 1))
    result = api.get(
        "/documents", case=case, limit=frame.PAGE_SIZE, offset=(page_number - 1) * frame.PAGE_SIZE, **params
    )
    pages = max(1, math.ceil(result["count"] / frame.PAGE_SIZE))
    if not result["items"]:
        st.info("No document matches these filters: widen the score range or clear the search.")
        return
    table = pd.DataFrame(result["items"])[TABLE_COLUMNS]
    st.dataframe(table, hide_index=True, width="stretch")
    pager = st.columns([2, 1, 1])
    pager[0].caption(f"{result['count']:,} documents · page {page_number} of {pages:,}")
    if pager[1].button("Previous", disabled=page_number <= 1, key="master-prev"):
        st.session_state["master-page"] = page_number - 1
        st.rerun()
    if pager[2].button("Next", disabled=page_number >= pages, key="master-next"):
        st.session_state["master-page"] = page_number + 1
        st.rerun()
    frame.document_picker(result["items"], key="master-open")


frame.start_page("PROJ344 Master", "📊")
frame.guarded(render)
