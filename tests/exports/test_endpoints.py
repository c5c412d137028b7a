"""Binders through the API: a job deferred with the request, built by the job, downloaded and audited."""

from __future__ import annotations

import csv
import io
import re
import uuid
import zipfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pypdfium2
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.config import Settings
from aseagi.exports.tasks import run_binder_job
from aseagi.jobs.specs import BUILD_BINDER
from tests.exports import planted
from tests.exports.rows import CASE_FILES, add_demo_case

SECRETS = (planted.FULL_NAME, planted.DOB_TEXT, planted.ADDRESS, "Maya Whitfield")


def assert_private(content: str) -> None:
    flat = re.sub(r"\s+", " ", content)
    for secret in SECRETS:
        assert secret not in flat, secret


@pytest.fixture
async def demo(session: AsyncSession, settings: Settings, demo_folder: Path) -> list[str]:
    _, documents = await add_demo_case(session, demo_folder, settings.blob_url)
    return [str(d.id) for d in documents]


async def test_protected_persons_are_found_and_editable(
    client: httpx.AsyncClient, demo: list[str], read_headers: dict[str, str], write_headers: dict[str, str]
) -> None:
    found = (await client.get("/cases/DEMO/protected-persons", headers=read_headers)).json()
    by_name = {p["full_name"]: p for p in found}
    assert by_name[planted.FULL_NAME]["date_of_birth"] == planted.DOB.isoformat()
    assert by_name[planted.FULL_NAME]["short_name"] == planted.SHORT_NAME
    assert by_name["Maya Whitfield"]["date_of_birth"] == "2022-06-14"
    assert by_name["Dana Whitfield"]["role"] == "relative"
    maya = by_name["Maya Whitfield"]["id"]
    changed = await client.patch(
        f"/cases/DEMO/protected-persons/{maya}", json={"unusual_name": True}, headers=write_headers
    )
    assert changed.json()["short_name"] == "M.W."
    nulled = await client.patch(
        f"/cases/DEMO/protected-persons/{maya}", json={"full_name": None}, headers=write_headers
    )
    assert nulled.status_code == 422
    refused = await client.post(
        "/cases/DEMO/protected-persons", json={"full_name": "X Y"}, headers=read_headers
    )
    assert refused.status_code == 403
    added = await client.post(
        "/cases/DEMO/protected-persons",
        json={"full_name": "Eli Whitfield", "role": "sibling", "case_numbers": ["J24-00478"]},
        headers=write_headers,
    )
    assert added.status_code == 201 and added.json()["short_name"] == "Eli W."


async def test_binder_job_builds_and_downloads_with_audit(
    client: httpx.AsyncClient,
    session: AsyncSession,
    settings: Settings,
    demo: list[str],
    read_headers: dict[str, str],
    write_headers: dict[str, str],
) -> None:
    assert (await client.post("/cases/DEMO/binders", json={}, headers=read_headers)).status_code == 403
    sealed = await client.post("/cases/DEMO/binders", json={"redaction": False}, headers=write_headers)
    assert sealed.status_code == 403 and "admin" in sealed.json()["error"]["message"]
    bad = await client.post("/cases/DEMO/binders", json={"bates_prefix": "../x"}, headers=write_headers)
    assert bad.status_code == 422
    asked = await client.post("/cases/DEMO/binders", json={"bates_prefix": "MOTHER"}, headers=write_headers)
    assert asked.status_code == 202, asked.text
    binder = asked.json()
    assert binder["status"] == "queued"
    task = await session.scalar(
        text("SELECT task_name FROM procrastinate_jobs WHERE args->>'binder_id' = :id"), {"id": binder["id"]}
    )
    assert task == BUILD_BINDER.name

    @asynccontextmanager
    async def same_session() -> AsyncIterator[AsyncSession]:
        yield session
        await session.flush()

    await run_binder_job(same_session, settings, uuid.UUID(binder["id"]))
    done = (await client.get(f"/cases/DEMO/binders/{binder['id']}", headers=read_headers)).json()
    assert done["status"] == "done", done["error"]
    assert done["exhibits"] == len(CASE_FILES)
    part = done["files"][0]
    assert part["name"] == "MOTHER_exhibits.pdf" and part["bates_first"] == "MOTHER000001"
    response = await client.get(
        f"/cases/DEMO/binders/{binder['id']}/files/{part['name']}", headers=read_headers
    )
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(response.content)
    assert len(document) == done["total_pages"] == part["last_page"]
    pages = [page.get_textpage().get_text_range() for page in document]
    document.close()
    assert all(f"MOTHER{n:06d}" in t for n, t in enumerate(pages, 1))
    assert_private("\n".join(pages))
    assert planted.SHORT_NAME in "\n".join(pages)
    audited = await session.scalar(
        text(
            "SELECT count(*) FROM audit_log WHERE action = 'export.binder.download' AND detail->>'file' = :f"
        ),
        {"f": part["name"]},
    )
    assert audited == 1
    for name in ("../../etc/passwd", "..%2F..%2Fsecrets", "other.pdf"):
        missing = await client.get(f"/cases/DEMO/binders/{binder['id']}/files/{name}", headers=read_headers)
        assert missing.status_code == 404

    csv_text = (await client.get("/cases/DEMO/chronology.csv", headers=read_headers)).text
    assert_private(csv_text)
    rows = list(csv.reader(io.StringIO(csv_text.split("\n", 1)[1])))
    event = next(r for r in rows[1:] if "Supplemental" in r[1])
    assert planted.SHORT_NAME in event[1]
    assert event[2] == "held, date approximate"
    assert event[3] == f"{planted.SHORT_NAME}; Karen Ostrander"
    supplemental_exhibit = CASE_FILES.index("2025-03-01_supplemental_report.pdf")
    recorded = await session.scalar(
        text("SELECT result FROM binder_jobs WHERE id = :id"), {"id": binder["id"]}
    )
    exhibit = next(e for e in recorded["exhibits"] if e["document_id"] == demo[supplemental_exhibit])
    assert event[4] == f"Ex. {exhibit['exhibit']} at {exhibit['first_page'] + 1}", "page 2 of the exhibit"


