"""The ICS export parses back with icalendar: all-day events, stable UIDs, rule text, a 3-day alarm."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from tests.analysis.builders import event

from aseagi.analysis.deadlines import compute_deadlines
from aseagi.analysis.ics import deadlines_to_ics
from aseagi.analysis.rules import load_rules


def test_round_trip() -> None:
    events = [
        event("detention_hearing", "2024-03-05", title="Detention hearing"),
        event("order", "2024-06-10"),
    ]
    deadlines = compute_deadlines(events, load_rules())
    payload = deadlines_to_ics(deadlines, case_name="In re A.B. (JV-2024-000123)")
    calendar = Calendar.from_ical(payload)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == len(deadlines) >= 3
    by_uid = {str(v["UID"]): v for v in vevents}
    assert len(by_uid) == len(vevents)

    jurisdiction = next(v for v in vevents if "WIC 334" in str(v["SUMMARY"]))
    assert jurisdiction.decoded("DTSTART") == dt.date(2024, 3, 26)
    assert jurisdiction.decoded("DTEND") == dt.date(2024, 3, 27)
    description = str(jurisdiction["DESCRIPTION"])
    assert "wic-334-jurisdiction-detained" in description
    assert "WIC 334" in description
    assert "Detention hearing on 2024-03-05" in description
    (alarm,) = jurisdiction.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(days=3)
    assert str(alarm["ACTION"]) == "DISPLAY"


def test_uids_are_stable_and_case_specific() -> None:
    deadlines = compute_deadlines([event("order", "2024-06-10")], load_rules())
    first = deadlines_to_ics(deadlines, case_name="Case One")
    assert first == deadlines_to_ics(deadlines, case_name="Case One")
    uid_one = {str(v["UID"]) for v in Calendar.from_ical(first).walk("VEVENT")}
    other = deadlines_to_ics(deadlines, case_name="Case Two")
    uid_two = {str(v["UID"]) for v in Calendar.from_ical(other).walk("VEVENT")}
    assert uid_one.isdisjoint(uid_two)
