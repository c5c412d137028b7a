"""Timeline & Violations: hearings, filings, orders, deadlines and violations on one zoomable chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.express as px
import streamlit as st

from aseagi.dashboards import charts, frame
from aseagi.dashboards.client import ApiClient
from aseagi.dashboards.exports import timeline_csv, timeline_ics, timeline_rows

EVENT_PAGE = 500
MAX_EVENTS = 5000
# The chart shows at most this many events (narrow the dates to see the rest).
KIND_SYMBOLS = {"event": "circle", "deadline": "diamond", "violation": "x"}


def _events(
    api: ApiClient, case: str | None, date_from: dt.date | None, date_to: dt.date | None
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while len(rows) < MAX_EVENTS:
        page = api.get(
            "/events",
            case=case,
            limit=EVENT_PAGE,
            offset=len(rows),
            **{
                "from": date_from.isoformat() if date_from else None,
                "to": date_to.isoformat() if date_to else None,
            },
        )
        rows += page["items"]
        if len(page["items"]) < EVENT_PAGE:
            break
    return rows


def render() -> None:
    api = frame.client()
    case = frame.case_selector(api)
    st.title("Timeline & Violations")
    bounds = st.columns(2)
    date_from = bounds[0].date_input("From", value=None, key="tl-from", min_value=dt.date(1990, 1, 1))
    date_to = bounds[1].date_input("To", value=None, key="tl-to", min_value=dt.date(1990, 1, 1))
    start = date_from if isinstance(date_from, dt.date) else None
    end = date_to if isinstance(date_to, dt.date) else None
    events = _events(api, case, start, end)
    violations = api.get("/violations", case=case, limit=500)["items"]
    rows = [
        r
        for r in timeline_rows(events, violations)
        if (start is None or str(r["date"]) >= start.isoformat())
        and (end is None or str(r["date"]) <= end.isoformat())
    ]
    if not rows:
        st.info(
            "Nothing on the timeline yet: events come from minute orders and notices once they are ingested."
        )
        return
    kinds = sorted({r["kind"] for r in rows})
    shown = st.multiselect("Show", kinds, default=kinds, key="tl-kinds")
    rows = [r for r in rows if r["kind"] in shown]
    st.caption(f"{len(rows)} points" + (" (first 5,000 events)" if len(events) >= MAX_EVENTS else ""))
    frame_ = pd.DataFrame(rows)
    figure = px.scatter(
        frame_,
        x="date",
        y="type",
        color="kind",
        symbol="kind",
        symbol_map=KIND_SYMBOLS,
        hover_data={"title": True, "citation": True, "date": True, "type": False, "kind": False},
        custom_data=["id"],
        title="Zoom with the mouse or a pinch; select points to see their evidence",
    )
    figure.update_traces(marker={"size": 11})
    figure.update_yaxes(title=None)
    selection = st.plotly_chart(
        charts.compact(figure, 420),
        width="stretch",
        on_select="rerun",
        selection_mode=("points", "box"),
        key="tl-chart",
    )
    selected = _selected_ids(selection)
    _evidence(rows, selected)
    exports = st.columns(2)
    name = case or "all cases"
    exports[0].download_button(
        "Export CSV", timeline_csv(rows), file_name=f"timeline-{name}.csv", mime="text/csv"
    )
    exports[1].download_button(
        "Export ICS",
        timeline_ics(rows, f"{name}: timeline"),
        file_name=f"timeline-{name}.ics",
        mime="text/calendar",
    )
    frame.inline_viewer(api)


def _selected_ids(selection: Any) -> set[str]:
    try:
        points = selection["selection"]["points"]
    except (KeyError, TypeError):
        return set()
    return {str(p["customdata"][0]) for p in points if p.get("customdata")}


def _evidence(rows: list[dict[str, Any]], selected: set[str]) -> None:
    chosen = [r for r in rows if r["id"] in selected] or rows[-5:]
    st.subheader("Selected points" if selected else "Latest points")
    for index, row in enumerate(chosen[:20]):
        with st.container(border=True):
            st.markdown(
                f"**{row['date']} · {row['type']}** — {row['title']}"
                + (f" · {row['citation']}" if row["citation"] else "")
            )
            for evidence in row["evidence"][:3]:
                st.caption(f"p. {evidence.get('page', '?')}: “{(evidence.get('quote') or '')[:300]}”")
            if row["document_id"] and st.button("Open evidence", key=f"tl-open-{index}-{row['id']}"):
                frame.open_document(str(row["document_id"]))


frame.start_page("Timeline & Violations", "🗓️")
frame.guarded(render)
