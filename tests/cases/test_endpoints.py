"""The cases endpoints: create, read and update a case by its docket number."""

from __future__ import annotations

import httpx


async def test_case_create_get_update(client: httpx.AsyncClient, write_headers: dict[str, str]) -> None:
    created = await client.post(
        "/cases", json={"docket_number": "jv 2025 000777", "name": "Demo"}, headers=write_headers
    )
    assert created.status_code == 201, created.text
    assert created.json()["docket_number"] == "JV-2025-000777"
    again = await client.post("/cases", json={"docket_number": "JV-2025-000777"}, headers=write_headers)
    assert again.status_code == 409
    fetched = await client.get("/cases/JV-2025-000777", headers=write_headers)
    assert fetched.json()["name"] == "Demo"
    patched = await client.patch(
        "/cases/JV-2025-000777", json={"external_analysis": True}, headers=write_headers
    )
    assert patched.json()["external_analysis"] is True
    missing = await client.get("/cases/NOPE-1", headers=write_headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