async def test_chronology_docx_and_pdf_are_private(
    client: httpx.AsyncClient, demo: list[str], read_headers: dict[str, str], admin_headers: dict[str, str]
) -> None:
    pdf = await client.get("/cases/DEMO/chronology.pdf", headers=read_headers)
    document = pypdfium2.PdfDocument(pdf.content)
    pdf_text = "\n".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert_private(pdf_text)
    assert planted.SHORT_NAME in pdf_text and "WIC 827" in pdf_text
    docx = await client.get("/cases/DEMO/chronology.docx", headers=read_headers)
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert_private(re.sub(r"<[^>]+>", "", xml))
    assert (
        await client.get("/cases/DEMO/chronology.csv?redaction=false", headers=read_headers)
    ).status_code == 403
    sealed = await client.get("/cases/DEMO/chronology.csv?redaction=false", headers=admin_headers)
    assert planted.FULL_NAME in sealed.text
    assert (await client.get("/cases/DEMO/chronology.xlsx", headers=read_headers)).status_code in (404, 422)


async def test_selection_by_events_violation_or_ids(session: AsyncSession, demo: list[str]) -> None:
    from aseagi.cases.service import resolve
    from aseagi.exports import service
    from aseagi.kit.errors import BadRequest, NotFound
    from aseagi.models import LegalViolation

    case = await resolve(session, "DEMO")
    event_id = await session.scalar(text("SELECT id FROM court_events WHERE case_id = :c"), {"c": case.id})
    by_event = await service.select_documents(session, case, event_ids=[event_id])
    assert [str(s.document_id) for s in by_event] == [
        demo[CASE_FILES.index("2025-03-01_supplemental_report.pdf")]
    ]
    violation = LegalViolation(
        case_id=case.id,
        violation_type="notice",
        description="No notice",
        document_id=uuid.UUID(demo[1]),
        evidence=[{"document_id": demo[0], "page": 1}, {"document_id": "not-an-id"}],
    )
    session.add(violation)
    await session.flush()
    by_violation = await service.select_documents(session, case, violation_id=violation.id)
    assert [str(s.document_id) for s in by_violation] == [demo[1], demo[0]], "date order: police report first"
    chosen = await service.select_documents(
        session, case, document_ids=[uuid.UUID(demo[3]), uuid.UUID(demo[0])]
    )
    assert [str(s.document_id) for s in chosen] == [demo[3], demo[0]], "the order given"
    everything = await service.select_documents(session, case)
    assert len(everything) == len(CASE_FILES)
    with pytest.raises(BadRequest):
        await service.select_documents(session, case, document_ids=[uuid.UUID(demo[0])], event_ids=[event_id])
    with pytest.raises(NotFound):
        await service.select_documents(session, case, violation_id=uuid.uuid4())
    with pytest.raises(NotFound):
        await service.select_documents(session, case, document_ids=[uuid.uuid4()])
