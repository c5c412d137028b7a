"""Scanning Monitor: live batch progress (a fragment refreshing every two seconds, no page reload)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
import streamlit as st

from aseagi.dashboards import frame
from aseagi.dashboards.client import ApiClient, ApiError

REFRESH_SECONDS = 2.0
FINISHED = ("done", "duplicate", "failed", "unsupported", "skipped")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min {rest % 60:02d} s"


def failures_by_reason(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter(f"{e.get('status', 'failed')}: {(e.get('reason') or 'unknown')[:120]}" for e in errors)
    return [{"reason": reason, "files": n} for reason, n in counts.most_common()]


def _start_form(api: ApiClient, case: str | None) -> None:
    writable = frame.can_write()
    with st.expander("Start a bulk job", expanded=False), st.form("scan-start"):
        if not writable:
            st.caption(frame.READ_ONLY)
        source = st.text_input("Folder or URL", placeholder="/data/lake/2024 or s3://bucket/folder")
        docket = st.text_input("Case docket", value=case or "")
        started = st.form_submit_button(
            "Start", disabled=not writable, help=None if writable else frame.READ_ONLY
        )
        if started and source.strip():
            accepted = api.post("/bulk/process", {"source": source.strip(), "case": docket.strip() or None})
            st.success(f"Started {accepted['job_id']}: {accepted['total_documents']} files found so far")


def _batch(api: ApiClient, batch: dict[str, Any]) -> None:
    counts = batch["counts"]
    finished = sum(int(counts.get(k) or 0) for k in FINISHED)
    total = max(int(counts.get("discovered") or 0), finished, 1)
    with st.container(border=True):
        title = f"**{batch['job_id']}** · {batch['status']} · {batch['source']}"
        st.markdown(title)
        st.progress(min(1.0, finished / total), text=f"{finished:,} of {total:,} files")
        rates = batch.get("docs_per_minute") or {}
        columns = st.columns(4)
        columns[0].metric("Docs/min (last minute)", f"{rates.get('last_minute', 0):.1f}")
        columns[1].metric("Docs/min (overall)", f"{rates.get('overall', 0):.1f}")
        columns[2].metric("ETA", _duration(batch.get("eta_seconds")) if batch["status"] == "running" else "–")
        columns[3].metric("Failed", int(counts.get("failed") or 0) + int(counts.get("unsupported") or 0))
        st.caption(" · ".join(f"{k} {int(v):,}" for k, v in counts.items()))
        reasons = failures_by_reason(batch.get("last_errors") or [])
        if reasons:
            st.dataframe(pd.DataFrame(reasons), hide_index=True, width="stretch")
        buttons = st.columns(2)
        writable = frame.can_write()
        reason = None if writable else frame.READ_ONLY
        if batch["status"] == "running" and buttons[0].button(
            "Cancel", key=f"cancel-{batch['job_id']}", disabled=not writable, help=reason
        ):
            api.post(f"/process/cancel/{batch['job_id']}")
            st.toast(f"Cancelling {batch['job_id']}")
        failed = int(counts.get("failed") or 0) + int(batch.get("parked_jobs") or 0)
        if failed and buttons[1].button(
            "Retry failures", key=f"retry-{batch['job_id']}", disabled=not writable, help=reason
        ):
            result = api.post(f"/process/retry/{batch['job_id']}")
            st.toast(f"Re-queued {result.get('documents', 0)} documents, {result.get('jobs', 0)} jobs")


@st.fragment(run_every=REFRESH_SECONDS)
def live_batches() -> None:
    api = frame.client()
    try:
        batches = api.get("/process/batches", limit=20)
    except ApiError as exc:
        if exc.status_code == 404:
            st.warning("This API has no bulk processing endpoints: update the server.")
        else:
            st.error(str(exc))
        return
    if not batches:
        st.info("No bulk jobs yet: start one above, or run `aseagi ingest PATH`.")
        return
    running = [b for b in batches if b["status"] == "running"]
    st.caption(f"{len(running)} running · refreshed every {REFRESH_SECONDS:.0f} s")
    for batch in batches:
        _batch(api, batch)


def render() -> None:
    api = frame.client()
    case = frame.case_selector(api)
    st.title("Scanning Monitor")
    _start_form(api, case)
    live_batches()


frame.start_page("Scanning Monitor", "🛰️")
frame.guarded(render)
