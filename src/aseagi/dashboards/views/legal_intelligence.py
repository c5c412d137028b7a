"""Legal Intelligence: findings by type and severity, contradictions side by side, citations relied on.

Verify and dismiss write through the API (PATCH /violations/{id}), which records who did it.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.express as px
import streamlit as st

from aseagi.dashboards import charts, frame, viewer
from aseagi.dashboards.binder_controls import binder_button
from aseagi.dashboards.client import ApiClient

FINDINGS_PER_PAGE = 10
SEVERITIES = ["", "CRITICAL", "HIGH", "MEDIUM", "LOW"]
REVIEW = ["suspected", "verified", "dismissed", ""]


def render() -> None:
    api = frame.client()
    case = frame.case_selector(api)
    st.title("Legal Intelligence")
    stats = api.get("/stats/violations", case=case)
    documents = api.get("/stats/documents", case=case)
    columns = st.columns(4)
    severity = {b["key"]: b["count"] for b in stats["by_severity"]}
    columns[0].metric("Violations", stats["total"])
    columns[1].metric("Critical", severity.get("CRITICAL", 0))
    columns[2].metric("Fraud indicators", documents["fraud_indicators"])
    columns[3].metric("Perjury indicators", documents["perjury_indicators"])
    if stats["total"] == 0 and documents["documents"] == 0:
        st.info(frame.NO_DOCUMENTS)
        return
    if stats["by_type"]:
        figure = px.bar(
            pd.DataFrame(stats["by_type"]),
            x="count",
            y="violation_type",
            color="severity",
            orientation="h",
            color_discrete_map=charts.SEVERITY_COLORS,
            title="Violations by type and severity",
        )
        figure.update_yaxes(title=None)
        st.plotly_chart(charts.compact(figure, 320), width="stretch")
    findings, contradictions, citations = st.tabs(
        ["Findings to review", "Contradictions", "Citations relied on"]
    )
    with findings:
        _findings(api, case)
    with contradictions:
        _contradictions(api, case)
    with citations:
        _citations(api, case)
    viewer.inline_viewer(api)


def _findings(api: ApiClient, case: str | None) -> None:
    filters = st.columns(2)
    severity = filters[0].selectbox(
        "Severity", SEVERITIES, key="li-severity", format_func=lambda s: s or "Any"
    )
    review = filters[1].selectbox("Review status", REVIEW, key="li-review", format_func=lambda s: s or "Any")
    page = int(st.session_state.get("li-page", 1))
    result = api.get(
        "/violations",
        case=case,
        severity=severity or None,
        review_status=review or None,
        limit=FINDINGS_PER_PAGE,
        offset=(page - 1) * FINDINGS_PER_PAGE,
    )
    if not result["items"]:
        st.info("No findings here: run `aseagi analyze` on the case, or change the filters.")
        return
    writable = frame.can_write()
    if not writable:
        st.info(frame.READ_ONLY)
    for violation in result["items"]:
        _finding(api, violation, writable)
    pages = max(1, math.ceil(result["count"] / FINDINGS_PER_PAGE))
    pager = st.columns([2, 1, 1])
    pager[0].caption(f"{result['count']} findings · page {page} of {pages}")
    if pager[1].button("Previous", disabled=page <= 1, key="li-prev"):
        st.session_state["li-page"] = page - 1
        st.rerun()
    if pager[2].button("Next", disabled=page >= pages, key="li-next"):
        st.session_state["li-page"] = page + 1
        st.rerun()


def _finding(api: ApiClient, violation: dict[str, Any], writable: bool) -> None:
    identifier = violation["id"]
    with st.container(border=True):
        st.markdown(
            f"**{violation['severity']} · {violation['violation_type']}** "
            f"({violation.get('legal_basis') or 'no legal basis'}) · "
            f"{violation.get('violation_date') or 'undated'} "
            f"· *{violation['review_status']}*"
        )
        st.write(violation["description"])
        for evidence in violation.get("evidence") or []:
            st.caption(f"p. {evidence.get('page', '?')}: “{(evidence.get('quote') or '')[:300]}”")
        buttons = st.columns(3)
        reason = None if writable else frame.READ_ONLY
        if buttons[0].button(
            "Verify",
            key=f"verify-{identifier}",
            disabled=violation["review_status"] == "verified" or not writable,
            help=reason,
        ):
            api.patch(f"/violations/{identifier}", {"review_status": "verified"})
            st.toast("Marked verified")
            st.rerun()
        if buttons[1].button(
            "Dismiss",
            key=f"dismiss-{identifier}",
            disabled=violation["review_status"] == "dismissed" or not writable,
            help=reason,
        ):
            api.patch(f"/violations/{identifier}", {"review_status": "dismissed"})
            st.toast("Dismissed")
            st.rerun()
        if violation.get("document_id") and buttons[2].button("Open evidence", key=f"open-{identifier}"):
            frame.open_document(violation["document_id"])
        binder_button(api, violation.get("case_id"), key=f"violation-{identifier}", violation=identifier)


def _passage(title: str, passage: dict[str, Any]) -> None:
    st.markdown(f"**{title}**: {passage.get('file_name') or 'document'}, p. {passage['page']}")
    st.markdown(f"> {passage['quote'][:600]}")


def _contradictions(api: ApiClient, case: str | None) -> None:
    page = int(st.session_state.get("li-contradiction-page", 1))
    result = api.get("/stats/contradictions", case=case, limit=10, offset=(page - 1) * 10)
    if not result["items"]:
        st.info("No contradictions found yet: they appear once sworn statements and messages are analyzed.")
        return
    for index, item in enumerate(result["items"]):
        with st.container(border=True):
            st.markdown(f"**{item['description']}** (confidence {item['confidence']:.2f})")
            left, right = st.columns(2)
            with left:
                _passage("Statement", item["statement"])
            with right:
                for other in item["contradicting"]:
                    _passage("Contradicted by", other)
            if st.button("Open the statement's document", key=f"contradiction-{page}-{index}"):
                frame.open_document(item["document_id"])
    pages = max(1, math.ceil(result["count"] / 10))
    st.caption(f"{result['count']} contradictions · page {page} of {pages}")
    chosen = st.number_input("Page", 1, pages, page, key="li-contradiction-pager") if pages > 1 else 1
    if chosen != page:
        st.session_state["li-contradiction-page"] = int(chosen)
        st.rerun()


def _citations(api: ApiClient, case: str | None) -> None:
    rows = api.get("/stats/citations", case=case, limit=25)
    if not rows:
        st.info("No citations found yet.")
        return
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


frame.start_page("Legal Intelligence", "⚖️")
frame.guarded(render)
