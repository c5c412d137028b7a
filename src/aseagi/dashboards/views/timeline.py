"""Timeline & Violations: hearings, filings, orders, deadlines and violations on one zoomable chart."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

import pandas as pd
import plotly.express as px
import streamlit as st

from aseagi.analysis.chronology_types import EventStatus
from aseagi.analysis.schemas import EventType
from aseagi.dashboards import charts, frame, merge_split, viewer
from aseagi.dashboards.client import ApiClient
from aseagi.dashboards.exports import timeline_csv, timeline_ics, timeline_rows

EVENT_PAGE = 500
MAX_EVENTS = 5000
# The chart shows at most this many events (narrow the dates to see the rest).
KIND_SYMBOLS = {"event": "circle", "deadline": "diamond", "violation": "x"}
EVENT_TYPES: list[str] = [t for t in get_args(EventType) if t != "deadline"]
STATUSES: list[str] = [status.value for status in EventStatus]


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
    _evidence(api, rows, selected, {str(e["id"]): e for e in events})
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
    viewer.inline_viewer(api)


def _selected_ids(selection: Any) -> set[str]:
    try:
        points = selection["selection"]["points"]
    except (KeyError, TypeError):
        return set()
    return {str(p["customdata"][0]) for p in points if p.get("customdata")}


def _evidence(
    api: ApiClient, rows: list[dict[str, Any]], selected: set[str], facts: dict[str, dict[str, Any]]
) -> None:
    chosen = [r for r in rows if r["id"] in selected] or rows[-5:]
    st.subheader("Selected points" if selected else "Latest points")
    for index, row in enumerate(chosen[:20]):
        fact = facts.get(str(row["id"]))
        with st.container(border=True):
            st.markdown(
                f"**{row['date']} · {row['type']}** — {row['title']}"
                + (f" · {row['citation']}" if row["citation"] else "")
            )
            if fact is not None and fact.get("event_key"):
                st.caption(_provenance(fact))
            for evidence in row["evidence"][:3]:
                st.caption(f"p. {evidence.get('page', '?')}: “{(evidence.get('quote') or '')[:300]}”")
            if len(row["evidence"]) > 3:
                st.caption(f"… and {len(row['evidence']) - 3} more sources")
            if row["document_id"] and st.button("Open evidence", key=f"tl-open-{index}-{row['id']}"):
                frame.open_document(str(row["document_id"]))
            if fact is not None and fact.get("source") in ("document", "manual"):
                _correction(api, fact)
            if fact is not None and merge_split.is_fact(fact):
                with st.expander("Merge or split this event"):
                    merge_split.merge_form(api, fact, facts)
                    merge_split.split_form(api, fact)


def _provenance(fact: dict[str, Any]) -> str:
    """What the chronology knows of an event: its status, how many papers name it, how sure the date is."""
    parts = [
        str(fact.get("status") or "unknown"),
        f"{fact.get('mentions', 0)} source(s)",
        f"date {fact.get('date_certainty') or 'exact'}",
    ]
    if fact.get("disputed"):
        parts.append("the sources disagree")
    return " · ".join(parts)


def _correction(api: ApiClient, fact: dict[str, Any]) -> None:
    """Correct the date, type or status; the API keeps the correction and recomputes what follows.

    The widgets are keyed by the event's id, not its place on the page: when the date range changes,
    a value kept from the previous view must not land on another event's form."""
    with st.expander("Correct this event"), st.form(key=f"tl-fix-{fact['id']}"):
        day = st.date_input(
            "Date", value=dt.date.fromisoformat(str(fact["event_date"])), key=f"tl-fix-day-{fact['id']}"
        )
        kind = st.selectbox(
            "Type",
            EVENT_TYPES,
            index=EVENT_TYPES.index(fact["event_type"]) if fact["event_type"] in EVENT_TYPES else 0,
            key=f"tl-fix-type-{fact['id']}",
        )
        status = st.selectbox(
            "Status",
            STATUSES,
            index=STATUSES.index(fact["status"]) if fact.get("status") in STATUSES else len(STATUSES) - 1,
            key=f"tl-fix-status-{fact['id']}",
        )
        if st.form_submit_button("Save correction"):
            changes: dict[str, Any] = {}
            if isinstance(day, dt.date) and day.isoformat() != str(fact["event_date"]):
                changes["event_date"] = day.isoformat()
            if kind != fact["event_type"]:
                changes["event_type"] = kind
            if status != fact.get("status"):
                changes["status"] = status
            if changes:
                api.patch(f"/events/{fact['id']}", changes)
                st.success("Saved: the deadlines and violations that follow from it were recomputed.")


frame.start_page("Timeline & Violations", "🗓️")
frame.guarded(render)
