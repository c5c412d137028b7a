"""The documents endpoints: filters, pagination, an audited read and a corrected docket number."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.models import AuditEntry


async def test_documents_filters_and_pagination(
    client: httpx.AsyncClient, session: AsyncSession, read_headers: dict[str, str]
) -> None:
    case = await add_case(session)
    other = await add_case(session, "24FL001927")
    for score in (100, 400, 950):
        await add_document(session, case, relevancy_score=score, smoking_gun=score > 900)
    await add_document(session, other, relevancy_score=999)
    await add_document(session, case, status="failed", status_reason="encrypted", relevancy_score=0)

    all_in_case = (
        await client.get("/documents", params={"case": case.docket_number}, headers=read_headers)
    ).json()
    assert all_in_case["count"] == 4
    ranged = await client.get(
        "/documents",
        params={"case": case.docket_number, "min_score": 300, "max_score": 960},
        headers=read_headers,
    )
    assert sorted(d["relevancy_score"] for d in ranged.json()["items"]) == [400, 950]
    guns = await client.get(
        "/documents", params={"smoking_gun": True, "case": str(case.id)}, headers=read_headers
    )
    assert [d["relevancy_score"] for d in guns.json()["items"]] == [950]
    failed = await client.get("/documents", params={"status": "failed"}, headers=read_headers)
    assert failed.json()["items"][0]["status_reason"] == "encrypted"

    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, object] = {"case": case.docket_number, "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/documents", params=params, headers=read_headers)).json()
        seen += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 4

    bad = await client.get("/documents", params={"cursor": "!!!"}, headers=read_headers)
    assert bad.status_code == 400
    invalid = await client.get("/documents", params={"min_score": 5000}, headers=read_headers)
    assert invalid.status_code == 422
    assert invalid.json()["error"]["code"] == "invalid_request"


async def test_document_detail_is_audited(
    client: httpx.AsyncClient, session: AsyncSession, read_headers: dict[str, str]
) -> None:
    case = await add_case(session)
    doc = await add_document(session, case)
    response = await client.get(f"/documents/{doc.id}", headers=read_headers)
    assert response.status_code == 200
    body = response.json()
    assert body["pages"] == ["Page one", "Detention hearing held on March 5, 2024"]
    entries = (await session.scalars(select(AuditEntry).where(AuditEntry.resource_id == str(doc.id)))).all()
    assert [e.action for e in entries] == ["document.read"]
    assert entries[0].actor == "token:test-read"
    assert (await client.get(f"/documents/{uuid.uuid4()}", headers=read_headers)).status_code == 404


async def test_fix_docket_number_needs_write(
    client: httpx.AsyncClient,
    session: AsyncSession,
    read_headers: dict[str, str],
    write_headers: dict[str, str],
) -> None:
    case = await add_case(session)
    doc = await add_document(session, case)
    body = {"docket_number": "j24-00478"}
    assert (await client.patch(f"/documents/{doc.id}", json=body, headers=read_headers)).status_code == 403
    response = await client.patch(f"/documents/{doc.id}", json=body, headers=write_headers)
    assert response.status_code == 200
    assert response.json()["docket_number"] == "J24-00478"


async def test_old_string_indicators_are_shown_as_objects(
    client: httpx.AsyncClient, session: AsyncSession, read_headers: dict[str, str]
) -> None:
    case = await add_case(session)
    await add_document(session, case, fraud_indicators=["date altered"])
    items = (await client.get("/documents", headers=read_headers)).json()["items"]
    assert items[0]["fraud_indicators"] == [{"description": "date altered"}]
