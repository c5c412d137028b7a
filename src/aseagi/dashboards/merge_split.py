"""Merge and split chronology events on the Timeline, through the API (which keeps the correction and
recomputes the deadlines and violations that follow from the events)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from aseagi.dashboards.client import ApiClient, ApiError

RECOMPUTED = "the deadlines and violations that follow from it were recomputed."
# Widgets are keyed by the event's id, not its place on the page: a place holds another event once the
# dates shown change, and a kept selection must never apply to another event.


def is_fact(event: dict[str, Any]) -> bool:
    """An event of the case's chronology (found in its documents): only those merge and split."""
    return event.get("source") == "document" and bool(event.get("event_key"))


def source_ref(source: dict[str, Any]) -> str:
    """How the API names a source of an event: ``document_id:page:start``."""
    return f"{source.get('document_id')}:{source.get('page')}:{source.get('start')}"


def _label(event: dict[str, Any]) -> str:
    sources = event.get("mentions") or len(event.get("evidence") or [])
    return f"{event['event_date']} · {event['event_type']} — {event['title'][:80]} ({sources} source(s))"


def merge_form(api: ApiClient, fact: dict[str, Any], facts: dict[str, dict[str, Any]]) -> None:
    """Pick another entry of the same real event; it is folded into this one with all its sources."""
    others = {
        key: event
        for key, event in facts.items()
        if key != str(fact["id"]) and is_fact(event) and event.get("case_id") == fact.get("case_id")
    }
    if not others:
        return
    with st.form(key=f"tl-merge-{fact['id']}"):
        chosen = st.selectbox(
            "Merge another event into this one",
            list(others),
            index=None,
            format_func=lambda key: _label(others[key]),
            placeholder="an entry that is the same hearing, filing or order",
            key=f"tl-merge-pick-{fact['id']}",
        )
        if st.form_submit_button("Merge into this event", key=f"tl-merge-go-{fact['id']}"):
            if chosen is None:
                st.error("Not merged: pick the event to merge into this one first.")
                return
            try:
                merged = api.post(f"/events/{chosen}/merge", {"into": str(fact["id"])})
            except ApiError as exc:
                st.error(f"Not merged: {exc}")
                return
            st.success(f"Merged: this event now has {merged['mentions']} source(s); {RECOMPUTED}")


def split_form(api: ApiClient, fact: dict[str, Any]) -> None:
    """Pick the sources that name another event; they become an event of their own."""
    sources = {source_ref(s): s for s in fact.get("evidence") or []}
    if len(sources) < 2:
        return
    with st.form(key=f"tl-split-{fact['id']}"):
        chosen = st.multiselect(
            "Sources that belong to another event",
            list(sources),
            format_func=lambda ref: (
                f"p. {sources[ref].get('page', '?')}: “{(sources[ref].get('quote') or '')[:120]}”"
            ),
            key=f"tl-split-pick-{fact['id']}",
        )
        if st.form_submit_button("Split into a new event", key=f"tl-split-go-{fact['id']}"):
            if not chosen:
                st.error("Not split: pick the sources to move into a new event first.")
                return
            try:
                new = api.post(f"/events/{fact['id']}/split", {"sources": chosen})
            except ApiError as exc:
                st.error(f"Not split: {exc}")
                return
            st.success(
                f"Split: a new event on {new['event_date']} with {new['mentions']} source(s); {RECOMPUTED}"
            )
