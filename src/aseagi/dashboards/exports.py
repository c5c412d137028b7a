"""Timeline exports: CSV for spreadsheets, ICS for calendar apps. Pure functions over API rows."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

import pandas as pd
from icalendar import Calendar, Event

CSV_COLUMNS = ["date", "kind", "type", "title", "citation", "document_id", "id"]
_STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def timeline_rows(
    events: Sequence[dict[str, Any]], violations: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Events and dated violations as one list of points, oldest first."""
    rows = [
        {
            "date": e["event_date"],
            "kind": "deadline" if e["event_type"] == "deadline" else "event",
            "type": e["event_type"],
            "title": e["title"],
            "citation": e.get("citation") or "",
            "document_id": e.get("document_id") or "",
            "id": e["id"],
            "evidence": e.get("evidence") or [],
        }
        for e in events
    ]
    rows += [
        {
            "date": v["violation_date"],
            "kind": "violation",
            "type": f"violation {v['severity']}",
            "title": f"{v['violation_type']}: {v['description'][:120]}",
            "citation": v.get("legal_basis") or "",
            "document_id": v.get("document_id") or "",
            "id": v["id"],
            "evidence": v.get("evidence") or [],
        }
        for v in violations
        if v.get("violation_date")
    ]
    return sorted(rows, key=lambda r: (r["date"], r["kind"], r["title"]))


def timeline_csv(rows: Sequence[dict[str, Any]]) -> bytes:
    return pd.DataFrame(list(rows), columns=CSV_COLUMNS).to_csv(index=False).encode()


def timeline_ics(rows: Sequence[dict[str, Any]], calendar_name: str) -> bytes:
    """One all-day VEVENT per point; UIDs from the row ids, so re-importing updates instead of doubling."""
    calendar = Calendar()
    calendar.add("prodid", "-//ASEAGI//timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", calendar_name)
    for row in rows:
        day = dt.date.fromisoformat(str(row["date"]))
        event = Event()
        event.add("uid", f"{hashlib.sha256(str(row['id']).encode()).hexdigest()[:32]}@aseagi")
        event.add("dtstamp", _STAMP)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", f"{row['title']}" + (f" ({row['citation']})" if row.get("citation") else ""))
        event.add("categories", [row["kind"]])
        calendar.add_component(event)
    return calendar.to_ical()
