"""The violations endpoints: record, list by severity, review."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case


async def test_violation_review_flow(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str]
) -> None:
    case = await add_case(session)
    payload = {
        "case": case.docket_number,
        "violation_type": "Late jurisdiction hearing",
        "severity": "HIGH",
        "violation_date": "2024-04-01",
        "description": "Jurisdiction hearing held 20 court days after detention",
        "legal_basis": "WIC 334",
    }
    created = await client.post("/violations", json=payload, headers=write_headers)
    assert created.status_code == 201, created.text
    critical = dict(payload, severity="CRITICAL", violation_type="No notice")
    await client.post("/violations", json=critical, headers=write_headers)
    listed = (
        await client.get("/violations", params={"case": case.docket_number}, headers=write_headers)
    ).json()
    assert [v["severity"] for v in listed["items"]] == ["CRITICAL", "HIGH"]
    vid = created.json()["id"]
    verified = await client.patch(
        f"/violations/{vid}", json={"review_status": "verified"}, headers=write_headers
    )
    assert verified.json()["review_status"] == "verified"
    assert verified.json()["reviewed_by"] == "token:test-write"
    wrong = await client.patch(f"/violations/{vid}", json={"review_status": "maybe"}, headers=write_headers)
    assert wrong.status_code == 422
