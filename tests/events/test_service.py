"""Corrections flow through: a corrected, merged or split event is kept across re-analysis and its
deadlines are recomputed; each correction is audited."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from tests.cases.test_analysis_store_chronology import TODAY, seeded_case

from aseagi.cases.service import analyze
from aseagi.models import AuditEntry, CourtEvent

CASE = {"case": "JV073418"}


async def events(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict]:
    response = await client.get("/events", params=CASE, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict] = response.json()["items"]
    return items


def deadline(items: list[dict], rule_id: str) -> dict:
    return next(e for e in items if e["rule_id"] == rule_id)


async def test_a_corrected_date_moves_the_deadlines_and_survives_reanalysis(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str]
) -> None:
    case = await seeded_case(session)
    case_id = case.id
    await analyze(session, case_id, today=TODAY)
    before = await events(client, write_headers)
    detention = next(e for e in before if e["event_type"] == "detention_hearing")
    assert deadline(before, "wic-334-jurisdiction-detained")["event_date"] == "2025-03-28"

    response = await client.patch(
        f"/events/{detention['id']}", json={"event_date": "2025-03-10"}, headers=write_headers
    )
    assert response.status_code == 200, response.text
    assert (response.json()["id"], response.json()["event_date"]) == (detention["id"], "2025-03-10")
    after = await events(client, write_headers)
    moved = deadline(after, "wic-334-jurisdiction-detained")
    assert moved["event_date"] == "2025-04-01"  # 15 court days; 3/31 is Cesar Chavez Day
    assert moved["trigger_event_id"] == detention["id"]

    await analyze(session, case_id, today=TODAY)
    again = await events(client, write_headers)
    assert next(e for e in again if e["id"] == detention["id"])["event_date"] == "2025-03-10"
    audited = await session.scalars(
        select(AuditEntry.action).where(AuditEntry.resource_id == detention["id"])
    )
    assert "event.update" in set(audited)


async def test_merge_and_split_are_kept_and_audited(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str]
) -> None:
    case = await seeded_case(session)
    await analyze(session, case.id, today=TODAY)
    items = await events(client, write_headers)
    setting, held = sorted(
        (e for e in items if e["event_type"] == "jurisdiction_hearing"), key=lambda e: e["event_date"]
    )
    count = len([e for e in items if e["source"] == "document"])

    split = await client.post(
        f"/events/{held['id']}/split",
        json={"sources": [f"{s['document_id']}:{s['page']}:{s['start']}" for s in held["sources"][:1]]},
        headers=write_headers,
    )
    assert split.status_code == 201, split.text
    new = split.json()
    assert new["mentions"] == 1
    assert new["event_date"] == held["event_date"]
    after_split = await events(client, write_headers)
    assert len([e for e in after_split if e["source"] == "document"]) == count + 1
    rest = next(e for e in after_split if e["id"] == held["id"])
    assert rest["mentions"] == held["mentions"] - 1

    merged = await client.post(f"/events/{new['id']}/merge", json={"into": held["id"]}, headers=write_headers)
    assert merged.status_code == 200, merged.text
    assert merged.json()["mentions"] == held["mentions"]
    after_merge = await events(client, write_headers)
    assert len([e for e in after_merge if e["source"] == "document"]) == count

    bad = await client.post(
        f"/events/{setting['id']}/split", json={"sources": ["nope:1:0"]}, headers=write_headers
    )
    assert bad.status_code == 422
    rows = await session.scalars(
        select(AuditEntry.action).where(AuditEntry.action.in_(["event.split", "event.merge"]))
    )
    assert sorted(rows) == ["event.merge", "event.split"]


async def test_a_manual_event_cannot_be_merged(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str]
) -> None:
    case = await seeded_case(session)
    await analyze(session, case.id, today=TODAY)
    typed = await client.post(
        "/events",
        json={**CASE, "event_date": "2025-06-01", "event_type": "mediation", "title": "Mediation"},
        headers=write_headers,
    )
    target = await session.scalar(select(CourtEvent.id).where(CourtEvent.source == "document"))
    response = await client.post(
        f"/events/{typed.json()['id']}/merge", json={"into": str(target)}, headers=write_headers
    )
    assert response.status_code == 409
    assert "PATCH /events/" in response.text
