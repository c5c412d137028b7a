from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import AuditEntry, Case, Communication, LegalDocument


async def _case(session: AsyncSession, docket: str = "JV-2025-001234") -> Case:
    case = Case(docket_number=docket, name="In re the fictional child")
    session.add(case)
    await session.flush()
    return case


async def _document(session: AsyncSession, case: Case, **values: object) -> LegalDocument:
    defaults: dict[str, object] = {
        "file_name": "minute-order.pdf",
        "sha256": uuid.uuid4().hex * 2,
        "status": "done",
        "text": "Page one\fDetention hearing held on March 5, 2024",
        "relevancy_score": 500,
    }
    row = LegalDocument(case_id=case.id, **(defaults | values))
    session.add(row)
    await session.flush()
    return row


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


async def test_documents_filters_and_pagination(
    client: httpx.AsyncClient, session: AsyncSession, read_headers: dict[str, str]
) -> None:
    case = await _case(session)
    other = await _case(session, "24FL001927")
    for score in (100, 400, 950):
        await _document(session, case, relevancy_score=score, smoking_gun=score > 900)
    await _document(session, other, relevancy_score=999)
    await _document(session, case, status="failed", status_reason="encrypted", relevancy_score=0)

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
    case = await _case(session)
    doc = await _document(session, case)
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
    case = await _case(session)
    doc = await _document(session, case)
    body = {"docket_number": "j24-00478"}
    assert (await client.patch(f"/documents/{doc.id}", json=body, headers=read_headers)).status_code == 403
    response = await client.patch(f"/documents/{doc.id}", json=body, headers=write_headers)
    assert response.status_code == 200
    assert response.json()["docket_number"] == "J24-00478"


async def test_old_string_indicators_are_shown_as_objects(
    client: httpx.AsyncClient, session: AsyncSession, read_headers: dict[str, str]
) -> None:
    case = await _case(session)
    await _document(session, case, fraud_indicators=["date altered"])
    items = (await client.get("/documents", headers=read_headers)).json()["items"]
    assert items[0]["fraud_indicators"] == [{"description": "date altered"}]


async def test_violation_review_flow(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str]
) -> None:
    case = await _case(session)
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


async def test_events_create_move_and_range(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str]
) -> None:
    case = await _case(session)
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


async def test_communications_listing_and_search(
    client: httpx.AsyncClient, session: AsyncSession, read_headers: dict[str, str]
) -> None:
    case = await _case(session)
    doc = await _document(session, case, file_name="texts.xml")
    for i, text in enumerate(
        ["Can I visit my daughter this weekend?", "Running late", "Please confirm visit"]
    ):
        session.add(
            Communication(
                case_id=case.id, document_id=doc.id, position=i, channel="sms", sender="Mother", content=text
            )
        )
    await session.flush()
    page = (
        await client.get("/communications", params={"case": case.docket_number}, headers=read_headers)
    ).json()
    assert page["count"] == 3
    found = (await client.get("/communications", params={"q": "visit"}, headers=read_headers)).json()
    assert found["count"] == 2
    injection = await client.get("/communications", params={"q": "' OR 1=1 --"}, headers=read_headers)
    assert injection.status_code == 200
    assert injection.json()["count"] == 0
