"""CEO Dashboard: the few numbers that matter today."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from aseagi.dashboards import frame


def render() -> None:
    api = frame.client()
    case = frame.case_selector(api)
    st.title("CEO Dashboard")
    today = api.get("/stats/today", case=case)
    if today["documents"] == 0:
        st.info(frame.NO_DOCUMENTS)
    columns = st.columns(3)
    columns[0].metric("Documents", f"{today['documents']:,}")
    columns[1].metric("Smoking guns", f"{today['smoking_guns']:,}")
    columns[2].metric("Critical violations", f"{today['critical_violations']:,}")
    hearing = today.get("next_hearing")
    st.subheader("Next hearing")
    if hearing:
        st.metric(
            hearing["title"], hearing["event_date"], f"in {hearing['days_left']} days", delta_color="off"
        )
    else:
        st.write("No hearing scheduled: add one with POST /events or from a minute order.")
    st.subheader("Next deadlines")
    deadlines = today.get("next_deadlines") or []
    if deadlines:
        table = pd.DataFrame(deadlines)[["event_date", "days_left", "title", "citation"]]
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        st.write("No upcoming deadlines computed.")
    _next_steps(api.get("/telegram/actions", case=case, limit=10))
    health = today["processing"]
    st.subheader("Processing health")
    health_columns = st.columns(4)
    health_columns[0].metric("Running batches", health["running_batches"])
    health_columns[1].metric("Waiting", health["queued_documents"])
    health_columns[2].metric(
        "Failed (24 h)", health["failed_last_day"], help=f"{health['failed_documents']} in all"
    )
    health_columns[3].metric(
        "Last processed", (health.get("last_processed_at") or "never")[:16].replace("T", " ")
    )


def _next_steps(body: dict[str, Any]) -> None:
    """What to do next, each naming the event, flag or document it comes from (as the bot's /actions)."""
    st.subheader(f"What to do next ({body.get('count', 0)})")
    items = body.get("actions") or []
    if not items:
        st.write("Nothing needs you right now.")
        return
    table = pd.DataFrame(
        [
            {
                "kind": a["kind"].replace("_", " "),
                "what": a["title"],
                "date": a.get("date"),
                "days left": a.get("days_left"),
                "detail": (a.get("detail") or "")[:200],
                "from": f"{a.get('source', '')} {a['id']}",
            }
            for a in items
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")


frame.start_page("CEO Dashboard", "🎯")
frame.guarded(render)
