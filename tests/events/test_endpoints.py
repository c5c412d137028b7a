"""The events endpoints: create, move and list an event within a date range."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case


async def test_events_create_move_and_range(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str]
) -> None:
    case = await add_case(session)
    body = {
        "case": case.docket_number,
        "event_date": "2024-03-05",
        "event_type": "detention_hearing",
        "title": "Detention hearing",
        "department": "Dept. 12",
    }
    created = await client.post("/events", json=body, headers=write_headers)
    assert created.status_code == 201, created.text
    assert created.json()["source"] == "manual"
    moved = await client.patch(
        f"/events/{created.json()['id']}", json={"event_date": "2024-03-06"}, headers=write_headers
    )
    assert moved.json()["event_date"] == "2024-03-06"
    inside = await client.get(
        "/events",
        params={"case": case.docket_number, "from": "2024-03-06", "to": "2024-03-07"},
        headers=write_headers,
    )
    assert inside.json()["count"] == 1
    outside = await client.get("/events", params={"from": "2025-01-01"}, headers=write_headers)
    assert outside.json()["count"] == 0
    bad_type = await client.post("/events", json=dict(body, event_type="party"), headers=write_headers)
    assert bad_type.status_code == 422
