"""The "Exhibit binder" button of the document and violation pages: a binder job through the API, its
status, and its files to download (redacted for the child's privacy; the API audits every download)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from aseagi.dashboards import frame
from aseagi.dashboards.client import ApiClient

STATE = "exhibit-binders"
"""Session state: selection key -> (case, binder id) of the binder asked for from that button."""


def binder_button(
    api: ApiClient,
    case: str | None,
    *,
    key: str,
    documents: list[str] | None = None,
    violation: str | None = None,
) -> None:
    """Ask for a binder of these documents (or this violation's evidence), then show its status and files."""
    if not case:
        return
    asked: dict[str, tuple[str, str]] = st.session_state.setdefault(STATE, {})
    writable = frame.can_write()
    if st.button(
        "Exhibit binder",
        key=f"binder-{key}",
        disabled=not writable,
        help=frame.READ_ONLY
        if not writable
        else "Bates-stamped, indexed exhibits for the court (CRC 3.1110)",
    ):
        body: dict[str, Any] = {"violation": violation} if violation else {"documents": documents or []}
        binder = api.post(f"/cases/{case}/binders", body)
        asked[key] = (case, binder["id"])
    if key in asked:
        _status(api, *asked[key], key=key)


def _status(api: ApiClient, case: str, binder_id: str, *, key: str) -> None:
    binder = api.get(f"/cases/{case}/binders/{binder_id}")
    if binder["status"] in ("queued", "running"):
        st.info(f"Binder {binder['status']}: a worker builds it (`aseagi worker` must be running).")
        st.button("Check again", key=f"binder-check-{key}")
        return
    if binder["status"] == "failed":
        st.error(f"The binder failed: {binder.get('error') or 'see the worker log'}")
        return
    st.success(f"Binder ready: {binder['exhibits']} exhibits, {binder['total_pages']} pages.")
    for file in binder["files"]:
        name = file["name"]
        if st.button(f"Prepare {name}", key=f"binder-file-{key}-{name}"):
            data = api.content(f"/cases/{case}/binders/{binder_id}/files/{name}")
            mime = "application/pdf" if name.endswith(".pdf") else "application/octet-stream"
            st.download_button(
                f"Download {name}", data, file_name=name, mime=mime, key=f"binder-dl-{key}-{name}"
            )


def protected_persons_panel(api: ApiClient, case: str | None) -> None:
    """Who every export of the case protects, and how exports name them (corrected through the API)."""
    if not case:
        return
    people = api.get(f"/cases/{case}/protected-persons")
    with st.expander(f"Protected in exports ({len(people)}): CRC 8.401 names, WIC 827"):
        if not people:
            st.caption("Nobody found in the petitions and reports yet: add the child with the API.")
        for person in people:
            kept = [k for k in ("date_of_birth", "address", "phone") if person.get(k)]
            removed = f"; removed: {', '.join(k.replace('_', ' ') for k in kept)}" if kept else ""
            st.write(f"**{person['short_name']}** ({person['role']}): {person['full_name']}{removed}")
        st.caption("Correct or add: `PATCH`/`POST /cases/{case}/protected-persons` (a write token).")
