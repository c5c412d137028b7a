"""The communications endpoints: list a case's messages and search them."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.models import Communication


async def test_communications_listing_and_search(
    client: httpx.AsyncClient, session: AsyncSession, read_headers: dict[str, str]
) -> None:
    case = await add_case(session)
    doc = await add_document(session, case, file_name="texts.xml")
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
