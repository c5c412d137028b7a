"""Deadlines as an iCalendar file a parent or lawyer can import into any calendar app.

UIDs are derived from (case, rule, trigger event), so re-importing an updated file updates the same
entries instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from icalendar import Alarm, Calendar, Event

from aseagi.analysis.deadlines import Deadline

__all__ = ["deadline_uid", "deadlines_to_ics"]

_REMINDER = dt.timedelta(days=3)
_EPOCH_STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def deadline_uid(case_name: str, deadline: Deadline) -> str:
    key = f"{case_name}\x1f{deadline.rule_id}\x1f{deadline.trigger_event_id}".encode()
    return f"{hashlib.sha256(key).hexdigest()[:32]}@aseagi"


def deadlines_to_ics(
    deadlines: Iterable[Deadline], *, case_name: str, stamp: dt.datetime | None = None
) -> bytes:
    """One all-day VEVENT per deadline with a reminder three days before.

    ``stamp`` is the DTSTAMP written on every event; the default is a fixed instant so the same deadlines
    always give byte-identical output (pass the real time when publishing a feed).
    """
    calendar = Calendar()
    calendar.add("prodid", "-//ASEAGI//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{case_name}: deadlines")
    for deadline in deadlines:
        calendar.add_component(_event(deadline, case_name, stamp or _EPOCH_STAMP))
    return calendar.to_ical()


def _event(deadline: Deadline, case_name: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", deadline_uid(case_name, deadline))
    event.add("dtstamp", stamp)
    event.add("dtstart", deadline.due_date)
    event.add("dtend", deadline.due_date + dt.timedelta(days=1))
    event.add("summary", f"{case_name}: {deadline.due_label} due ({deadline.citation})")
    lines = [
        deadline.explanation,
        f"Rule: {deadline.rule_id}, {deadline.title} ({deadline.citation}).",
        f"Triggered by: {deadline.trigger_title} on {deadline.trigger_date.isoformat()}.",
    ]
    if deadline.trigger_evidence is not None:
        source = deadline.trigger_evidence.file_name or deadline.trigger_evidence.document_id or "document"
        lines.append(
            f'Source: {source}, page {deadline.trigger_evidence.page}: "{deadline.trigger_evidence.quote}"'
        )
    if deadline.note:
        lines.append(f"Note: {deadline.note}")
    lines.append("Decision support only: verify against the court's orders and the current codes.")
    event.add("description", "\n".join(lines))
    event.add("categories", [deadline.severity])
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{deadline.due_label} due in 3 days ({deadline.citation})")
    alarm.add("trigger", -_REMINDER)
    event.add_component(alarm)
    return event
