"""The bot's timeline and /events list the chronology: each fact once, with its sources and mention count."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cases.service import analyze
from aseagi.models import CourtEvent
from tests.cases.test_analysis_store_chronology import TODAY, seeded_case

OLD_KEYS = {
    "id",
    "case_id",
    "document_id",
    "date",
    "time",
    "event_type",
    "title",
    "department",
    "description",
    "source",
    "rule_id",
    "citation",
    "days_from_today",
}
WINDOW = {"case": "JV073418", "from": "2025-01-01", "to": "2025-12-31"}


async def test_each_fact_once_with_its_sources(
    client: httpx.AsyncClient,
    session: AsyncSession,
    read_headers: dict[str, str],
    write_headers: dict[str, str],
) -> None:
    case = await seeded_case(session)
    await analyze(session, case.id, today=TODAY)
    typed = await client.post(
        "/events",
        json={"case": "JV073418", "event_date": "2025-04-16", "event_type": "jurisdiction_hearing",
              "title": "Jurisdiction trial (my note)"},
        headers=write_headers,
    )  # fmt: skip
    assert typed.status_code == 201, typed.text
    await analyze(session, case.id, today=TODAY)
    # A paper ingested since the analysis wrote its own mention of a fact the chronology already lists.
    session.add(
        CourtEvent(
            case_id=case.id,
            event_date=dt.date(2025, 4, 16),
            event_type="hearing",
            title="Hearing",
            source="document",
            evidence=[],
        )
    )
    await session.flush()

    response = await client.get("/telegram/timeline", params=WINDOW, headers=read_headers)
    assert response.status_code == 200, response.text
    body = response.json()
    events = [e for e in body["events"] if e["event_type"] != "deadline"]
    assert body["count"] == len(body["events"])
    assert all(OLD_KEYS <= set(e) for e in body["events"])
    facts = Counter((e["date"], e["event_type"]) for e in events)
    assert facts[("2025-04-16", "jurisdiction_hearing")] == 1
    assert max(facts.values()) == 1
    held = next(e for e in events if e["date"] == "2025-04-16" and e["event_type"] == "jurisdiction_hearing")
    assert held["mentions"] == len(held["sources"]) >= 3
    assert {"document_id", "page", "start", "end", "quote"} <= set(held["sources"][0])
    assert held["status"] == "held"
    continued = next(e for e in events if e["date"] == "2025-03-26")
    assert (continued["status"], continued["continued_to"]) == ("continued", held["id"])

    listed = await client.get("/events", params={"case": "JV073418"}, headers=read_headers)
    assert listed.status_code == 200, listed.text
    rows = [e for e in listed.json()["items"] if e["event_type"] != "deadline"]
    assert Counter((e["event_date"], e["event_type"]) for e in rows) == facts
    same = next(e for e in rows if e["id"] == held["id"])
    assert same["mentions"] == held["mentions"]
    assert same["sources"] == same["evidence"]


async def test_the_next_hearing_is_where_a_continued_setting_moved(session: AsyncSession) -> None:
    from aseagi.analysis.schemas import HEARING_TYPES
    from aseagi.events import repository

    case = await seeded_case(session)
    await analyze(session, case.id, today=dt.date(2025, 3, 20))
    row = await repository.next_event(
        session, case_id=case.id, today=dt.date(2025, 3, 20), event_types=list(HEARING_TYPES)
    )
    assert row is not None
    assert (row.event_date, row.status) == (dt.date(2025, 4, 16), "scheduled")
