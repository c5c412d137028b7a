"""/telegram/* on a seeded PostgreSQL: the bot's contract keys, the case filter, paging and order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import AuditEntry
from tests.telegram.seed import SeededCase, add_document, seed


@pytest.fixture
async def seeded(session: AsyncSession) -> SeededCase:
    return await seed(session)


async def _get(client: httpx.AsyncClient, headers: dict[str, str], path: str, **params: str | int) -> dict:
    response = await client.get(f"/telegram/{path}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict = response.json()
    return body


async def test_every_endpoint_needs_a_token(client: httpx.AsyncClient) -> None:
    for path in ("search?query=x", "timeline", "violations", "actions", "report", "deadline"):
        assert (await client.get(f"/telegram/{path}")).status_code == 401


async def test_search_finds_documents_and_messages_with_page_and_snippet(
    client: httpx.AsyncClient, read_headers: dict[str, str], seeded: SeededCase
) -> None:
    body = await _get(client, read_headers, "search", query="notified", case=seeded.case.docket_number)
    assert body["count"] == 1
    hit = body["results"][0]
    assert hit["kind"] == "document"
    assert hit["document_id"] == str(seeded.notice_document.id)
    assert hit["page"] == 3
    assert hit["date"] == str(seeded.today - timedelta(days=40))
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "notified"
    assert "\f" not in hit["snippet"]
    assert hit["file_name"] == "detention-report.pdf"
    assert hit["sender"] is None and hit["content"] is None, "message keys are empty on documents"

    everywhere = await _get(client, read_headers, "search", query="mother notice")
    kinds = {r["kind"] for r in everywhere["results"]}
    assert "communication" in kinds
    message = next(r for r in everywhere["results"] if r["kind"] == "communication")
    assert message["document_id"] == str(seeded.notice_document.id)
    assert message["page"] is None
    assert message["title"].startswith("Sms from Sam Worker")
    assert message["file_name"] == "detention-report.pdf", "the message's source document"
    assert message["channel"] == "sms" and message["sender"] == "Sam Worker"
    assert message["recipients"] == []
    assert message["content"] == "Reminder: the hearing notice was never mailed to the mother."
    sent_at = datetime.fromisoformat(message["sent_at"])
    assert abs(sent_at - (datetime.now(UTC) - timedelta(days=3))) < timedelta(minutes=5)
    assert {"subject", "snippet", "highlights", "rank"} <= set(message)


async def test_search_web_syntax_and_hostile_text(
    client: httpx.AsyncClient, read_headers: dict[str, str], seeded: SeededCase
) -> None:
    docket = seeded.case.docket_number
    phrase = await _get(client, read_headers, "search", query='"notified by phone"', case=docket)
    assert phrase["count"] == 1
    wrong_phrase = await _get(client, read_headers, "search", query='"phone by notified"', case=docket)
    assert wrong_phrase["count"] == 0
    excluded = await _get(client, read_headers, "search", query="mother -phone", case=docket)
    assert [r["kind"] for r in excluded["results"]] == ["communication"]
    either = await _get(client, read_headers, "search", query="perjury OR mailed", case=docket)
    assert either["count"] == 2
    for hostile in ("100%_", "' OR 1=1", "'; DROP TABLE legal_documents; --", "\\", "the"):
        body = await _get(client, read_headers, "search", query=hostile)
        assert body["count"] == 0, hostile
    blank = await client.get("/telegram/search", params={"query": "   "}, headers=read_headers)
    assert blank.status_code == 400


async def test_search_pagination_and_rank(
    client: httpx.AsyncClient, session: AsyncSession, read_headers: dict[str, str], seeded: SeededCase
) -> None:
    for n in range(7):
        await add_document(
            session, seeded.other, file_name=f"minute-order-{n}.pdf", text="continuance " * (n + 1)
        )
    first = await _get(client, read_headers, "search", query="continuance", limit=5)
    second = await _get(client, read_headers, "search", query="continuance", limit=5, offset=5)
    assert first["count"] == second["count"] == 7
    assert len(first["results"]) == 5
    assert len(second["results"]) == 2
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == 7
    ranks = [r["rank"] for r in first["results"] + second["results"]]
    assert ranks == sorted(ranks, reverse=True)
    assert first["results"][0]["title"] == "minute-order-6.pdf"


async def test_timeline_window_order_and_case(
    client: httpx.AsyncClient, read_headers: dict[str, str], seeded: SeededCase
) -> None:
    docket = seeded.case.docket_number
    body = await _get(client, read_headers, "timeline", days=30, case=docket)
    titles = [e["title"] for e in body["events"]]
    assert titles == [
        "Detention hearing",
        "Past deadline",
        "Notice of appeal due",
        "Jurisdiction hearing",
        "Six-month review due",
    ]
    assert body["count"] == 5
    assert body["from"] == str(seeded.today - timedelta(days=30))
    assert body["events"][0]["days_from_today"] == -10
    wide = await _get(client, read_headers, "timeline", days=90, case=docket, limit=2, offset=1)
    assert wide["count"] == 6
    assert [e["title"] for e in wide["events"]] == ["Detention hearing", "Past deadline"]
    ranged = await _get(
        client,
        read_headers,
        "timeline",
        case=docket,
        **{"from": str(seeded.today), "to": str(seeded.today + timedelta(days=5))},
    )
    assert [e["title"] for e in ranged["events"]] == ["Notice of appeal due", "Jurisdiction hearing"]
    all_cases = await _get(client, read_headers, "timeline", days=30)
    assert all_cases["count"] == 6
    inverted = await client.get(
        "/telegram/timeline",
        params={"from": str(seeded.today), "to": str(seeded.today - timedelta(days=1))},
        headers=read_headers,
    )
    assert inverted.status_code == 400


async def test_violations_by_severity_then_date(
    client: httpx.AsyncClient, read_headers: dict[str, str], seeded: SeededCase
) -> None:
    body = await _get(client, read_headers, "violations", case=seeded.case.docket_number)
    assert (body["count"], body["critical"]) == (4, 2)
    assert [v["violation_type"] for v in body["violations"]] == [
        "Verified critical",
        "Due Process Violation",
        "ICWA inquiry missing",
        "Late report",
    ]
    due_process = body["violations"][1]
    assert due_process["legal_basis"] == "WIC 290.1"
    assert due_process["document_name"] == "detention-report.pdf"
    everywhere = await _get(client, read_headers, "violations", limit=1, offset=1)
    assert (everywhere["count"], everywhere["critical"], len(everywhere["violations"])) == (5, 3, 1)


async def test_actions_are_prioritized_and_paged(
    client: httpx.AsyncClient, read_headers: dict[str, str], seeded: SeededCase
) -> None:
    docket = seeded.case.docket_number
    body = await _get(client, read_headers, "actions", case=docket)
    assert body["counts"] == {
        "deadline": 1,
        "hearing": 1,
        "smoking_gun": 1,
        "critical_violation": 1,
        "high_violation": 1,
        "failed_document": 1,
    }
    assert [(a["kind"], a["title"], a["source"]) for a in body["actions"]] == [
        ("deadline", "Notice of appeal due", "court_event"),
        ("hearing", "Jurisdiction hearing", "court_event"),
        ("smoking_gun", "declaration.pdf", "legal_document"),
        ("critical_violation", "Due Process Violation", "legal_violation"),
        ("high_violation", body["actions"][4]["title"], "legal_violation"),
        ("failed_document", "scan.pdf", "legal_document"),
    ]
    assert body["actions"][0]["days_left"] == 3
    assert body["actions"][0]["citation"] == "CRC 8.406(a)"
    assert body["actions"][1]["days_left"] == 5
    assert body["actions"][1]["detail"].startswith("Prepare:")
    assert body["actions"][5]["detail"] == "encrypted PDF"
    page = await _get(client, read_headers, "actions", case=docket, limit=2, offset=2)
    assert [a["kind"] for a in page["actions"]] == ["smoking_gun", "critical_violation"]
    everywhere = await _get(client, read_headers, "actions")
    assert everywhere["counts"]["critical_violation"] == 2
    assert everywhere["counts"]["deadline"] == 2
    assert everywhere["actions"][0]["title"] == "Other case deadline"


async def test_report_summarises_in_sql(
    client: httpx.AsyncClient, session: AsyncSession, read_headers: dict[str, str], seeded: SeededCase
) -> None:
    docket = seeded.case.docket_number
    body = await _get(client, read_headers, "report", case=docket)
    assert body["total_documents"] == 5
    assert body["smoking_guns"] == 2
    assert body["violations"] == 4
    assert body["critical_violations"] == 2
    assert body["status"] == "attention"
    assert body["documents_by_status"] == {"done": 3, "failed": 1, "queued": 1}
    assert body["new_documents_since_yesterday"] == 5
    assert body["communications"] == 1
    assert body["next_hearing"]["title"] == "Jurisdiction hearing"
    assert body["next_hearing"]["days_left"] == 5
    assert body["next_deadline"]["title"] == "Notice of appeal due"
    assert body["today"] == str(seeded.today)

    await add_document(session, seeded.case, file_name="late.pdf")
    cached = await _get(client, read_headers, "report", case=docket)
    assert cached["total_documents"] == 5
    fresh = await _get(client, read_headers, "report", case=docket, refresh=True)
    assert fresh["total_documents"] == 6
    everywhere = await _get(client, read_headers, "report", refresh=True)
    assert everywhere["total_documents"] == 7
    assert everywhere["smoking_guns"] == 3


async def test_deadlines_from_today_with_days_left(
    client: httpx.AsyncClient, read_headers: dict[str, str], seeded: SeededCase
) -> None:
    docket = seeded.case.docket_number
    body = await _get(client, read_headers, "deadline", case=docket)
    assert [(d["title"], d["days_left"], d["citation"]) for d in body["deadlines"]] == [
        ("Notice of appeal due", 3, "CRC 8.406(a)"),
        ("Six-month review due", 20, "WIC 366.21(e)"),
    ]
    assert body["deadlines"][0]["rule_id"] == "appeal.notice"
    earlier = await _get(
        client, read_headers, "deadline", case=docket, **{"from": str(seeded.today - timedelta(days=5))}
    )
    assert earlier["count"] == 3
    assert earlier["deadlines"][0]["days_left"] == -2


async def test_unknown_case_is_404(client: httpx.AsyncClient, read_headers: dict[str, str]) -> None:
    response = await client.get("/telegram/violations", params={"case": "J99-99999"}, headers=read_headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_refused_user_is_audited(
    client: httpx.AsyncClient,
    session: AsyncSession,
    read_headers: dict[str, str],
    write_headers: dict[str, str],
) -> None:
    body = {"telegram_user_id": 4242, "username": "stranger", "command": "/report"}
    assert (await client.post("/telegram/audit", json=body, headers=read_headers)).status_code == 403
    assert (await client.post("/telegram/audit", json=body, headers=write_headers)).status_code == 204
    entry = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "telegram.refused"))).one()
    assert entry.resource_id == "4242"
    assert entry.detail["username"] == "stranger"
