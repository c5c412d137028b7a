from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.config import Settings
from aseagi.jobs import specs


async def test_upload_is_stored_and_queued(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str], settings: Settings
) -> None:
    files = {"file": ("../../etc/passwd", b"Case No. JV-2025-001234\nHearing on May 1, 2025", "text/plain")}
    response = await client.post(
        "/process/document", files=files, data={"case": "JV-2025-001234"}, headers=write_headers
    )
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "queued" and len(body["sha256"]) == 64
    document = (await client.get(f"/documents/{body['document_id']}", headers=write_headers)).json()
    assert document["file_name"] == "passwd", "the client's name is metadata, never a path"
    assert document["status"] == "queued"
    stored = settings.data_dir / "blobs" / body["sha256"][:2] / body["sha256"][2:4] / body["sha256"]
    assert stored.read_bytes().startswith(b"Case No.")
    job = await session.scalar(
        text("SELECT args->>'document_id' FROM procrastinate_jobs WHERE task_name = :task"),
        {"task": specs.INGEST_DOCUMENT.name},
    )
    assert job == body["document_id"]
    again = await client.post(
        "/process/document", files=files, data={"case": "JV-2025-001234"}, headers=write_headers
    )
    assert again.json()["status"] == "duplicate"
    assert again.json()["document_id"] == body["document_id"]


async def test_upload_limits(
    client: httpx.AsyncClient, write_headers: dict[str, str], read_headers: dict[str, str], settings: Settings
) -> None:
    settings.max_upload_bytes = 1000
    big = await client.post(
        "/process/document", files={"file": ("big.pdf", b"x" * 5000)}, headers=write_headers
    )
    assert big.status_code == 413
    assert "ASEAGI_MAX_UPLOAD_BYTES" in big.json()["error"]["message"]
    empty = await client.post("/process/document", files={"file": ("e.txt", b"")}, headers=write_headers)
    assert empty.status_code == 400
    read_only = await client.post("/process/document", files={"file": ("a.txt", b"a")}, headers=read_headers)
    assert read_only.status_code == 403
    missing = await client.post("/process/document", headers=write_headers)
    assert missing.status_code == 422


@pytest.mark.parametrize("path", ["/bulk/process", "/process/bulk"])
async def test_bulk_sources_are_confined(
    client: httpx.AsyncClient, write_headers: dict[str, str], path: str, settings: Settings
) -> None:
    refused = await client.post(path, json={"source": "/etc", "case": "JV-1"}, headers=write_headers)
    assert refused.status_code == 403
    assert "ASEAGI_INGEST_ROOTS" in refused.json()["error"]["message"]
    inbox = settings.allowed_ingest_roots[0]
    (inbox / "case").mkdir(parents=True)
    accepted = await client.post(
        path, json={"source": str(inbox / "case"), "case": "jv 2025 1"}, headers=write_headers
    )
    assert accepted.status_code == 202, accepted.text
    body = accepted.json()
    assert body["status"] == "running" and body["job_id"].startswith("job_")
    status = await client.get(f"/process/status/{body['job_id']}", headers=write_headers)
    assert status.status_code == 200
    assert status.json()["counts"]["discovered"] == 0
    assert (await client.get("/cases/JV-2025-1", headers=write_headers)).status_code == 200
    cancelled = await client.post(f"/process/cancel/{body['job_id']}", headers=write_headers)
    assert cancelled.json()["status"] == "cancelled"
    assert (await client.post(f"/process/cancel/{body['job_id']}", headers=write_headers)).status_code == 409
    assert (await client.get("/process/status/job_nope", headers=write_headers)).status_code == 404
