"""The bot's timeline says what the chronology knows of each event: continued, uncertain date, sources."""

from __future__ import annotations

from aseagi.bot import format


def test_timeline_lines_carry_status_certainty_and_source_count() -> None:
    body = {
        "from": "2025-01-01",
        "to": "2025-12-31",
        "count": 3,
        "events": [
            {
                "date": "2025-03-26",
                "event_type": "jurisdiction_hearing",
                "title": "Jurisdiction hearing",
                "status": "continued",
                "mentions": 4,
                "date_certainty": "exact",
            },
            {
                "date": "2025-04-02",
                "event_type": "hearing",
                "title": "Hearing",
                "status": "held",
                "mentions": 1,
                "date_certainty": "approximate",
            },
            {"date": "2025-04-10", "event_type": "deadline", "title": "Disposition due", "mentions": 0},
        ],
    }
    text = format.timeline(body)
    assert "Jurisdiction hearing <i>[continued, 4 sources]</i>" in text
    assert "Hearing <i>[date approximate]</i>" in text
    assert "Disposition due\n" in text + "\n"
    assert "Disposition due <i>" not in text
